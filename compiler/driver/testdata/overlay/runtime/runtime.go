// Package runtime is a stand-in for rog's runtime overlay in load_test and
// checkpkgs_test: it replaces GOROOT's runtime for the loader.
package runtime

import "internal/rogonly"

// GOOS is what errors and internal/reflectlite need from runtime.
const GOOS = "linux"

// Error is the interface internal/reflectlite's users expect.
type Error interface {
	error
	RuntimeError()
}

// KeepAlive has its body in C (rog's runtime), as gc's have theirs in assembly.
func KeepAlive(x any)

// Version returns the overlay's marker.
func Version() string { return rogonly.Name }
