// map_gc.go: the gc 1.19 half of the map benchmark (//tests/bench:map).
//
// Built at run time by map_bench.cc with /usr/lib/go-1.19/bin/go and run
// once per repetition. It prints one line per benchmark, "NAME NS_PER_OP",
// for the same operations and sizes as the rog half (map_bench.cc), which
// compares the two.
package main

import (
	"fmt"
	"strconv"
	"syscall"
)

const n = 1024 // entries in the lookup and iteration maps

var sink int64

func keysInt(base int64) []int64 {
	k := make([]int64, n)
	for i := range k {
		k[i] = (int64(i) + base) * 0x9e3779b1
	}
	return k
}

func keysStr(prefix string) []string {
	k := make([]string, n)
	for i := range k {
		k[i] = prefix + strconv.Itoa(i*7919)
	}
	return k
}

// cpuNs is the process CPU time (user + sys, all threads, so GC work
// counts), as the rog half measures.
func cpuNs() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano() + ru.Stime.Nano())
}

// timeit runs f and returns CPU ns per op.
func timeit(ops int, f func()) float64 {
	t := cpuNs()
	f()
	return (cpuNs() - t) / float64(ops)
}

func main() {
	const lookups = 4 << 20
	ki, kmiss := keysInt(0), keysInt(1<<20)
	mi := make(map[int64]int64)
	for i, k := range ki {
		mi[k] = int64(i)
	}
	ks, ksmiss := keysStr("key-"), keysStr("nokey-")
	ms := make(map[string]int64)
	for i, k := range ks {
		ms[k] = int64(i)
	}
	out := func(name string, v float64) { fmt.Printf("%s %.3f\n", name, v) }

	out("lookup_hit_int64", timeit(lookups, func() {
		var s int64
		for i := 0; i < lookups; i++ {
			s += mi[ki[i&(n-1)]]
		}
		sink += s
	}))
	out("lookup_hit_string", timeit(lookups, func() {
		var s int64
		for i := 0; i < lookups; i++ {
			s += ms[ks[i&(n-1)]]
		}
		sink += s
	}))
	out("lookup_miss_int64", timeit(lookups, func() {
		var s int64
		for i := 0; i < lookups; i++ {
			s += mi[kmiss[i&(n-1)]]
		}
		sink += s
	}))
	out("lookup_miss_string", timeit(lookups, func() {
		var s int64
		for i := 0; i < lookups; i++ {
			s += ms[ksmiss[i&(n-1)]]
		}
		sink += s
	}))

	// Struct keys: not plain memory, so both sides call the type's hash
	// and equal functions (gc: generated type..hash; rog: the closure).
	type pair struct {
		s string
		_ int64
		p *int64
		n int32
	}
	targets := make([]int64, 97)
	kp := make([]pair, n)
	mp := make(map[pair]int64)
	for i := range kp {
		kp[i] = pair{s: ks[i%64], p: &targets[i%97], n: int32(i)}
		mp[kp[i]] = int64(i)
	}
	out("lookup_hit_struct", timeit(lookups, func() {
		var s int64
		for i := 0; i < lookups; i++ {
			s += mp[kp[i&(n-1)]]
		}
		sink += s
	}))

	const growN, growMaps = 1 << 16, 16
	out("insert_grow_int64", timeit(growN*growMaps, func() {
		for r := 0; r < growMaps; r++ {
			m := make(map[int64]int64)
			for i := 0; i < growN; i++ {
				m[int64(i)*0x9e3779b1] = int64(i)
			}
			sink += int64(len(m))
		}
	}))

	var del float64
	for r := 0; r < growMaps; r++ {
		m := make(map[int64]int64)
		for i := 0; i < growN; i++ {
			m[int64(i)*0x9e3779b1] = int64(i)
		}
		del += timeit(growN, func() {
			for i := 0; i < growN; i++ {
				delete(m, int64(i)*0x9e3779b1)
			}
		})
		sink += int64(len(m))
	}
	out("delete_int64", del/growMaps)

	const iters = 8192
	out("iterate_1k_int64", timeit(iters, func() {
		var s int64
		for r := 0; r < iters; r++ {
			for k, v := range mi {
				s += k + v
			}
		}
		sink += s
	}))
	if sink == 42 {
		fmt.Println("unlikely")
	}
}
