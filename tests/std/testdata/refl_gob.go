// refl_gob: encoding/gob round trips under rog, compared with gc: structs
// with pointers, maps, slices, byte slices, nested and recursive types,
// interface fields with registered types, GobEncoder/BinaryMarshaler
// hooks, a stream of several values and a type mismatch error.
package main

import (
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"strings"
)

type Inner struct {
	A []int
	M map[string]float64
}

type Node struct {
	Val  int
	Next *Node
}

type Rec struct {
	Name  string
	N     int64
	U     uint8
	F     float32
	C     complex128
	P     *Inner
	I     interface{}
	Bytes []byte
	List  *Node
	Arr   [3]string
	skip  int
}

type Stringish string

type Shape interface{ Area() float64 }

type Square struct{ S float64 }

func (s Square) Area() float64 { return s.S * s.S }

type Temp struct{ c float64 }

func (t Temp) MarshalBinary() ([]byte, error) { return []byte(fmt.Sprintf("%.2f", t.c)), nil }

func (t *Temp) UnmarshalBinary(b []byte) error {
	_, err := fmt.Sscanf(string(b), "%f", &t.c)
	return err
}

type Holder struct {
	S Shape
	T Temp
	Q []Shape
}

func main() {
	gob.Register(Stringish(""))
	gob.Register(Square{})
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	in := []Rec{
		{Name: "a", N: -5, U: 200, F: 1.25, C: complex(1, -1), P: &Inner{[]int{1, 2}, map[string]float64{"x": 1.5, "y": -2}},
			I: Stringish("s"), Bytes: []byte("hi"), List: &Node{1, &Node{2, nil}}, Arr: [3]string{"p", "", "q"}, skip: 9},
		{Name: "b", I: 42},
	}
	for _, r := range in {
		if err := enc.Encode(r); err != nil {
			fmt.Println("enc", err)
		}
	}
	fmt.Println(enc.Encode(Holder{S: Square{2}, T: Temp{36.6}, Q: []Shape{Square{1}, Square{3}}}))
	dec := gob.NewDecoder(&buf)
	for i := 0; i < 2; i++ {
		var r Rec
		if err := dec.Decode(&r); err != nil {
			fmt.Println("dec", err)
			break
		}
		fmt.Printf("%s %d %d %v %v %v %v %s %q %d\n", r.Name, r.N, r.U, r.F, r.C, r.P, r.I, r.Bytes, r.Arr, r.skip)
		for n := r.List; n != nil; n = n.Next {
			fmt.Print(n.Val, " ")
		}
		fmt.Println()
	}
	var h Holder
	fmt.Println(dec.Decode(&h), h.S.Area(), h.T.c, len(h.Q), h.Q[1].Area())
	var r Rec
	fmt.Println("end:", dec.Decode(&r))

	var wrong struct{ Name int }
	var b2 bytes.Buffer
	gob.NewEncoder(&b2).Encode(Rec{Name: "x"})
	err := gob.NewDecoder(&b2).Decode(&wrong)
	fmt.Println("mismatch:", err != nil, strings.Contains(fmt.Sprint(err), "type mismatch"))
	var unreg bytes.Buffer
	err = gob.NewEncoder(&unreg).Encode(Rec{I: errors.New("x")})
	fmt.Println("unregistered:", err)
}
