// refl_fmt: fmt's reflection-driven printing under rog, compared with gc:
// %v/%+v/%#v/%T of every kind of value (nested structs, pointers at top
// level and inside structs, nil maps/slices/interfaces/funcs/chans,
// embedded and unexported fields, arrays, complex, unsafe.Pointer) and the
// method hooks fmt finds through reflection (Stringer, error, GoStringer,
// Formatter, pointer-receiver methods seen or not seen through a value).
package main

import (
	"errors"
	"fmt"
	"os"
	"unsafe"
)

type Inner struct {
	N    int
	Tags []string
}

type Base struct{ ID int }

type Outer struct {
	Base
	Name  string
	in    Inner
	P     *Inner
	Q     *int
	M     map[string]int
	S     []int
	I     interface{}
	E     error
	F     func()
	C     chan int
	A     [2]uint8
	Z     complex128
	small int8
}

type Temp float64

func (t Temp) String() string { return fmt.Sprintf("%.1f deg", float64(t)) }

type PtrStringer struct{ v int }

func (p *PtrStringer) String() string { return fmt.Sprintf("PS(%d)", p.v) }

type Code int

func (c Code) Error() string { return fmt.Sprintf("code %d", int(c)) }

type Gost struct{ a, b int }

func (g Gost) GoString() string { return fmt.Sprintf("Gost{%d+%d}", g.a, g.b) }

type Fmter struct{ x int }

func (f Fmter) Format(s fmt.State, verb rune) {
	w, wok := s.Width()
	p, pok := s.Precision()
	fmt.Fprintf(s, "F[%c w=%d/%t p=%d/%t plus=%t sharp=%t x=%d]", verb, w, wok, p, pok, s.Flag('+'), s.Flag('#'), f.x)
}

type Holder struct {
	T  Temp
	PS *PtrStringer
	VS PtrStringer
	C  Code
	G  Gost
}

type List struct {
	V    int
	Next *List
}

type Named map[string][]int

type Kinds struct {
	B   bool
	I8  int8
	I16 int16
	I32 int32
	I64 int64
	U   uint
	U8  uint8
	U16 uint16
	U32 uint32
	U64 uint64
	UP  uintptr
	F32 float32
	F64 float64
	C64 complex64
	Str string
}

func main() {
	x := 5
	o := Outer{Base: Base{7}, Name: "o", in: Inner{1, []string{"a"}}, P: &Inner{2, nil}, Q: &x,
		M: map[string]int{"k": 1}, S: []int{1, 2}, I: 3.5, E: errors.New("bad"), A: [2]uint8{9, 8}, Z: complex(1, 2), small: -3}
	var zero Outer
	for _, v := range []interface{}{o, zero, &zero} {
		s := fmt.Sprintf("%v", v)
		sp := fmt.Sprintf("%+v", v)
		fmt.Println(len(s) > 0, len(sp) > 0)
	}
	// pointers inside are printed as addresses; compare only zero values and
	// fields without pointers
	fmt.Printf("%v\n%+v\n", zero, zero)
	fmt.Printf("%#v\n", Inner{3, []string{"x", "y"}})
	fmt.Printf("%#v\n", Inner{})
	fmt.Printf("%v %+v %#v %T\n", Base{1}, Base{1}, Base{1}, Base{1})
	fmt.Printf("%T %T %T %T %T %T\n", o, &o, o.M, o.S, o.F, o.C)
	fmt.Printf("%T %T %T %T\n", o.I, o.E, nil, struct{ a, b int }{})
	fmt.Printf("%v %+v\n", &Inner{4, []string{"p"}}, &Base{2})
	fmt.Printf("%v|%d|%x\n", []*int(nil), []int(nil), []byte(nil))
	var nm map[string]int
	var ns []string
	var ni interface{}
	var ne error
	var nf func()
	var nc chan int
	var np *Inner
	var nu unsafe.Pointer
	fmt.Printf("%v %v %v %v %v %v %v %v\n", nm, ns, ni, ne, nf == nil, nc, np, nu)
	fmt.Printf("%+v %#v %#v %#v %#v %#v\n", nm, nm, ns, ni, np, ne)
	fmt.Printf("%d %s %q\n", nm, ns, ns)
	fmt.Printf("%v %+v\n", List{1, &List{2, nil}}.Next == nil, List{3, nil})
	fmt.Printf("%v %#v\n", Named{"b": {2}, "a": {1, 1}}, Named{"z": nil})
	fmt.Printf("%v\n%+v\n%#v\n", Kinds{true, -1, -2, -3, -4, 1, 2, 3, 4, 5, 6, 1.5, 2.25, complex(1, -1), "s"},
		Kinds{}, Kinds{B: true, F32: 0.1, Str: "q\"x"})
	fmt.Printf("%v %#v %x %X %08b %o %O\n", [3]int{1, 2, 3}, [2]string{"a", "b"}, [2]int{255, 16}, []uint16{255}, [1]uint8{5}, []int{8}, []int{8})
	fmt.Printf("%v %#v %v\n", [0]int{}, [0]int{}, [][2]int{{1, 2}})
	fmt.Printf("%v %.2f %#v %g\n", complex64(complex(1.5, -2)), complex(3, 4), complex(1, 0), []complex128{complex(0, 1)})
	fmt.Printf("%v %s %d %+v %#v\n", Temp(21.46), Temp(3), Temp(3), []Temp{1, 2}, Temp(4))
	ps := &PtrStringer{9}
	fmt.Printf("%v %v %+v\n", ps, *ps, []*PtrStringer{{1}})
	fmt.Printf("%v %s %d %#v\n", Code(4), Code(5), Code(6), Code(7))
	var err error = Code(8)
	fmt.Printf("%v %q %x\n", err, err, err)
	fmt.Printf("%v %#v %+v\n", Gost{1, 2}, Gost{1, 2}, []Gost{{3, 4}})
	fmt.Printf("%v|%+8.3x|%#d|%s\n", Fmter{1}, Fmter{2}, Fmter{3}, []Fmter{{4}})
	h := Holder{T: 1.25, PS: &PtrStringer{2}, VS: PtrStringer{3}, C: 4, G: Gost{5, 6}}
	fmt.Printf("%v\n%+v\n", h, h)
	fmt.Printf("%v\n", map[Temp]Code{1: 2, 0.5: 3})
	fmt.Printf("%v %v\n", map[int]bool{3: true, 1: false, 2: true}, map[float64]string{2.5: "b", -1: "a"})
	fmt.Printf("%v %v\n", map[[2]int]string{{2, 1}: "x", {1, 2}: "y"}, map[bool]int{true: 1, false: 0})
	fmt.Printf("%v %+v\n", struct {
		a *int
		b []int
		c map[int]int
	}{}, struct{ E error }{Code(1)})
	fmt.Printf("%v %+v %#v\n", struct{ I interface{} }{Base{3}}, struct{ I interface{} }{&x == nil}, struct{ I interface{} }{"s"})
	fmt.Printf("%s %v\n", []interface{}{1, "a", nil, Temp(2)}, []error{Code(1), nil})
	fmt.Printf("%5v|%-5v|%05d|%x|% x|%#x\n", []int{1}, []string{"a"}, []int{-3}, "hi", []byte("hi"), "hi")
	fmt.Printf("%v %d %s\n", &[]int{1}, &[2]int{1, 2}, &map[string]int{"a": 1})
	fmt.Printf("%t %v %p\n", []bool{true}, struct{}{}, nil)
	fmt.Printf("%d %v\n", struct{ A, B int }{1, 2}, &struct{ A *int }{nil})
	fmt.Printf("%!\n")
	fmt.Printf("%d %s\n", "str", 5)
	fmt.Printf("%v %v\n", os.ErrNotExist, fmt.Errorf("wrap: %w", Code(3)))
	fmt.Println(Temp(1), Code(2), Gost{1, 1}, ps, o.Base, o.small, o.A, o.Z, o.S, o.M)
	fmt.Print(Base{1}, "x", 2, 3, "y\n")
	fmt.Println(fmt.Sprint(nil, []int(nil), map[int]int(nil)), fmt.Sprintln(o.in))
}
