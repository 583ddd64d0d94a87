// Package nobody declares functions without bodies and has no assembly.
package nobody

import _ "unsafe"

// F has no body and no linkname: an error under gc's -complete.
func F()

// G's body is elsewhere.
//
//go:linkname G runtime.g
func G()
