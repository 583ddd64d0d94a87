// Methods of generic type instances seen through interfaces: the type
// descriptor's method table carries the instance's method types (func()
// int for s[int].g1, not func() T), so dynamic assertions to interfaces
// with those methods succeed (typeparam/dictionaryCapture-noinline).
package main

type s[T any] struct{ a T }

func (x s[T]) g0()        {}
func (x s[T]) g1() T      { return x.a }
func (x s[T]) g2() (T, T) { return x.a, x.a }

type p[T any] struct{ v T }

func (x *p[T]) get() T { return x.v }

func main() {
	var y interface{} = s[int]{a: 7}
	y.(interface{ g0() }).g0()
	println(y.(interface{ g1() int }).g1())
	a, b := y.(interface{ g2() (int, int) }).g2()
	println(a, b)
	_, ok := y.(interface{ g1() string })
	println(ok)
	var z interface{} = &p[string]{"x"}
	println(z.(interface{ get() string }).get())
	var w interface{} = s[string]{a: "w"}
	println(w.(interface{ g1() string }).g1())
}
