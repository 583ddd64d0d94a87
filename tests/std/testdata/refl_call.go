// refl_call: reflect's dynamic calls under rog, compared with gc:
// Value.Call/CallSlice of functions, closures and variadic functions,
// methods (value and pointer receivers, through interfaces), method values
// from Method(i).Interface(), MakeFunc (reflect's Swap example, FuncOf
// types, many integer and float arguments passed on the stack, struct
// results), and typelinks (SliceOf/MapOf/ChanOf/ArrayOf/FuncOf/PtrTo find
// the program's own types).
package main

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

type T struct{ n int }

func (t T) Add(a, b int) int      { return t.n + a + b }
func (t *T) Inc(d int) string     { t.n += d; return fmt.Sprint("n=", t.n) }
func (t T) Name() (string, error) { return "T", nil }

type Adder interface{ Add(int, int) int }

func add(a, b int) int { return a + b }

func div(a, b float64) (float64, bool) {
	if b == 0 {
		return 0, false
	}
	return a / b, true
}

func sum(prefix string, xs ...int) string {
	s := 0
	for _, x := range xs {
		s += x
	}
	return fmt.Sprint(prefix, s)
}

type Big struct {
	A, B, C, D, E int
	S             string
}

func big(b Big, x int8, y uint16, f float32) (Big, int8, float32) {
	b.A += int(x) + int(y)
	b.S += "!"
	return b, x * 2, f * 2
}

func many(a, b, c, d, e, f, g, h int, x, y, z, w, u, v, p, q, r float64, s string, ok bool) string {
	return fmt.Sprint(a+b+c+d+e+f+g+h, x+y+z+w+u+v+p+q+r, s, ok)
}

func small(a int8, b uint8, c int16, d bool, e complex64, f [1]int32, g [0]int) (int8, bool) {
	return a + int8(b) + int8(c), !d && real(e) > 0 && f[0] == 7 && len(g) == 0
}

func f2s(f func(int) string) string { return f(0) }

func fails() error { return errors.New("failed") }

type Op func(int, int) int

func call(f interface{}, args ...interface{}) []interface{} {
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	var out []interface{}
	for _, v := range reflect.ValueOf(f).Call(in) {
		out = append(out, v.Interface())
	}
	return out
}

func main() {
	fmt.Println(call(add, 3, 4), call(div, 1.0, 4.0), call(div, 1.0, 0.0))
	fmt.Println(call(sum, "s", 1, 2, 3), call(sum, "none"))
	fmt.Println(reflect.ValueOf(sum).CallSlice([]reflect.Value{reflect.ValueOf("slice"), reflect.ValueOf([]int{4, 5})})[0])
	k := 10
	clo := func(s string) string { k++; return fmt.Sprint(s, k) }
	fmt.Println(call(clo, "k"), k)
	fmt.Println(call(big, Big{1, 2, 3, 4, 5, "s"}, int8(-3), uint16(7), float32(1.5)))
	fmt.Println(call(many, 1, 2, 3, 4, 5, 6, 7, 8, .5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, "str", true))
	fmt.Println(call(small, int8(-5), uint8(3), int16(1), false, complex64(2+1i), [1]int32{7}, [0]int{}))
	fmt.Println(call(fails), call(Op(add), 20, 22))
	fmt.Println(call(strings.Repeat, "ab", 3), call(strings.Split, "a,b,c", ","))

	t := &T{5}
	fmt.Println(reflect.ValueOf(t).MethodByName("Add").Call([]reflect.Value{reflect.ValueOf(1), reflect.ValueOf(2)})[0].Int())
	fmt.Println(reflect.ValueOf(t).MethodByName("Inc").Call([]reflect.Value{reflect.ValueOf(3)})[0], t.n)
	fmt.Println(reflect.ValueOf(*t).Method(1).Call(nil)[0], reflect.ValueOf(*t).NumMethod())
	var a Adder = T{100}
	fmt.Println(reflect.ValueOf(&a).Elem().Method(0).Call([]reflect.Value{reflect.ValueOf(1), reflect.ValueOf(1)})[0])
	m, _ := reflect.TypeOf(t).MethodByName("Inc")
	fmt.Println(m.Func.Call([]reflect.Value{reflect.ValueOf(t), reflect.ValueOf(10)})[0], m.Type)

	// method values made by reflect, called directly
	f := reflect.ValueOf(t).MethodByName("Add").Interface().(func(int, int) int)
	g := reflect.ValueOf(&a).Elem().Method(0).Interface().(func(int, int) int)
	inc := reflect.ValueOf(t).MethodByName("Inc").Interface().(func(int) string)
	fmt.Println(f(10, 20), g(1, 2), inc(1), t.n)

	// MakeFunc: reflect's Swap example
	swap := func(in []reflect.Value) []reflect.Value { return []reflect.Value{in[1], in[0]} }
	makeSwap := func(fptr interface{}) {
		fn := reflect.ValueOf(fptr).Elem()
		fn.Set(reflect.MakeFunc(fn.Type(), swap))
	}
	var intSwap func(int, int) (int, int)
	makeSwap(&intSwap)
	fmt.Println(intSwap(0, 1))
	var floatSwap func(float64, float64) (float64, float64)
	makeSwap(&floatSwap)
	fmt.Println(floatSwap(2.72, 3.14))
	var strSwap func(string, string) (string, string)
	makeSwap(&strSwap)
	fmt.Println(strSwap("a", "b"))
	var bigSwap func(Big, []int) ([]int, Big)
	makeSwap(&bigSwap)
	fmt.Println(bigSwap(Big{A: 1, S: "x"}, []int{9}))

	// MakeFunc with stack arguments and narrow results
	var manyF func(a, b, c, d, e, f, g, h int, x, y, z, w, u, v, p, q, r float64, s string, ok bool) string
	reflect.ValueOf(&manyF).Elem().Set(reflect.MakeFunc(reflect.TypeOf(manyF), func(in []reflect.Value) []reflect.Value {
		args := make([]interface{}, len(in))
		for i, v := range in {
			args[i] = v.Interface()
		}
		return []reflect.Value{reflect.ValueOf(fmt.Sprint(args...))}
	}))
	fmt.Println(manyF(1, 2, 3, 4, 5, 6, 7, 8, .5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, "str", true))
	var neg func(int8) (int8, bool)
	reflect.ValueOf(&neg).Elem().Set(reflect.MakeFunc(reflect.TypeOf(neg), func(in []reflect.Value) []reflect.Value {
		x := int8(in[0].Int())
		return []reflect.Value{reflect.ValueOf(-x), reflect.ValueOf(x < 0)}
	}))
	n1, b1 := neg(5)
	n2, b2 := neg(-7)
	fmt.Println(n1, b1, n2, b2)

	// FuncOf types and MakeFunc values called through reflect
	ft := reflect.FuncOf([]reflect.Type{reflect.TypeOf(0), reflect.TypeOf([]string{})}, []reflect.Type{reflect.TypeOf("")}, true)
	mf := reflect.MakeFunc(ft, func(in []reflect.Value) []reflect.Value {
		return []reflect.Value{reflect.ValueOf(fmt.Sprint("got ", in[0].Int(), in[1].Interface()))}
	})
	fmt.Println(ft, mf.Call([]reflect.Value{reflect.ValueOf(42), reflect.ValueOf("x"), reflect.ValueOf("y")})[0])
	fmt.Println(reflect.ValueOf(intSwap).Call([]reflect.Value{reflect.ValueOf(5), reflect.ValueOf(6)})[0])

	// typelinks: reflect finds the program's own types
	intT := reflect.TypeOf(0)
	fmt.Println(reflect.SliceOf(intT) == reflect.TypeOf([]int(nil)),
		reflect.MapOf(reflect.TypeOf(""), intT) == reflect.TypeOf(map[string]int(nil)),
		reflect.ChanOf(reflect.BothDir, intT) == reflect.TypeOf(make(chan int)),
		reflect.ArrayOf(3, intT) == reflect.TypeOf([3]int{}),
		reflect.FuncOf([]reflect.Type{intT, intT}, []reflect.Type{intT}, false) == reflect.TypeOf(add),
		reflect.PtrTo(reflect.TypeOf(T{})) == reflect.TypeOf(t),
		reflect.SliceOf(reflect.TypeOf(T{})) == reflect.TypeOf([]T(nil)))
	fmt.Println(reflect.SliceOf(reflect.TypeOf(Big{})), reflect.MapOf(intT, reflect.TypeOf(Big{})))

	// many calls with fresh pointers in arguments and results: under
	// gcstress the frames reflect and rog build must keep them alive
	total := 0
	for i := 0; i < 3000; i++ {
		xs, bg := bigSwap(Big{A: i, S: strings.Repeat("s", i%7)}, []int{i, i + 1})
		r := reflect.ValueOf(strSwap).Call([]reflect.Value{reflect.ValueOf(fmt.Sprint(i)), reflect.ValueOf("w")})
		out := reflect.ValueOf(big).Call([]reflect.Value{reflect.ValueOf(bg), reflect.ValueOf(int8(1)), reflect.ValueOf(uint16(1)), reflect.ValueOf(float32(0))})
		total += xs[1] - xs[0] + len(bg.S) + len(r[1].String()) + out[0].Interface().(Big).A - i + len(f2s(inc))
	}
	fmt.Println("loop total", total, t.n)

	defer func() { fmt.Println("recovered:", recover()) }()
	reflect.ValueOf(func(s string) { panic("inside " + s) }).Call([]reflect.Value{reflect.ValueOf("callee")})
}
