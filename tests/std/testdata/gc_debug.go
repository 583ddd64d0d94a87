// gc_debug: runtime/debug's GC hooks, runtime.GC/ReadMemStats, finalizers
// and sync.Pool's victim cache, with output that does not depend on timing
// or heap layout (compared with gc 1.19's).
package main

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

type blob struct {
	buf [1 << 10]byte
	id  int
}

var sink []*blob

func main() {
	// SetGCPercent and SetMemoryLimit round trips.
	fmt.Println("gcpercent default:", debug.SetGCPercent(50))
	fmt.Println("gcpercent set:", debug.SetGCPercent(100))
	fmt.Println("memlimit default is max:", debug.SetMemoryLimit(-1) == math.MaxInt64)
	fmt.Println("memlimit old is max:", debug.SetMemoryLimit(1<<40) == math.MaxInt64)
	fmt.Println("memlimit set:", debug.SetMemoryLimit(math.MaxInt64))
	fmt.Println("maxstack default:", debug.SetMaxStack(64<<20))
	fmt.Println("maxstack set:", debug.SetMaxStack(1000000000))
	fmt.Println("maxthreads default:", debug.SetMaxThreads(20000))
	fmt.Println("maxthreads set:", debug.SetMaxThreads(10000))
	fmt.Println("panic on fault default:", debug.SetPanicOnFault(true))
	fmt.Println("panic on fault set:", debug.SetPanicOnFault(false))
	debug.SetTraceback("single")

	// ReadGCStats: NumGC grows with runtime.GC, pauses are reported.
	var s0, s1 debug.GCStats
	debug.ReadGCStats(&s0)
	runtime.GC()
	runtime.GC()
	debug.ReadGCStats(&s1)
	fmt.Println("numgc grew by 2 or more:", s1.NumGC-s0.NumGC >= 2)
	fmt.Println("pauses reported:", len(s1.Pause) > 0 && len(s1.Pause) <= 256)
	fmt.Println("last gc set:", !s1.LastGC.IsZero())

	// ReadMemStats and FreeOSMemory: 64 MiB of garbage, collected, then
	// given back to the OS.
	for i := 0; i < 64<<10; i++ {
		sink = append(sink, &blob{id: i})
	}
	sink = nil
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	debug.FreeOSMemory()
	runtime.ReadMemStats(&m1)
	fmt.Println("numgc counted:", m1.NumGC > m0.NumGC)
	fmt.Println("forced gcs counted:", m1.NumForcedGC >= 3)
	fmt.Println("released grew:", m1.HeapReleased > m0.HeapReleased)
	fmt.Println("idle >= released:", m1.HeapIdle >= m1.HeapReleased)

	// Finalizers run after the object becomes unreachable.
	done := make(chan int, 1)
	func() {
		b := &blob{id: 42}
		runtime.SetFinalizer(b, func(b *blob) { done <- b.id })
	}()
	ran := false
	for i := 0; i < 100 && !ran; i++ {
		runtime.GC()
		select {
		case id := <-done:
			fmt.Println("finalizer ran for", id)
			ran = true
		case <-time.After(10 * time.Millisecond):
		}
	}
	if !ran {
		fmt.Println("finalizer did not run")
	}
	keep := &blob{id: 7}
	runtime.SetFinalizer(keep, func(*blob) { fmt.Println("finalizer of a live object ran") })
	runtime.GC()
	runtime.KeepAlive(keep)
	runtime.SetFinalizer(keep, nil)

	// sync.Pool: items survive one collection (victim cache), not two.
	var p sync.Pool
	for i := 0; i < 100; i++ {
		p.Put(&blob{id: i})
	}
	fmt.Println("pool before gc has items:", p.Get() != nil)
	runtime.GC()
	fmt.Println("pool after one gc has items:", p.Get() != nil)
	runtime.GC()
	runtime.GC()
	fmt.Println("pool after two more gcs is empty:", p.Get() == nil)
}
