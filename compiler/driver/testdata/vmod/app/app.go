package app

import "example.com/v"

var A = v.V
