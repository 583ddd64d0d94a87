// Command utf8only imports one std package, unicode/utf8 (for the analysis
// test of the link's inputs).
package main

import "unicode/utf8"

func main() {
	println(utf8.RuneLen('✓'))
}
