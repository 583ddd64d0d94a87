// Regression: struct literal elements are checked without the field type
// as a hint (an elided `{}` is an error, as in types2), and only uintptr
// converts to and from unsafe.Pointer.
package p

import "unsafe"

type T struct {
	i    int
	next *T
}

var _ = &T{i: 0, next: {}}
var _ = &T{0, {}}

var _ = string(unsafe.Pointer(uintptr(65)))
var _ = int(unsafe.Pointer(uintptr(65)))
var _ = unsafe.Pointer(uintptr(65))
var _ = uintptr(unsafe.Pointer(nil))
