// Regression: an interface whose method signature names the interface
// itself, used (u.Kind()) in a method declared before the interface; its
// type set was frozen with no methods while the signature was checked.
package p

type rtype struct{}

func (t *rtype) Kind() int { return 0 }

func (t *rtype) Implements(u Type) bool {
	return u.Kind() != 0
}

type Type interface {
	Kind() int
	Implements(u Type) bool
}
