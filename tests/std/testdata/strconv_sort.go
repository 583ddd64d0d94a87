// strconv, errors, sort, container/heap (and through them
// internal/reflectlite) without fmt: println only.
package main

import (
	"container/heap"
	"errors"
	"sort"
	"strconv"
)

type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

type myErr struct{ code int }

func (e *myErr) Error() string { return "myErr " + strconv.Itoa(e.code) }

type wrapErr struct {
	op  string
	err error
}

func (e *wrapErr) Error() string { return e.op + ": " + e.err.Error() }
func (e *wrapErr) Unwrap() error { return e.err }

type person struct {
	name string
	age  int
}

func main() {
	for _, s := range []string{"0", "-12", "9223372036854775807", "9223372036854775808", "0x1f", "1_000", "abc", ""} {
		v, err := strconv.ParseInt(s, 0, 64)
		msg := "nil"
		if err != nil {
			msg = err.Error()
		}
		println(s, v, msg, errors.Is(err, strconv.ErrRange), errors.Is(err, strconv.ErrSyntax))
	}
	for _, f := range []float64{0, 1, -1.5, 3.141592653589793, 1e21, 1e-7, 6.02214076e23, 1.0 / 3} {
		println(strconv.FormatFloat(f, 'g', -1, 64), strconv.FormatFloat(f, 'e', 5, 64), strconv.FormatFloat(f, 'f', 3, 32))
	}
	for _, s := range []string{"1.5", "-0", "1e400", "0x1p-2", "inf", "NaN", "1.7976931348623157e308", "4.9e-324"} {
		f, err := strconv.ParseFloat(s, 64)
		println(s, strconv.FormatFloat(f, 'g', -1, 64), err == nil)
	}
	println(strconv.Quote("héllo\n\x00\"世"), strconv.QuoteToASCII("héllo世"), strconv.QuoteRune('☺'))
	u, err := strconv.Unquote(`"a\tb\u00e9"`)
	println(u, err == nil, strconv.FormatInt(-255, 16), strconv.FormatUint(1<<63, 2), strconv.AppendBool(nil, true)[0])
	b, _ := strconv.ParseBool("TRUE")
	println(b, strconv.Itoa(-9876543210), strconv.IsPrint('\u00ad'), strconv.CanBackquote("a`b"))

	e1 := &myErr{7}
	wrapped := &wrapErr{op: "open /x", err: e1}
	var target *myErr
	println(errors.As(wrapped, &target), target.code, errors.Unwrap(wrapped) == error(e1), wrapped.Error())
	sentinel := errors.New("sentinel")
	println(errors.Is(sentinel, sentinel), errors.Is(e1, sentinel), sentinel.Error())

	xs := []int{5, 2, 8, -1, 9, 3, 3, 0}
	sort.Ints(xs)
	for _, x := range xs {
		print(x, " ")
	}
	println(sort.SearchInts(xs, 3), sort.IntsAreSorted(xs))
	ss := []string{"pear", "apple", "fig", "banana"}
	sort.Strings(ss)
	println(ss[0], ss[1], ss[2], ss[3])
	people := []person{{"al", 30}, {"bo", 25}, {"cy", 30}, {"di", 20}}
	sort.SliceStable(people, func(i, j int) bool { return people[i].age < people[j].age })
	for _, p := range people {
		print(p.name, ":", p.age, " ")
	}
	println()
	sort.Sort(sort.Reverse(sort.IntSlice(xs)))
	println(xs[0], xs[len(xs)-1], sort.Search(100, func(i int) bool { return i*i >= 50 }))

	h := &intHeap{5, 2, 8}
	heap.Init(h)
	heap.Push(h, 3)
	heap.Push(h, 1)
	for h.Len() > 0 {
		print(heap.Pop(h).(int), " ")
	}
	println()
}
