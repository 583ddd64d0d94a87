// Regression: a constant that is the untyped left operand of a
// non-constant shift takes its type from the context (the checker records
// it as a value, not a constant). math.Round's `const half`, local and
// package-level, and through parentheses.
package main

const top = 1 << 40

func round(bits uint64, e uint) uint64 {
	const half = 1 << 51
	bits += half >> e
	bits &^= (top - 1) >> e
	return bits
}

func main() {
	println(round(1, 3), round(12345, 40))
	var s uint = 2
	var i8 int8 = 1 << s
	x := uint32(top>>30) << s
	println(i8, x, int64(top)>>s)
}
