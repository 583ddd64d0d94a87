// String concatenation, comparison, conversions and indexing.
package main

func main() {
	a := "hello"
	b := a + ", " + "world"
	println(b, len(b), b < a, a < b, b[7:], b[1] == 'e')
	bs := []byte(b)
	bs[0] = 'H'
	println(string(bs), b)
	rs := []rune("héllo, 世界")
	println(len(rs), string(rs[7:]), string(rs[1]))
	s := ""
	for i := 0; i < 10; i++ {
		s += string(rune('a' + i))
	}
	println(s, s == "abcdefghij", s != "x")
}
