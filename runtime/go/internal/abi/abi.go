// Package abi is rog's version of Go's internal/abi (an overlay:
// runtime/go/BUILD.bazel).
//
// Go's package describes gc's register-based calling convention
// (ABIInternal: nine integer and fifteen float argument registers on
// amd64) so that reflect can build register and stack images of a call.
// rog's functions follow the platform C convention over flattened parts
// (rog/abi.h [calls]), which reflect cannot describe. With no argument
// registers here, reflect lays every argument and result out in memory in
// gc's ABI0 order (receiver word, arguments each at its own alignment,
// results from a pointer-aligned offset), and rog's runtime
// (runtime/iface/reflectcall.c) converts that frame to and from the C
// convention with the function's type. The API is the one std uses, with
// Go's names; RegArgs and IntArgRegBitmap are empty.
//
// Rejected: keeping Go's amd64 register counts. reflect then splits
// arguments between integer and float register arrays, and the order of
// the parts (which the C convention needs) is lost.
package abi

import "unsafe"

// The argument registers of the ABI: none (see the package comment).
const (
	IntArgRegs            = 0
	FloatArgRegs          = 0
	EffectiveFloatRegSize = 0
)

// RegArgs holds the register arguments and results of a reflect call or a
// MakeFunc/method-value entry: always empty under rog.
type RegArgs struct {
	Ints   [IntArgRegs]uintptr
	Floats [FloatArgRegs]uint64
	Ptrs   [IntArgRegs]unsafe.Pointer

	ReturnIsPtr IntArgRegBitmap
}

// Dump prints the (empty) register image, for reflect's debugging output.
func (r *RegArgs) Dump() {
	print("Ints: none\nFloats: none\nPtrs: none\n")
}

// IntRegArgAddr returns the address of the argSize-byte value in integer
// register reg. There are no registers, so every call is a caller bug.
func (r *RegArgs) IntRegArgAddr(reg int, argSize uintptr) unsafe.Pointer {
	panic("internal/abi: no integer argument registers under rog")
}

// IntArgRegBitmap has one bit per integer argument register: none.
type IntArgRegBitmap [(IntArgRegs + 7) / 8]uint8

// Set marks register i as holding a pointer; there are no registers.
func (b *IntArgRegBitmap) Set(i int) {
	panic("internal/abi: no integer argument registers under rog")
}

// Get reports whether register i holds a pointer: never.
func (b *IntArgRegBitmap) Get(i int) bool {
	return false
}

// FuncPCABI0 returns the entry PC of the function f holds (f must be a
// func value). rog has one ABI, so both variants give the same PC; the
// runtime defines them (runtime/iface/reflect.c).
func FuncPCABI0(f any) uintptr

// FuncPCABIInternal: see FuncPCABI0.
func FuncPCABIInternal(f any) uintptr
