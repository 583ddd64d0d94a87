// MaxArray from the ROG talk: compiled by rog at -O2 its loop must be
// vectorized with packed max instructions (compiler/maxarray_test.sh checks
// the assembly), and it must still behave exactly as Go says: y[i] > c is
// false when either side is NaN or when comparing zeros of either sign, x
// and y may overlap, and a short y panics at the first missing index after
// the earlier elements were updated. maxarray.out is gc 1.19's output.
package main

import "unsafe"

//go:noinline
func MaxArray(x, y []float64) {
	for i, c := range x {
		if y[i] > c {
			x[i] = y[i]
		}
	}
}

func bits(f float64) uint64 { return *(*uint64)(unsafe.Pointer(&f)) }

func show(name string, x []float64) {
	print(name, ":")
	for _, v := range x {
		print(" ", bits(v))
	}
	println()
}

func float(b uint64) float64 { return *(*float64)(unsafe.Pointer(&b)) }

func main() {
	nan := float(0x7ff8000000000001)
	negnan := float(0xfff8000000000002)
	inf := float(0x7ff0000000000000)
	negz := float(1 << 63)
	// 19 elements: the vector body, and a scalar tail.
	x := []float64{1, nan, 3, negnan, negz, 0, inf, -inf, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
	y := []float64{2, 4, nan, nan, 0, negz, 1, nan, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14, 99}
	MaxArray(x, y)
	show("mixed", x)

	// Long enough for many vector iterations; every other element changes.
	long := make([]float64, 1000)
	other := make([]float64, 1001)
	for i := range long {
		long[i] = float64(i)
		other[i] = float64(i ^ 1)
	}
	MaxArray(long, other)
	sum := 0.0
	for _, v := range long {
		sum += v
	}
	println("long", sum, long[0], long[1], long[998], long[999])

	// Overlap: x is y shifted by one, so each store feeds the next compare.
	buf := []float64{1, 5, 2, 8, 3, 9, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	MaxArray(buf[1:], buf)
	show("overlap", buf)

	// y shorter than x: index out of range after the first 6 updates.
	short := []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	defer func() {
		println("recovered:", recover().(error).Error())
		show("short", short)
	}()
	MaxArray(short, []float64{1, 2, 3, 4, 5, 6})
}
