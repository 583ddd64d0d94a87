// Regression (Go 1.19 rules that rog rejected): assignability to and from
// type parameters through their type sets (typeparam/issue48137,
// issue51236), inference that skips parameters not mentioning type
// parameters (equal.go: h(myint(3), myint(3)) with i I), and the core
// type of a type parameter whose constraint is a pointer type, for elided
// composite literals (issue50833). The last two lines are still errors.
package p

type Constraint[T any] interface{ ~func() T }

func Foo[T Constraint[T]]() T {
	var t T
	t = func() T { return t }
	return t
}

type I interface{ []byte }

func explodes(b []byte) {}

func F[T I](t T) { explodes(t) }

type J interface{ foo() }

type C interface {
	comparable
	J
}

type myint int

func (myint) foo() {}

func h[T C](t T, i J) bool { return t == i }

var _ = h(myint(3), myint(3))

type S struct{ f int }

func c[P *S]() []P { return []P{{f: 1}} }

func bad[T ~int | ~string](t T) []byte { return t }

var _ = h(myint(3), 3)
