package runtime

import "unsafe"

// The Error interface identifies a run time error.
type Error interface {
	error

	// RuntimeError is a no-op function but
	// serves to distinguish types that are run time
	// errors from ordinary errors: a type is a
	// run time error if it has a RuntimeError method.
	RuntimeError()
}

// A TypeAssertionError explains a failed type assertion.
type TypeAssertionError struct {
	_interface    unsafe.Pointer // *_type of the interface, or nil
	concrete      unsafe.Pointer // *_type of the dynamic type, or nil for a nil interface
	asserted      unsafe.Pointer // *_type asserted
	missingMethod string         // one method needed by Interface, missing from Concrete
}

func (*TypeAssertionError) RuntimeError() {}

func (e *TypeAssertionError) Error() string {
	return typeAssertMessage(e._interface, e.concrete, e.asserted, e.missingMethod)
}

// An errorString represents a runtime error described by a single string.
type errorString string

func (e errorString) RuntimeError() {}

func (e errorString) Error() string {
	return "runtime error: " + string(e)
}

// A plainError is a runtime error without the "runtime error: " prefix
// (channel misuse, nil map writes, ...), as gc prints them.
type plainError string

func (e plainError) RuntimeError() {}

func (e plainError) Error() string {
	return string(e)
}

// A boundsError is an index or slice expression out of range. code is
// the kind of check (index, slice [:x], [x:y], 3-index forms, slice to
// array pointer conversion); x is the failing value, y the bound.
type boundsError struct {
	x      int64
	y      int
	signed bool
	code   uint8
}

func (e boundsError) RuntimeError() {}

func (e boundsError) Error() string {
	return "runtime error: " + boundsMessage(e.code, e.signed, e.x, e.y)
}

type stringer interface {
	String() string
}

// Implemented in C (runtime/panic/errors.c): gc's message texts.
func boundsMessage(code uint8, signed bool, x int64, y int) string
func typeAssertMessage(iface, concrete, asserted unsafe.Pointer, missing string) string

// The C runtime calls these to panic with runtime.Error values.

func goPanicBounds(code uint8, signed bool, x int64, y int) {
	panic(boundsError{x: x, y: y, signed: signed, code: code})
}

func goPanicError(msg string, plain bool) {
	if plain {
		panic(plainError(msg))
	}
	panic(errorString(msg))
}

func goPanicTypeAssert(iface, concrete, asserted unsafe.Pointer, missing string) {
	panic(&TypeAssertionError{iface, concrete, asserted, missing})
}

// preprintpanic replaces an unrecovered panic value that is an error or a
// Stringer by its text, before the C runtime prints it (gc's
// preprintpanics).
func preprintpanic(v *any) {
	switch x := (*v).(type) {
	case error:
		*v = x.Error()
	case stringer:
		*v = x.String()
	}
}

// printpanicval prints v the way an unrecovered panic shows it (C:
// runtime/panic/report.c).
func printpanicval(v any)
