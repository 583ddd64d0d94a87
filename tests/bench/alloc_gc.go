// alloc_gc.go: the gc 1.19 side of //tests/bench:alloc. Built at run time
// by alloc_bench.c with Debian's go 1.19 (std only) and run once per
// workload and repetition; prints one number on stdout. The workloads
// mirror the rog side in alloc_bench.c exactly (same object shapes, same
// counts, same live heap).
package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type T16 struct{ a, b *int }
type T64 struct{ p [8]*int }

var sink16 [1024]*T16
var sink64 [1024]*T64
var sink1k [1024][]byte

type Node struct {
	left, right *Node
}

func bottomUp(d int) *Node {
	if d <= 0 {
		return &Node{}
	}
	return &Node{bottomUp(d - 1), bottomUp(d - 1)}
}

func (n *Node) check() int {
	if n.left == nil {
		return 1
	}
	return 1 + n.left.check() + n.right.check()
}

// binary-trees from the Benchmarks Game, single-threaded on both sides.
func binaryTrees(n int) int {
	maxDepth := n
	if maxDepth < 6 {
		maxDepth = 6
	}
	total := bottomUp(maxDepth + 1).check()
	longLived := bottomUp(maxDepth)
	for d := 4; d <= maxDepth; d += 2 {
		iters := 1 << uint(maxDepth-d+4)
		for i := 0; i < iters; i++ {
			total += bottomUp(d).check()
		}
	}
	return total + longLived.check()
}

// A 64-byte node with two pointers: 2^24-1 of them make 1 GiB live.
type Big struct {
	left, right *Big
	pad         [6]uint64
}

func bigTree(d int) *Big {
	if d == 0 {
		return nil
	}
	return &Big{left: bigTree(d - 1), right: bigTree(d - 1)}
}

var live *Big

const liveDepth = 24 // 2^24-1 nodes * 64 B = 1 GiB

func maxPause(before, after *runtime.MemStats) uint64 {
	var m uint64
	for i := before.NumGC; i < after.NumGC; i++ {
		if p := after.PauseNs[i%256]; p > m {
			m = p
		}
	}
	return m
}

// overshoot: the worst heap at the end of marking over the goal across
// five cycles that allocation starts, while the main goroutine allocates
// 4 KiB pointer-free buffers as fast as it can over a live tree of depth
// n. gc reports both numbers only in its gctrace line ("A->B->C MB, D MB
// goal": B at the end of marking, D the goal), so the program re-executes
// itself with GODEBUG=gctrace=1 and reads its own stderr through a pipe.
func overshoot(n int) float64 {
	if os.Getenv("GODEBUG") != "gctrace=1" {
		exe, err := os.Executable()
		if err == nil {
			err = syscall.Exec(exe, os.Args, append(os.Environ(), "GODEBUG=gctrace=1"))
		}
		fmt.Fprintln(os.Stderr, "re-exec:", err)
		os.Exit(1)
	}
	r, w, err := os.Pipe()
	if err == nil {
		err = syscall.Dup3(int(w.Fd()), 2, 0)
	}
	if err != nil {
		fmt.Fprintln(os.Stdout, "pipe:", err)
		os.Exit(1)
	}
	re := regexp.MustCompile(`(\d+)->(\d+)->(\d+) MB, (\d+) MB goal.*P$`)
	ratios := make(chan float64, 64)
	go func() {
		sc := bufio.NewScanner(r)
		built := false // the cycles until the forced one are the tree's
		for sc.Scan() {
			if strings.HasSuffix(sc.Text(), "(forced)") {
				built = true
			}
			m := re.FindStringSubmatch(sc.Text())
			if m == nil || !built {
				continue
			}
			end, _ := strconv.ParseFloat(m[2], 64)
			goal, _ := strconv.ParseFloat(m[4], 64)
			if goal > 0 {
				ratios <- end / goal
			}
		}
	}()
	live = bigTree(n)
	runtime.GC()
	worst := 0.0
	for i, seen := 0, 0; seen < 5; i++ {
		sink1k[i&1023] = make([]byte, 4096)
		select {
		case v := <-ratios:
			if v > worst {
				worst = v
			}
			seen++
		default:
		}
	}
	runtime.KeepAlive(live)
	return worst
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: alloc_gc WORKLOAD N")
		os.Exit(2)
	}
	n, _ := strconv.Atoi(os.Args[2])
	switch os.Args[1] {
	case "alloc16":
		t := time.Now()
		for i := 0; i < n; i++ {
			sink16[i&1023] = &T16{}
		}
		fmt.Printf("%.2f\n", float64(time.Since(t).Nanoseconds())/float64(n))
	case "alloc64":
		t := time.Now()
		for i := 0; i < n; i++ {
			sink64[i&1023] = &T64{}
		}
		fmt.Printf("%.2f\n", float64(time.Since(t).Nanoseconds())/float64(n))
	case "alloc1k":
		t := time.Now()
		for i := 0; i < n; i++ {
			sink1k[i&1023] = make([]byte, 1024)
		}
		fmt.Printf("%.2f\n", float64(time.Since(t).Nanoseconds())/float64(n))
	case "bintree":
		t := time.Now()
		c := binaryTrees(n)
		if c == 0 {
			os.Exit(1)
		}
		fmt.Printf("%.3f\n", time.Since(t).Seconds())
	case "stw":
		// Prints the longest pause of one full collection (ms) and the
		// mark rate: live MB / (collection wall time * GOMAXPROCS).
		live = bigTree(liveDepth)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		t := time.Now()
		runtime.GC()
		wall := time.Since(t)
		runtime.ReadMemStats(&after)
		mb := float64(after.HeapAlloc) / 1e6
		fmt.Printf("%.3f %.1f\n", float64(maxPause(&before, &after))/1e6,
			mb/wall.Seconds()/float64(runtime.GOMAXPROCS(0)))
		runtime.KeepAlive(live)
	case "conc":
		// 1 GiB live; n collections run back to back while the main
		// goroutine keeps replacing subtrees; prints the longest pause (ms).
		live = bigTree(liveDepth)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		done := make(chan bool)
		go func() {
			for i := 0; i < n; i++ {
				runtime.GC()
			}
			close(done)
		}()
		x := uint64(1)
		running := true
		for running {
			select {
			case <-done:
				running = false
			default:
			}
			p := live
			for d := 0; d < liveDepth-8; d++ {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
				if x&1 == 0 {
					p = p.left
				} else {
					p = p.right
				}
			}
			p.left = bigTree(7)
		}
		runtime.ReadMemStats(&after)
		fmt.Printf("%.3f\n", float64(maxPause(&before, &after))/1e6)
		runtime.KeepAlive(live)
	case "overshoot":
		// rog prints the figure with and without assists; gc has one.
		v := overshoot(n)
		fmt.Printf("%.3f %.3f\n", v, v)
	default:
		fmt.Fprintln(os.Stderr, "unknown workload", os.Args[1])
		os.Exit(2)
	}
}
