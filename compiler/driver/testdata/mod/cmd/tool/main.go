package main

import (
	"example.com/dep/sub"
	"example.com/m/lib"
)

var _ = lib.X
var _ = sub.Z

func main() {}
