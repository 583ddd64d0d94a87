// Package a (example.com/genmod/b/a) has a T with another layout and
// String than example.com/genmod/a.T.
package a

// T is a bigger struct than the other a.T.
type T struct {
	S string
	Y int
}

// String for lib.Join.
func (t T) String() string { return "b" + t.S }
