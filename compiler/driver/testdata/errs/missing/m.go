package missing

import (
	"fmt"
	"nosuchstd/pkg"
	"example.com/errs/nothere"
)
