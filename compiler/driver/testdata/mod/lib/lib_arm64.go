package lib

import "unsafe"

var ptrSize = unsafe.Sizeof(uintptr(0))
