package v

import "example.com/v/inner"

var V = inner.I
