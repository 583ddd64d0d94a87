// Package impl provides bodies for package lib's declarations.
package impl

import _ "unsafe" // for go:linkname

func scale(x int) int { return 10 * x }

func pair(s string) (string, int, bool) { return s + s, len(s) + 2, true }

//go:linkname negate example.com/linkname/lib.Negate
func negate(x int) int { return -x }
