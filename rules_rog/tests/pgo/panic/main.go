// Panics three calls deep after some work: the traceback of an optimized
// or BOLTed binary must still name these functions and lines.
package main

import "example.com/rules_rog/tests/pgo/work"

//go:noinline
func nested(depth int) int {
	if depth == 0 {
		panic("pgo test panic")
	}
	return nested(depth-1) + 1
}

func main() {
	println("checksum", work.Run(3))
	println(nested(2))
}
