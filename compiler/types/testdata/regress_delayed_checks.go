// Regression: checks that wait for complete types (map keys and embedded
// fields whose type is still being declared), non-constant keys in slice
// literals, nil == nil, and gc 1.19's ban on local types in generic
// functions (issue 47631).
package p

func g[T any]() {
	type U []T
	type V []int
	_ = func() { type W int }
}

type T *struct {
	T
}

type S struct {
	m map[S]bool
}

var x int

var a = []int{x: 1}
var c = map[int]int{x: 1}

func F1() bool {
	return nil == nil
}

