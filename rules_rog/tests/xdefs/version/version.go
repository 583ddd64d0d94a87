// Package version holds link-time settable strings (x_defs): one
// initialized to a constant, one uninitialized, one computed at init (which
// -X cannot change, as with gc).
package version

// Version is set by x_defs; "dev" otherwise.
var Version = "dev"

// Commit is set by x_defs; empty otherwise.
var Commit string

// Derived is computed at init from Version: an x_def for it is overwritten.
var Derived = "v" + Version
