package bad

import (
	"fmt"
	foo bar
)
