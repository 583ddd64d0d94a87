package main

type Point struct{ X, Y int }

type Key struct {
	Name string
	F    float64
	I    any
}

type Big struct{ A [200]int64 }

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	for i := 1; i < len(ks); i++ {
		for j := i; j > 0 && ks[j] < ks[j-1]; j-- {
			ks[j], ks[j-1] = ks[j-1], ks[j]
		}
	}
	return ks
}

func main() {
	// string keys: make, assign, op=, comma-ok, delete, len, range
	m := make(map[string]int)
	m["one"] = 1
	m["two"] = 2
	m["three"] = 3
	m["two"] += 20
	m["four"]++
	v, ok := m["two"]
	println(v, ok, len(m))
	v, ok = m["none"]
	println(v, ok)
	delete(m, "one")
	delete(m, "missing")
	for _, k := range sortedKeys(m) {
		println(k, m[k])
	}

	// int keys, map literal, sum over range
	sq := map[int]int{1: 1, 2: 4, 3: 9}
	for i := 4; i <= 100; i++ {
		sq[i] = i * i
	}
	sum, n := 0, 0
	for k, v := range sq {
		sum += v - k*k
		n++
	}
	println("sq", len(sq), n, sum, sq[10], sq[1000])

	// int32 keys, struct elems
	pts := map[int32]Point{}
	pts[7] = Point{1, 2}
	p := pts[7]
	p.X = 5
	println(pts[7].X, p.X, pts[8].Y)

	// struct keys with strings, floats and interfaces
	km := map[Key]string{}
	km[Key{"a", 1.5, 3}] = "first"
	km[Key{"a", 1.5, 3}] = "again"
	km[Key{"a", -0.0, "x"}] = "zero"
	println(len(km), km[Key{"a", 1.5, 3}], km[Key{"a", 0.0, "x"}])

	// interface keys, NaN keys
	im := map[any]int{}
	im[1] = 1
	im["1"] = 2
	im[1.5] = 3
	im[Point{1, 2}] = 4
	println(len(im), im[1], im["1"], im[Point{1, 2}], im[2])
	nan := 0.0
	nan = nan / nan
	fm := map[float64]int{}
	fm[nan] = 1
	fm[nan] = 2
	println(len(fm), fm[nan])

	// big elems (indirect), pointers as elems
	bm := map[int]*Big{}
	bm[1] = &Big{}
	bm[1].A[5] = 42
	println(bm[1].A[5])
	bv := map[string]Big{}
	var b Big
	b.A[199] = 9
	bv["x"] = b
	println(bv["x"].A[199], bv["y"].A[199])

	// nil map reads, deleting during range
	var nm map[string]int
	println(nm["x"], len(nm))
	delete(nm, "x")
	for k := range sq {
		if k%2 == 0 {
			delete(sq, k)
		}
	}
	println("odd", len(sq))

	// pointer keys (assign through _fast64ptr), uint32 keys, delete fast
	pk := map[*Point]int{}
	p1, p2 := &Point{1, 1}, &Point{1, 1}
	pk[p1] = 1
	pk[p2] = 2
	pk[p1] += 10
	delete(pk, p2)
	println(len(pk), pk[p1], pk[p2])
	um := map[uint32]string{1: "a", 1 << 31: "b"}
	delete(um, 1)
	s1, ok1 := um[1<<31]
	println(len(um), s1, ok1)

	// map of maps and of slices
	mm := map[string]map[string]int{}
	mm["a"] = map[string]int{"b": 1}
	mm["a"]["c"] = 2
	println(len(mm["a"]), mm["a"]["c"])
	ms := map[int][]int{}
	ms[1] = []int{1, 2, 3}
	println(len(ms[1]), cap(ms[0]))
}
