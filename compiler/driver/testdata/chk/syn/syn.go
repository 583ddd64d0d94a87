// Package syn has a syntax error.
package syn

const X = 1

func f() {
	x := 
}
