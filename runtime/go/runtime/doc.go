// Package runtime is rog's own version of Go's runtime package: the Go
// face of rog's C runtime (runtime/ in the rog repository).
//
// Every program rog builds contains it. It holds the error types the
// runtime panics with (error.go), the hooks the C runtime calls to build
// and print panic values, and the public API Go programs use (extern.go,
// mem.go). Functions declared here without a body are implemented in C
// under their Go symbol names (runtime/rt/api.c, runtime/panic), following
// the calling convention of rog/abi.h [calls].
//
// Keep this package small and simple: it is compiled by rog's young back
// end for every program, so it avoids generics and anything fancy.
package runtime
