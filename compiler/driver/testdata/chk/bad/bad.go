// Package bad has two type errors.
package bad

import "example.com/chk/lib"

var x int = "s"

func f() {
	var t lib.T
	t.Missing()
}
