// Regression: "missing M method" shows a method whose name differs only
// in case (types2's have/want lines), and a variable whose assignment
// failed is not also reported as unused (gc 1.19).
package p

type I interface{ M(int) }

type T2 struct{}

func (*T2) m(int) {}

type T4 struct{}

func (*T4) M(int) {}

func f(i I) {
	i = new(T2)
	var t *T4
	t = i
}

func g() {
	var u int
	u = 1
}
