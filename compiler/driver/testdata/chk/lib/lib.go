// Package lib is imported by the other packages of the checkpkgs test.
package lib

// T has a method and a field other packages use.
type T struct{ N int }

// M returns the field.
func (t T) M() int { return t.N }

// Map is generic: importers instantiate it.
func Map[E, R any](s []E, f func(E) R) []R {
	r := make([]R, 0, len(s))
	for _, x := range s {
		r = append(r, f(x))
	}
	return r
}
