//go:build linux && (amd64 || arm64)
// +build linux
// +build amd64 arm64

// Package pragmas shows the comments the parser keeps.
package pragmas

/*
#include <stdlib.h>
static int twice(int x) { return 2 * x; }
*/
import "C"

import _ "unsafe"

// Doc comment of F.
//
//go:noinline
//go:nosplit
func F() {}

//go:linkname nanotime runtime.nanotime
func nanotime() int64

//export Exported
func Exported() {}

var (
	//go:embed a.txt
	a string
)
//line generated.go:100:1
func G() {}
