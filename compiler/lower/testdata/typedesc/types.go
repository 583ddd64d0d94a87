// Probe types for compiler/lower's typedesc_test. The test compiles the type
// descriptors of every element type of `probes` (a pointer to an interface
// also probes the interface) and of the itabs of the `itab*` variables with
// rog, and dumps them in the format dump_gc.go dumps gc's own descriptors
// in; types.out is that dump from gc 1.19 (see dump_gc.go for how to
// regenerate it). Keep this file free of imports.

package main

type Empty struct{}

type Small struct {
	A int8
	b int16
}

type Mixed struct {
	I  int64
	f  float64
	S  string
	_  int32
	E  any
	P  *int
	B  bool
	C  complex64
	Er error
}

type Tagged struct {
	Name string `json:"name,omitempty"`
	age  int    "plain"
}

type Node struct {
	Val  int
	Next *Node
	Kids []*Node
}

type Embeds struct {
	Small
	*Node
	Stringer
	x uint8
}

type Stringer interface {
	String() string
}

type ReadWriter interface {
	Read(p []byte) (n int, err error)
	Write(p []byte) (n int, err error)
	close() error
}

type Counter int

func (c Counter) String() string { return "counter" }
func (c *Counter) Inc()          { *c++ }
func (c Counter) get() int       { return int(c) }

type File struct{ fd int }

func (f *File) Read(p []byte) (int, error)  { return 0, nil }
func (f *File) Write(p []byte) (int, error) { return len(p), nil }
func (f *File) close() error                { return nil }
func (f File) String() string               { return "file" }

type PtrShaped *int
type Fn func(int, ...string) (bool, error)
type M map[string][]int
type BigElem map[int64][200]byte
type FloatKey map[float64]int
type IfaceKey map[any]bool
type StructKey map[Small]string
type Ch chan<- int
type Arr [3]string
type Arr1 [1]*int
type Wrap struct{ p *int }
type Padded struct {
	a byte
	b int64
	c byte
}
type FloatPair struct{ X, Y float32 }
type OneFloat struct{ F float64 }
type Blank struct {
	A int32
	_ int32
}
type Grid [4][4]float64
type Matrix [16]Mixed

type Pair[K comparable, V any] struct {
	Key K
	val V
}

type List[T any] []T

var probes = []any{
	true, int(0), int8(0), uint16(0), uint32(0), uintptr(0), float32(0), complex128(0), "",
	[]int(nil), [5]uint8{}, (*int)(nil), map[string]int(nil), (chan int)(nil), (<-chan string)(nil),
	(func(int) string)(nil), (func(...any))(nil), struct{}{}, struct {
		a int
		B string
	}{},
	Empty{}, Small{}, Mixed{}, Tagged{}, Node{}, (*Node)(nil), Embeds{}, (*Embeds)(nil),
	(*Stringer)(nil), (*ReadWriter)(nil), (*any)(nil), (*error)(nil), (*interface{ m() })(nil),
	Counter(0), (*Counter)(nil), File{}, (*File)(nil), PtrShaped(nil), Fn(nil), M(nil), BigElem(nil),
	FloatKey(nil), IfaceKey(nil), StructKey(nil), Ch(nil), Arr{}, Arr1{}, Wrap{}, Padded{}, FloatPair{},
	OneFloat{}, Blank{}, Grid{}, Matrix{}, [0]func(){}, map[[2]string]*Node(nil),
	Pair[string, *Node]{}, List[Small](nil), (*Pair[int, List[int]])(nil),
}

var itabCounter Stringer = Counter(0)
var itabFile Stringer = File{}
var itabPFile ReadWriter = &File{}
var itabPCounter Stringer = new(Counter)
var itabEmbeds Stringer = Embeds{}
