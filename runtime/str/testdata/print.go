// The prints of runtime/str/str_test.cc (PrintMatchesGc), in the same
// order; print.out is gc 1.19's output (go run print.go 2> print.out).
package main

func main() {
	println(true, false)
	println(0, 1, -1, 9223372036854775807, -9223372036854775808)
	println(uint64(18446744073709551615), uint8(255))
	z := 0.0
	nz := -z
	println(1.5, -2.25, z, nz, 1e100, 1e-100, 3.14159265358979, 123456789.0)
	println(z/z, 1/z, -1/z, 9.9999999, 0.00012345678)
	println(float32(0.1), float32(16777216.0))
	println(complex(1.5, -2), complex(z, nz))
	var p *int
	var s []int
	var e interface{}
	var m map[int]int
	println(p, s, e, m)
	println("héllo", "")
	print("a", 1, "b", 2.5, "\n")
	println(uintptr(0xdeadbeef))
}
