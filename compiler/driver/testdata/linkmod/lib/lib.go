// Package lib is compiled separately and linked into linkmod's main
// (tests/check:compile_link_test).
package lib

// T has a value method main calls across the package boundary.
type T struct{ N int }

// Twice doubles N.
func (t T) Twice() int { return 2 * t.N }

// Greeting is a package-level variable initialized by lib's init.
var Greeting = "hello, " + name()

func name() string { return "rog" }

// Sum adds its arguments.
func Sum(xs ...int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
