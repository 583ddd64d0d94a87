// Regression: methods of a type parameter come from its constraint, also
// through a struct field and with the constraint declared later; *P has
// none (crypto/elliptic's nistCurve).
package p

var c = &curve[*pt]{}

type pt struct{}

func (*pt) Bytes() []byte { return nil }

type curve[P point[P]] struct{ p P }

type point[T any] interface {
	Bytes() []byte
}

func (c *curve[P]) f() []byte { return c.p.Bytes() }

func g[P interface{ M() }](p P) { p.M() }

func h[P interface{ M() }](p *P) { p.M() }
