// Package runes counts letters and digits with the standard library's
// unicode tables: a library with a std dependency for rules_rog's tests.
package runes

import "unicode"

// Classes counts the letters, digits and spaces of s.
func Classes(s string) (letters, digits, spaces int) {
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		case unicode.IsSpace(r):
			spaces++
		}
	}
	return
}
