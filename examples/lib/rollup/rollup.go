// Package rollup summarizes latency samples (count, min, max, mean,
// percentiles) with no standard-library imports, so it builds with both
// the rog and gc toolchains today (rog does not compile std packages yet).
package rollup

// Summary of a set of samples, in the samples' unit.
type Summary struct {
	Count          int
	Min, Max, Mean int64
	P50, P90, P99  int64
	Buckets        map[string]int
}

// Of computes the summary of samples (which it sorts in place).
func Of(samples []int64) Summary {
	s := Summary{Count: len(samples), Buckets: map[string]int{}}
	if len(samples) == 0 {
		return s
	}
	sortInts(samples)
	var sum int64
	for _, v := range samples {
		sum += v
		s.Buckets[bucket(v)]++
	}
	s.Min, s.Max = samples[0], samples[len(samples)-1]
	s.Mean = sum / int64(len(samples))
	s.P50 = percentile(samples, 50)
	s.P90 = percentile(samples, 90)
	s.P99 = percentile(samples, 99)
	return s
}

func percentile(sorted []int64, p int) int64 {
	i := (len(sorted)*p + 99) / 100
	if i > 0 {
		i--
	}
	return sorted[i]
}

func bucket(v int64) string {
	switch {
	case v < 10:
		return "<10"
	case v < 100:
		return "<100"
	case v < 1000:
		return "<1000"
	}
	return ">=1000"
}

// sortInts is a heap sort: no dependency on package sort.
func sortInts(a []int64) {
	n := len(a)
	for i := n/2 - 1; i >= 0; i-- {
		sift(a, i, n)
	}
	for end := n - 1; end > 0; end-- {
		a[0], a[end] = a[end], a[0]
		sift(a, 0, end)
	}
}

func sift(a []int64, root, n int) {
	for {
		child := 2*root + 1
		if child >= n {
			return
		}
		if child+1 < n && a[child+1] > a[child] {
			child++
		}
		if a[root] >= a[child] {
			return
		}
		a[root], a[child] = a[child], a[root]
		root = child
	}
}
