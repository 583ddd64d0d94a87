// Expected values for runtime/str/str_test.cc (SlicesMatchGc): append
// growth, []byte/[]rune capacities and range-over-string decoding, printed
// by gc 1.19 (go run slices.go > slices.out). The test computes the same
// lines with rog's runtime and compares.
package main

type three [3]byte

func main() {
	var a []int64
	for i := 0; i < 2000; i++ {
		c := cap(a)
		a = append(a, 1)
		if cap(a) != c {
			print(cap(a), " ")
		}
	}
	println()
	var b []byte
	for i := 0; i < 5000; i++ {
		c := cap(b)
		b = append(b, 1)
		if cap(b) != c {
			print(cap(b), " ")
		}
	}
	println()
	var t []three
	for i := 0; i < 3000; i++ {
		c := cap(t)
		t = append(t, three{})
		if cap(t) != c {
			print(cap(t), " ")
		}
	}
	println()
	// append of many at once
	x := append([]int64{1, 2, 3}, make([]int64, 10)...)
	y := append(make([]byte, 5, 5), make([]byte, 300)...)
	println(cap(x), cap(y))
	for _, n := range []int{0, 1, 5, 8, 9, 31, 32, 33, 100, 1000, 40000} {
		s := string(make([]byte, n))
		bs := []byte(s)
		print(cap(bs), " ")
	}
	println()
	for _, s := range []string{"", "abc", "héllo, 世界", "\xff", "a\xc0\x80b", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\xf0\x9f\x98\x80x", "\xc2"} {
		for i, r := range s {
			print(i, ":", r, " ")
		}
		rs := []rune(s)
		println("|", len(rs), string(rs) == s)
	}
	for _, v := range []int64{65, -1, 0xD800, 0x10FFFF, 0x110000, 0x7fffffff + 1, 233} {
		s := string(rune(v))
		if int64(rune(v)) != v {
			s = "\uFFFD"
		}
		print(len(s), " ", s, " ")
	}
	println()
}
