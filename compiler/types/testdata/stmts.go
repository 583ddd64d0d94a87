package p

import "fmt"

type I interface{ M() }
type V struct{}

func (*V) M() {}

func f(x interface{}) {
	var i I = V{}
	_ = i
	switch y := x.(type) {
	case int, string:
	}
	for i := range 10 {
		_ = i
	}
L:
	for {
		break M
	}
	a, b := 1
	fmt.Println()
	goto L
	return 1
}
