// Regression: methods from several embedded interfaces must agree
// ("duplicate method"), and interfaces with embeddings are identical to
// the interface of their whole method set (test/fixedbugs/issue6977.go).
package p

type I interface {
	f()
	String() string
}
type J interface {
	g()
	String() string
}

type IJ1 = interface {
	I
	J
}
type IJ2 = interface {
	f()
	g()
	String() string
}

var _ = (*IJ1)(nil) == (*IJ2)(nil)

type M32 interface{ m() int32 }
type M64 interface{ m() int64 }

type U7 interface {
	M32
	m()
}
type U9 interface {
	M32
	M64
}
