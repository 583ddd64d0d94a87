// switch_fallthrough: `fallthrough` after a switch nested in the same
// clause goes to the enclosing switch's next clause (fmt's printValue does
// this for a nil pointer field; rog used to jump to the nested switch's end
// and loop).
package main

func kind(k, depth, p int) {
	switch k {
	case 1:
		println("one")
	case 2:
		if depth == 0 && p != 0 {
			switch a := p; a {
			case 3, 4:
				println("inner", a)
				return
			case 5:
				println("inner five")
				fallthrough
			case 6:
				println("inner six")
			}
		}
		fallthrough
	case 5, 6:
		println("shared", k)
	default:
		println("default")
	}
}

func nestedLast(x int) {
	switch {
	case x > 0:
		switch x {
		case 1:
			println("x is one")
		default:
			println("x > 1")
		}
		fallthrough
	case x == 0:
		switch {
		case x == 0:
			println("x zero")
		}
		fallthrough
	default:
		println("end", x)
	}
}

func main() {
	kind(2, 1, 0)
	kind(2, 0, 3)
	kind(2, 0, 5)
	kind(2, 0, 7)
	kind(5, 0, 0)
	kind(1, 0, 0)
	kind(9, 0, 0)
	nestedLast(1)
	nestedLast(2)
	nestedLast(0)
	nestedLast(-1)
}
