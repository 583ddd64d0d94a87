// gc 1.19 side of //tests/bench:sched (built and run by sched_bench.c).
// Prints one line per benchmark: NAME UNIT v1 v2 ... (one value per round).
// The workloads mirror sched_bench.c exactly.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// cpuNanos: user+system CPU time of the whole process (every thread).
func cpuNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func spawnExit(n int) float64 {
	var wg sync.WaitGroup
	t0 := time.Now()
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() { wg.Done() }()
	}
	wg.Wait()
	return float64(time.Since(t0).Nanoseconds()) / float64(n)
}

func roundTrip(n int) float64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	t0 := time.Now()
	v := 0
	for i := 0; i < n; i++ {
		ping <- v
		v = <-pong
	}
	d := time.Since(t0)
	close(ping)
	if v != n {
		panic("bad round trip")
	}
	return float64(d.Nanoseconds()) / float64(n)
}

func buffered(n int) float64 {
	c := make(chan int, 100)
	t0 := time.Now()
	s := 0
	for i := 0; i < n; i++ {
		c <- i
		s += <-c
	}
	d := time.Since(t0)
	if s != n*(n-1)/2 {
		panic("bad sum")
	}
	return float64(d.Nanoseconds()) / float64(n)
}

func gosched(n int) float64 {
	var wg sync.WaitGroup
	k := 2 * runtime.GOMAXPROCS(0)
	wg.Add(k)
	t0 := time.Now()
	for j := 0; j < k; j++ {
		go func() {
			for i := 0; i < n; i++ {
				runtime.Gosched()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return float64(time.Since(t0).Nanoseconds()) / float64(k*n)
}

func rssBytes() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		panic(err)
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

func parkedMemory(n int) float64 {
	runtime.GC()
	before := rssBytes()
	release := make(chan struct{})
	var started, done sync.WaitGroup
	started.Add(n)
	done.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			<-release
			done.Done()
		}()
	}
	started.Wait()
	after := rssBytes()
	close(release)
	done.Wait()
	return float64(after-before) / float64(n)
}

func main() {
	rounds := 5
	if len(os.Args) > 1 {
		rounds, _ = strconv.Atoi(os.Args[1])
	}
	type bench struct {
		name, unit string
		f          func() float64
		ops        int // operations per round, for the CPU-time figure
	}
	benches := []bench{
		{"spawn_exit", "ns/op", func() float64 { return spawnExit(200000) }, 200000},
		{"unbuffered_round_trip", "ns/op", func() float64 { return roundTrip(200000) }, 200000},
		{"buffered_send_recv", "ns/op", func() float64 { return buffered(2000000) }, 2000000},
		{"gosched_handoff", "ns/op", func() float64 { return gosched(500000) }, 500000 * 2 * runtime.GOMAXPROCS(0)},
	}
	// memory first and once, in a fresh process, as sched_bench.c does:
	// measured after spawn_exit, the parked goroutines would reuse that
	// benchmark's dead Gs (already resident) and the figure would leave out
	// the G structs (about 2.1 KiB instead of 2.7 KiB per goroutine)
	fmt.Printf("parked_goroutine_memory bytes/goroutine %.0f", parkedMemory(100000))
	fmt.Println()
	for _, b := range benches {
		wall := make([]float64, rounds)
		cpu := make([]float64, rounds)
		for r := 0; r < rounds; r++ {
			c0 := cpuNanos()
			wall[r] = b.f()
			cpu[r] = float64(cpuNanos()-c0) / float64(b.ops)
		}
		fmt.Printf("%s %s", b.name, b.unit)
		for _, v := range wall {
			fmt.Printf(" %.2f", v)
		}
		fmt.Printf("\n%s_cpu cpu-ns/op", b.name)
		for _, v := range cpu {
			fmt.Printf(" %.2f", v)
		}
		fmt.Println()
	}
}
