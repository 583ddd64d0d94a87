package dep

import "errors"

var Y = errors.New("y")
