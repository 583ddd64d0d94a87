// Nil dereferences through explicit checks are runtime.Error panics that
// recover catches (and that then leave no [signal] line behind); the one
// that is not recovered reports gc's [signal ...] line with the address of
// the field the load would have touched (nil + 0x70 for q.d.e.y below;
// for an array element gc also adds the index, rog reports the array
// field's offset).
package main

type T struct {
	a, b int
	c    [10]int
	d    *T
	e    struct{ x, y int }
}

var p *T

func field() (r interface{}) {
	defer func() { r = recover() }()
	return p.e.y
}

func index() (r interface{}) {
	defer func() { r = recover() }()
	return p.c[3]
}

func store() (r interface{}) {
	defer func() { r = recover() }()
	p.b = 1
	return nil
}

func deref() (r interface{}) {
	defer func() { r = recover() }()
	var q *int
	return *q
}

func main() {
	for _, f := range []func() interface{}{field, index, store, deref} {
		err := f().(error)
		println(err.Error())
	}
	q := &T{}
	println(q.d.e.y)
}
