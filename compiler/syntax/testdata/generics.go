// Type parameters, constraints and instantiation, including the "["
// ambiguities resolved the way gc resolves them.
package generics

type Number interface {
	~int | ~int64 | ~float64
}

type List[T any] struct {
	next *List[T]
	val  T
}

type Pair[K comparable, V any] struct{ k K; v V }

type Arr [N]int
type Ptr[P *C,] struct{}
type Slc[P []E] struct{}

func Map[T, U any](s []T, f func(T) U) []U {
	r := make([]U, 0, len(s))
	for _, v := range s {
		r = append(r, f(v))
	}
	return r
}

func (l *List[T]) Push(v T) { l.next = &List[T]{val: v} }

var _ = Map[int, string]
var _ = Pair[string, int]{}
