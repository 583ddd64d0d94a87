// Deferred closures kept in the frame (a defer outside loops in a function
// without goto, compiler/lower/closure.c defer_env) behave as heap ones:
// captured variables are shared by reference, arguments are evaluated at
// the defer statement, loops and goto loops defer one call per execution,
// recover works from them, and pointers they hold survive collections.
package main

type node struct {
	v    int
	next *node
}

func byRef() (r int) {
	x := 1
	defer func() { r = x * 10 }()
	x = 2
	return 0
}

func args() {
	x := 1
	defer println("arg", x)
	x = 5
	defer func(y int) { println("lit arg", y, x) }(x + 1)
	x = 7
}

func inLoop() {
	for i := 0; i < 3; i++ {
		defer func() { println("loop", i) }()
		j := i
		defer func() { println("loop j", j) }()
	}
}

func gotoLoop() {
	i := 0
again:
	defer func(n int) { println("goto", n) }(i)
	i++
	if i < 3 {
		goto again
	}
}

func recovers() (err interface{}) {
	defer func() { err = recover() }()
	var p *node
	return p.v
}

func garbage(n int) *node {
	var l *node
	for i := 0; i < n; i++ {
		l = &node{i, l}
	}
	return l
}

func holdsPointers() {
	l := &node{42, nil}
	m := map[int]string{1: "one"}
	defer func() { println("held", l.v, m[1]) }()
	for i := 0; i < 50; i++ {
		garbage(1000)
	}
}

func nested() {
	defer func() {
		defer func() { println("inner", recover().(string)) }()
		panic("from deferred")
	}()
	println("nested body")
}

func main() {
	println(byRef())
	args()
	inLoop()
	gotoLoop()
	println(recovers().(error).Error())
	holdsPointers()
	nested()
}
