package p

import "os"

const (
	a = iota * 10
	b
	c byte = 300
)

type T struct {
	next *T
	val  [2]T
}

type R1 R2
type R2 R1

var x = y
var y = x

func f() int {
	for {
	}
}

func g(n int) int {
	if n > 0 {
		return 1
	}
}
