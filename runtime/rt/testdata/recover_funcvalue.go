// recover() through deferred calls that are not plain function calls:
// func variables, method values, method expressions, interface methods,
// and a deferred function that calls a recovering function (which must
// not recover: recover is not called directly by the deferred function,
// whether the deferred function is named or a func variable).
package main

type T struct{ name string }

func (t T) M() {
	if r := recover(); r != nil {
		println("M recovered", t.name, r.(string))
	} else {
		println("M nothing", t.name)
	}
}

func (t *T) P() {
	println("P recovered", t.name, recover() != nil)
}

func rec() {
	r := recover()
	println("rec", r != nil)
}

func helper() { rec() } // not called directly by the deferred function

func a() {
	f := rec
	defer f()
	panic("a")
}

func b() {
	t := T{"b"}
	g := t.M
	defer g()
	panic("b")
}

func c() {
	t := &T{"c"}
	defer t.P()
	panic("c")
}

func d() {
	t := T{"d"}
	defer T.M(t)
	panic("d")
}

func e() {
	defer func() {
		if r := recover(); r != nil {
			println("outer", r.(string))
		}
	}()
	f := helper
	defer f()
	panic("e")
}

func f2() {
	var fs = []func(){rec}
	defer fs[0]()
	panic("f")
}

func g2() {
	t := &T{"g"}
	h := t.P
	defer h()
	panic("g")
}

type I interface{ M() }

func h2() {
	var i I = T{"h"}
	defer i.M()
	panic("h")
}

func i2() {
	var i I = T{"i"}
	m := i.M
	defer m()
	panic("i")
}

var gf = helper

func j() {
	defer func() {
		if r := recover(); r != nil {
			println("outer", r.(string))
		}
	}()
	defer helper()
	panic("j")
}

func k() {
	defer func() {
		if r := recover(); r != nil {
			println("outer", r.(string))
		}
	}()
	defer gf()
	panic("k")
}

func main() {
	j()
	k()
	a()
	b()
	c()
	d()
	e()
	f2()
	g2()
	h2()
	i2()
}
