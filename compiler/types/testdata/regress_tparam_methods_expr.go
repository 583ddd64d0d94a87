// Regression: method expressions on type parameters (T.M, with M from T's
// constraint) and type assertions to a type parameter are valid in Go 1.19
// (typeparam/interfacearg, mdempsky/13, issue51700, issue52228 were
// rejected); assertions to a type parameter are never statically
// impossible.
package p

type Mer interface{ M() }

func F[T Mer](t T) {
	T.M(t)
	f := T.M
	f(t)
}

func G[B any](b B) {
	if b1, ok := any(b).(interface{ m1() }); ok {
		_ = b1.(B)
	}
	var i interface{ m2() }
	switch i.(type) {
	case B:
	}
}

func H[T Mer]() {
	_ = T.N
}
