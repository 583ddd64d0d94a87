// //tests/bench:gcpause (gcpause_bench.sh): GC pauses with a big live heap,
// the same program built by rog and by gc 1.19.
//
// Phase 1 builds LIVE MiB (default 1024) of live pointerful heap: binary
// trees of 48-byte nodes (two pointers and a payload), one tree per chunk
// so building parallelizes, plus GOROUTINES (default 4000) goroutines
// parked in a receive at the bottom of a 16-frame recursion with a pointer
// to a small list in every frame, so scanning stacks is real work. Phase 2
// runs 4 goroutines allocating garbage (short-lived trees, slices) until
// CYCLES (default 6) more collections have finished, while a probe
// goroutine loops time.Now() + time.Sleep(100us) and records the longest
// gap beyond the sleep: what a latency-sensitive user feels. Then it
// prints, from runtime.ReadMemStats, the pauses of the cycles that ran in
// phase 2 (PauseNs: the stop-the-world parts of a cycle, both runtimes):
//
//	pause_max_ms=V pause_p99_ms=V probe_max_gap_ms=V cycles=N
//
// Arguments: [LIVE_MIB [GOROUTINES [CYCLES]]].
package main

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

type node struct {
	left, right *node
	val         [4]int64
}

func build(depth int) *node {
	if depth == 0 {
		return &node{}
	}
	return &node{left: build(depth - 1), right: build(depth - 1), val: [4]int64{int64(depth)}}
}

func check(n *node) int {
	if n == nil {
		return 0
	}
	return 1 + check(n.left) + check(n.right)
}

type link struct {
	next *link
	v    int
}

var release = make(chan struct{})

// park recurses d frames, each holding a pointer to its own list, then
// waits; the lists are only reachable from the stack.
func park(d int, wg *sync.WaitGroup, sum *int64) {
	l := &link{v: d}
	for i := 0; i < 4; i++ {
		l = &link{next: l, v: i}
	}
	if d == 0 {
		wg.Done()
		<-release
	} else {
		park(d-1, wg, sum)
	}
	n := 0
	for ; l != nil; l = l.next {
		n += l.v
	}
	atomic.AddInt64(sum, int64(n))
}

var sink atomic.Value

func garbage(stop *int32, wg *sync.WaitGroup) {
	defer wg.Done()
	for atomic.LoadInt32(stop) == 0 {
		t := build(6) // 127 nodes, about 6 KiB
		s := make([]*node, 64)
		for i := range s {
			s[i] = t
		}
		sink.Store(s)
	}
}

func arg(i, def int) int {
	if len(os.Args) > i {
		if v, err := strconv.Atoi(os.Args[i]); err == nil {
			return v
		}
	}
	return def
}

func main() {
	liveMiB := arg(1, 1024)
	ngor := arg(2, 4000)
	cycles := arg(3, 6)

	// Phase 1: the live heap. A depth-14 tree is 32767 nodes, ~1.5 MiB
	// counted as 48-byte objects.
	const depth = 14
	per := (1<<(depth+1) - 1) * 48
	ntrees := liveMiB << 20 / per
	trees := make([]*node, ntrees)
	var bwg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		bwg.Add(1)
		go func(w int) {
			defer bwg.Done()
			for i := w; i < ntrees; i += workers {
				trees[i] = build(depth)
			}
		}(w)
	}
	bwg.Wait()
	var pwg sync.WaitGroup
	var psum int64
	pwg.Add(ngor)
	for i := 0; i < ngor; i++ {
		go park(16, &pwg, &psum)
	}
	pwg.Wait()

	// Phase 2: garbage from 4 goroutines, the probe, CYCLES collections.
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gc0 := ms.NumGC
	var stop int32
	var gwg sync.WaitGroup
	for i := 0; i < 4; i++ {
		gwg.Add(1)
		go garbage(&stop, &gwg)
	}
	var maxGap int64
	var probeDone = make(chan struct{})
	go func() {
		const nap = 100 * time.Microsecond
		last := time.Now()
		for atomic.LoadInt32(&stop) == 0 {
			time.Sleep(nap)
			now := time.Now()
			if gap := int64(now.Sub(last) - nap); gap > maxGap {
				maxGap = gap
			}
			last = now
		}
		close(probeDone)
	}()
	deadline := time.Now().Add(120 * time.Second)
	for {
		time.Sleep(20 * time.Millisecond)
		runtime.ReadMemStats(&ms)
		if ms.NumGC >= gc0+uint32(cycles) || time.Now().After(deadline) {
			break
		}
	}
	atomic.StoreInt32(&stop, 1)
	gwg.Wait()
	<-probeDone
	runtime.ReadMemStats(&ms)

	var pauses []float64
	for c := gc0 + 1; c <= ms.NumGC && c <= gc0+256; c++ {
		pauses = append(pauses, float64(ms.PauseNs[(c+255)%256])/1e6)
	}
	sort.Float64s(pauses)
	pmax, p99 := 0.0, 0.0
	if n := len(pauses); n > 0 {
		pmax = pauses[n-1]
		p99 = pauses[(n*99+99)/100-1]
	}

	// Keep everything alive to here and check it.
	total := 0
	for _, t := range trees {
		total += check(t)
	}
	close(release)
	if total != ntrees*(1<<(depth+1)-1) {
		fmt.Println("live heap lost nodes:", total)
		os.Exit(1)
	}
	fmt.Printf("pause_max_ms=%.3f pause_p99_ms=%.3f probe_max_gap_ms=%.3f cycles=%d\n",
		pmax, p99, float64(maxGap)/1e6, ms.NumGC-gc0)
}
