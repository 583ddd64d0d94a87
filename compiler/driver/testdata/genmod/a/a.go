// Package a has a type T; so does package b/a (also named a): instances of
// lib.List over each must be two functions.
package a

// T is a small struct.
type T struct{ X int }

// String for lib.Join.
func (t T) String() string { return "a" + string(rune('0'+t.X)) }
