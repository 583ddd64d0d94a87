// Command report summarizes a deterministic stream of synthetic latencies
// with lib/rollup and prints the summary (println: standard error). Built
// with both toolchains by tests/e2e/examples.sh, which compares the outputs.
package main

import "example.com/rog_examples/lib/rollup"

func main() {
	// A linear congruential generator: the same samples on every run and
	// with every compiler.
	x := uint32(12345)
	samples := make([]int64, 0, 10000)
	for i := 0; i < 10000; i++ {
		x = x*1664525 + 1013904223
		v := int64(x>>20) % 1500
		if i%97 == 0 {
			v *= 3
		}
		samples = append(samples, v)
	}
	s := rollup.Of(samples)
	println("count", s.Count, "min", s.Min, "max", s.Max, "mean", s.Mean)
	println("p50", s.P50, "p90", s.P90, "p99", s.P99)
	for _, b := range []string{"<10", "<100", "<1000", ">=1000"} {
		println("bucket", b, s.Buckets[b])
	}
}
