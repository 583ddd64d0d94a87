// Command std prints facts about a UTF-8 string and a few numbers using
// standard-library packages (unicode/utf8, unicode/utf16, math,
// container/list here, unicode through the runes library), so its output
// is the same whichever toolchain built it.
package main

import (
	"container/list"
	"math"
	"unicode/utf16"
	"unicode/utf8"

	"example.com/rules_rog/tests/std/runes"
)

func main() {
	s := "héllo, wörld 42 ✓"
	println("bytes", len(s), "runes", utf8.RuneCountInString(s), "valid", utf8.ValidString(s))
	r, size := utf8.DecodeRuneInString(s[1:])
	println("second rune", string(r), "size", size)
	l, d, sp := runes.Classes(s)
	println("letters", l, "digits", d, "spaces", sp)
	println("invalid", utf8.ValidString("\xff"))
	println("utf16 units", len(utf16.Encode([]rune(s+"𝄞"))))
	println("sqrt2", int(math.Sqrt(2)*1e6), "floor", int(math.Floor(-2.5)), "inf", math.IsInf(math.Inf(1), 1))
	q := list.New()
	for i := 1; i <= 3; i++ {
		q.PushFront(i * i)
	}
	for e := q.Front(); e != nil; e = e.Next() {
		print(e.Value.(int), " ")
	}
	println("len", q.Len())
}
