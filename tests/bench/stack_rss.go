// //tests/bench:stack_rss: what happens to the memory of 100k goroutines
// that grew their stacks (~13 KiB of frames each) once they exit and a
// collection runs. Built and run by stack_rss.sh with rog and with gc 1.19.
// Prints NAME VALUE lines (MiB of RSS): the growth while all are parked at
// their deepest, after they exited, and 1 s and 3 s after runtime.GC()
// (rog: sysmon frees the free Gs' stacks and unmaps the slab chunks left
// free, 16 MiB per tick; gc: stacks go back to the heap at the cycle and
// its scavenger returns them to the OS over time).
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

func rss() int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		panic(err)
	}
	f := strings.Fields(string(b))
	p, _ := strconv.ParseInt(f[1], 10, 64)
	return p * int64(os.Getpagesize())
}

//go:noinline
func deep(n int, reached *sync.WaitGroup, release chan struct{}) byte {
	var buf [512]byte
	buf[n%512] = byte(n)
	if n == 0 {
		reached.Done()
		<-release
		return buf[0]
	}
	return deep(n-1, reached, release) + buf[n%512]
}

func main() {
	const n = 100000
	runtime.GC()
	before := rss()
	release := make(chan struct{})
	var reached, done sync.WaitGroup
	reached.Add(n)
	done.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			deep(24, &reached, release)
			done.Done()
		}()
	}
	reached.Wait()
	peak := rss()
	close(release)
	done.Wait()
	time.Sleep(100 * time.Millisecond) // the last ones leave their Gs
	exited := rss()
	runtime.GC()
	time.Sleep(time.Second)
	gc1 := rss()
	time.Sleep(2 * time.Second)
	gc3 := rss()
	mib := func(v int64) int64 { return (v - before) >> 20 }
	fmt.Printf("deep_parked_rss %d\nexited_rss %d\nafter_gc_1s_rss %d\nafter_gc_3s_rss %d\n",
		mib(peak), mib(exited), mib(gc1), mib(gc3))
}
