// Package lib declares functions without bodies that package impl
// implements, through //go:linkname on either side.
package lib

import (
	_ "unsafe" // for go:linkname

	_ "example.com/linkname/impl"
)

// scale is impl.scale (a linkname on the bodyless declaration).
//
//go:linkname scale example.com/linkname/impl.scale
func scale(x int) int

// pair has a multi-word result (an sret or pair return must pass through).
//
//go:linkname pair example.com/linkname/impl.pair
func pair(s string) (string, int, bool)

// Scaled calls scale from this package.
func Scaled(x int) int { return scale(x) + 1 }

// Scale is exported so main calls the linknamed function across packages.
func Scale(x int) int { return scale(x) }

// Pair forwards pair's three results.
func Pair(s string) string {
	a, n, ok := pair(s)
	if !ok {
		return "?"
	}
	return a + string(rune('0'+n))
}

// Negate is defined by impl's negate (a linkname on a function with a
// body); the empty .s file lets gc accept the missing body.
func Negate(x int) int
