// Package usesyn imports a package with a syntax error.
package usesyn

import "example.com/chk/syn"

// Y uses syn's constant.
const Y = syn.X
