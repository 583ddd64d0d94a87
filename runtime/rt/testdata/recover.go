// recover in deferred functions: runtime errors, nil dereferences, values,
// re-panics, recover outside panics, results set by deferred calls.
package main

type E struct{ s string }

func (e E) Error() string { return "E(" + e.s + ")" }

func div(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = r.(error)
		}
	}()
	return a / b, nil
}

func nilDeref() (ok bool) {
	defer func() {
		ok = recover() != nil
	}()
	var p *int
	return *p == 0
}

func value() (v interface{}) {
	defer func() {
		v = recover()
	}()
	panic(E{"x"})
}

func nested() (s string) {
	defer func() {
		s = recover().(string)
	}()
	defer func() {
		recover()
		panic("second")
	}()
	panic("first")
}

func notPanicking() bool {
	return recover() == nil
}

func main() {
	q, err := div(7, 0)
	println(q, err.Error())
	q, err = div(7, 2)
	println(q, err == nil)
	println(nilDeref())
	println(value().(E).Error())
	println(nested())
	println(notPanicking())
	defer func() {
		println("main recovered:", recover().(string))
	}()
	panic("last")
}
