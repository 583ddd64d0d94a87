// promoted_ptr_method: a pointer-receiver method promoted from an
// embedded struct, called through an interface (the itab wrapper), a
// method value and directly, must see the embedded field itself: its
// stores are visible through the outer value (encoding/gob's
// (*CommonType).setId). Also through two levels of embedding and an
// embedded pointer.
package main

type typeId int32

type Common struct {
	Name string
	Id   typeId
}

func (t *Common) id() typeId      { return t.Id }
func (t *Common) setId(id typeId) { t.Id = id }

type setter interface {
	id() typeId
	setId(id typeId)
}

type Struct struct {
	Common
	Field []int
}

type Outer struct {
	pad int
	Struct
}

type ViaPtr struct {
	*Common
	n int
}

func main() {
	s := &Struct{Common{Name: "x"}, nil}
	var g setter = s
	g.setId(5)
	println(g.id(), s.id(), s.Id)
	set := s.setId
	set(6)
	println(s.Id, g.id())
	s.setId(7)
	println(g.id(), s.Id)

	o := &Outer{pad: 1}
	g = o
	g.setId(8)
	println(o.Id, o.Struct.Common.Id, g.id())
	f := o.setId
	f(9)
	println(o.Id, o.pad)

	c := &Common{}
	v := ViaPtr{Common: c}
	g = v
	g.setId(10)
	println(c.Id, v.id())
	g = &v
	g.setId(11)
	println(c.Id, g.id())
}
