package main

// Integer semantics: wrapping, shifts by >= the width, division by -1,
// conversions, strings, slices, arrays, structs.

type point struct {
	x, y int
	name string
}

func div(a, b int64) (int64, int64) { return a / b, a % b }

func shl(x uint8, s uint) uint8 { return x << s }

func sar(x int32, s uint) int32 { return x >> s }

func main() {
	var m int64 = -1 << 63
	q, r := div(m, -1)
	println(q, r)
	var b uint8 = 200
	b += 100
	println(b, shl(1, 7), shl(1, 8), sar(-8, 2), sar(-8, 40))
	f := 2.75
	println(int(f), int8(int(f)*100), uint16(b)+65535)
	s := "héllo, " + "world"
	n := 0
	for i, c := range s {
		n += i + int(c)
	}
	println(len(s), s[1], s[2:5], n)
	bs := []byte(s)
	bs[0] = 'H'
	println(string(bs[:5]), string(rune(0x263a)), []rune(s)[1])
	a := [4]int{1, 2, 3}
	sl := a[1:3:4]
	sl = append(sl, 9)
	println(len(sl), cap(sl), a[3], sl[2])
	sl = append(sl, 10, 11)
	sl[0] = 100
	println(a[1], sl[0], len(sl))
	p := point{1, 2, "p"}
	q2 := p
	q2.name = "q"
	println(p == q2, p == point{1, 2, "p"}, q2.name)
	pp := &p
	pp.x++
	println(p.x, (*pp).y)
	c := complex(1, 2)
	c = c * c / (1 + 1i)
	println(c, real(c), imag(c))
	var arr [3]string
	copy(arr[:], []string{"a", "b", "c", "d"})
	println(arr[0] + arr[1] + arr[2])
	x := 10
	switch {
	case x > 5 && x < 20:
		println("mid")
		fallthrough
	case x > 100:
		println("fell")
	default:
		println("no")
	}
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			print(i, j, " ")
		}
	}
	println()
}
