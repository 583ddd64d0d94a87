package main

// Closures (capture by reference), methods (value/pointer receivers,
// embedding, method values and expressions), interfaces (conversions,
// assertions, type switches), defer/panic/recover, generics.

type Shape interface {
	Area() int
	Name() string
}

type Rect struct{ w, h int }

func (r Rect) Area() int     { return r.w * r.h }
func (r Rect) Name() string  { return "rect" }
func (r *Rect) Scale(k int)  { r.w *= k; r.h *= k }

type Square struct {
	Rect
	tag string
}

func (s Square) Name() string { return "square " + s.tag }

func counter() (func() int, func()) {
	n := 0
	return func() int { n++; return n }, func() { n = 100 }
}

func describe(x interface{}) string {
	switch v := x.(type) {
	case nil:
		return "nil"
	case int:
		return "int"
	case string:
		return "string " + v
	case Shape:
		return "shape " + v.Name()
	default:
		return "other"
	}
}

func safeDiv(a, b int) (q int, err string) {
	defer func() {
		if r := recover(); r != nil {
			err = "recovered"
			q = -1
		}
	}()
	if b == 0 {
		panic("divide by zero")
	}
	return a / b, ""
}

func order() {
	for i := 0; i < 3; i++ {
		defer print(i, " ")
	}
}

type Number interface{ ~int | ~int64 | ~float64 }

func Sum[T Number](xs ...T) T {
	var s T
	for _, x := range xs {
		s += x
	}
	return s
}

type Stack[T any] struct{ items []T }

func (s *Stack[T]) Push(x T) { s.items = append(s.items, x) }
func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	x := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return x, true
}

func Map[T, U any](xs []T, f func(T) U) []U {
	r := make([]U, 0, len(xs))
	for _, x := range xs {
		r = append(r, f(x))
	}
	return r
}

func main() {
	next, reset := counter()
	next()
	next()
	println(next())
	reset()
	println(next())

	r := Rect{2, 3}
	r.Scale(2)
	var s Shape = r
	println(s.Area(), s.Name())
	sq := Square{Rect{1, 1}, "x"}
	sq.Scale(3)
	s = sq
	println(s.Area(), s.Name(), sq.Rect.Name())
	area := r.Area
	r.w = 100
	println(area(), Rect.Area(r), (*Rect).Area(&r))
	if sh, ok := s.(Square); ok {
		println("square", sh.tag)
	}
	_, ok := s.(Rect)
	println(ok)
	println(describe(nil), describe(1), describe("a"), describe(sq), describe(1.5))

	println(safeDiv(7, 2))
	println(safeDiv(1, 0))
	order()
	println()

	println(Sum(1, 2, 3), Sum(1.5, 2.5), Sum[int64]())
	var st Stack[string]
	st.Push("a")
	st.Push("b")
	v, _ := st.Pop()
	println(v, len(st.items))
	ys := Map([]int{1, 2, 3}, func(i int) string { return string(rune('a' + i)) })
	println(ys[0] + ys[1] + ys[2])
}
