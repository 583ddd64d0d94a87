// Package lib declares generics that other packages instantiate: a
// generic type with methods, a generic function calling an unexported
// generic helper, and a package variable of an instantiated std generic
// type (sync/atomic.Pointer of a type of this package).
package lib

import "sync/atomic"

// List is a generic singly linked list.
type List[T any] struct {
	head *node[T]
	n    int
}

type node[T any] struct {
	v    T
	next *node[T]
}

// Push adds v at the front.
func (l *List[T]) Push(v T) {
	l.head = &node[T]{v, l.head}
	l.n++
}

// Len is a value-receiver method of the generic type.
func (l List[T]) Len() int { return l.n }

// Each calls f on every element, front to back.
func (l *List[T]) Each(f func(T)) {
	for p := l.head; p != nil; p = p.next {
		f(p.v)
	}
}

// Map applies f to each element through the unexported generic mapInto.
func Map[T, U any](xs []T, f func(T) U) []U {
	return mapInto(make([]U, 0, len(xs)), xs, f)
}

func mapInto[T, U any](dst []U, xs []T, f func(T) U) []U {
	for _, x := range xs {
		dst = append(dst, f(x))
	}
	counter++
	return dst
}

// counter is unexported state a stenciled body updates from another package.
var counter int

// Calls reports how many times mapInto ran.
func Calls() int { return counter }

// Max of an ordered pair.
func Max[T ~int | ~string](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// File is stored through sync/atomic.Pointer[File].
type File struct{ Name string }

var current atomic.Pointer[File]

// SetCurrent stores a new *File.
func SetCurrent(name string) { current.Store(&File{name}) }

// Current loads it.
func Current() string { return current.Load().Name }

// Stringer is used as a constraint with a method.
type Stringer interface{ String() string }

// Join calls String on each element (a method call through a type parameter).
func Join[T Stringer](xs []T) string {
	s := ""
	for i, x := range xs {
		if i > 0 {
			s += ","
		}
		s += x.String()
	}
	return s
}
