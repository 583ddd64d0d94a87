package b

import "example.com/errs/a"
