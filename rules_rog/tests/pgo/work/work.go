// Package work is the CPU-bound workload of rules_rog's PGO, LTO and BOLT
// tests and benchmarks. It imports nothing, so both toolchains build it.
// Run's hot path is Fib and Mix; Report runs once (cold). A checked-in Go
// CPU profile (../default.pgo, from gen/) records which is which by
// function name and line, so lines here must not move without
// regenerating it (gen/gen.sh).
package work

// Fib is deliberately recursive and call-heavy.
func Fib(n int) int {
	if n < 2 {
		return n
	}
	return Fib(n-1) + Fib(n-2)
}

// Mix scrambles a slice in place with a multiplicative hash and returns a
// checksum, so the loop cannot be folded away.
func Mix(v []uint32, rounds int) uint32 {
	var sum uint32
	for r := 0; r < rounds; r++ {
		for i := range v {
			x := v[i]*2654435761 + uint32(r)
			x ^= x >> 13
			v[i] = x
			sum += x
		}
	}
	return sum
}

// Report is called once per run: cold code next to the hot loop.
func Report(fib int, mix uint32) int {
	t := fib % 1000003
	for i := 0; i < 8; i++ {
		t = t*31 + int(mix>>uint(i*4)&15)
	}
	return t
}

// Run does n units of work and returns a checksum that does not depend on
// the toolchain or the optimizations.
func Run(n int) int {
	fib := 0
	v := make([]uint32, 1024)
	for i := range v {
		v[i] = uint32(i)
	}
	var mix uint32
	for i := 0; i < n; i++ {
		fib += Fib(18 + i%6)
		mix += Mix(v, 4)
	}
	return Report(fib, mix)
}

// Scale is small enough to inline: with LTO main.main has no call to it
// (tests/e2e/opt.sh checks), without LTO it does (it is in another package).
// New functions go at the end of this file: the profile names lines.
func Scale(x int) int {
	return x*3 + 1
}
