// Command std prints facts about a UTF-8 string using standard-library
// packages (unicode/utf8 here, unicode through the runes library), so its
// output is the same whichever toolchain built it.
package main

import (
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
}
