// unicode, unicode/utf8, unicode/utf16, math/bits, container/list and
// container/ring without fmt (println only).
package main

import (
	"container/list"
	"container/ring"
	"math/bits"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

func main() {
	s := "héllo, 世界! ΣΑΣ \xff"
	for i, r := range s {
		println(i, r, unicode.IsLetter(r), unicode.IsUpper(r), unicode.ToUpper(r), unicode.ToLower(r), unicode.In(r, unicode.Han, unicode.Greek), utf8.RuneLen(r))
	}
	println(utf8.RuneCountInString(s), utf8.ValidString(s), utf8.ValidString(s[:len(s)-1]))
	buf := make([]byte, 0, 16)
	buf = utf8.AppendRune(buf, 0x1F600)
	r, n := utf8.DecodeRune(buf)
	println(len(buf), r, n, utf8.FullRune(buf[:2]))
	r, n = utf8.DecodeLastRuneInString("ab世")
	println(r, n)
	u := utf16.Encode([]rune("a😀b"))
	for _, c := range u {
		print(c, " ")
	}
	println(string(utf16.Decode(u)), utf16.IsSurrogate(rune(u[1])))
	println(unicode.SimpleFold('k'), unicode.SimpleFold('K'), unicode.IsSpace('\u00a0'), unicode.IsPunct('!'), unicode.IsDigit('٣'))

	for _, x := range []uint64{0, 1, 0x80, 0xdeadbeef, 1 << 63, ^uint64(0)} {
		println(bits.LeadingZeros64(x), bits.TrailingZeros64(x), bits.OnesCount64(x), bits.Len64(x), bits.Reverse64(x), bits.ReverseBytes64(x), bits.RotateLeft64(x, 13))
	}
	hi, lo := bits.Mul64(0xdeadbeefcafe, 0x123456789)
	q, rem := bits.Div64(hi, lo, 0xfffffffff)
	sum, carry := bits.Add64(^uint64(0), 2, 1)
	diff, borrow := bits.Sub64(1, 2, 0)
	println(hi, lo, q, rem, sum, carry, diff, borrow, bits.OnesCount8(0xf0), bits.Len32(1000), bits.UintSize)

	l := list.New()
	for i := 0; i < 5; i++ {
		l.PushBack(i)
	}
	l.PushFront(-1)
	l.MoveToBack(l.Front())
	l.Remove(l.Front().Next())
	for e := l.Front(); e != nil; e = e.Next() {
		print(e.Value.(int), " ")
	}
	println(l.Len())

	rg := ring.New(4)
	for i := 0; i < rg.Len(); i++ {
		rg.Value = i * i
		rg = rg.Next()
	}
	total := 0
	rg.Do(func(v any) { total += v.(int) })
	rg.Unlink(1)
	println(total, rg.Len(), rg.Move(2).Value.(int))
}
