package p

type Number interface {
	~int | ~int64 | ~float64
}

func Sum[T Number](xs []T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

type List[T any] struct {
	head *node[T]
}

type node[T any] struct {
	val  T
	next *node[T]
}

func (l *List[T]) Push(v T) { l.head = &node[T]{v, l.head} }

func use() {
	_ = Sum([]int{1, 2})
	_ = Sum([]string{"a"})
	var l List[int]
	l.Push(1)
	l.Push("x")
	_ = Sum[int, int]
}
