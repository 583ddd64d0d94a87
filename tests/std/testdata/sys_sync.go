// sys_sync: package sync's runtime hooks under rog (semaphores, notify
// lists, procPin): Mutex, RWMutex, WaitGroup, Cond, Once, Pool, Map and
// atomic.Value across goroutines.
package main

import (
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

func main() {
	runtime.GOMAXPROCS(4)
	var mu sync.Mutex
	var wg sync.WaitGroup
	n := 0
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 2000; j++ {
				mu.Lock()
				n++
				mu.Unlock()
				if j%100 == 0 {
					runtime.Gosched()
				}
			}
		}()
	}
	wg.Wait()
	println("mutex", n)

	var rw sync.RWMutex
	shared := map[int]int{}
	var rwg sync.WaitGroup
	for i := 0; i < 4; i++ {
		rwg.Add(2)
		go func(i int) {
			defer rwg.Done()
			for j := 0; j < 500; j++ {
				rw.Lock()
				shared[j%10] += 1
				rw.Unlock()
			}
		}(i)
		go func() {
			defer rwg.Done()
			for j := 0; j < 500; j++ {
				rw.RLock()
				_ = shared[j%10]
				rw.RUnlock()
			}
		}()
	}
	rwg.Wait()
	total := 0
	for _, v := range shared {
		total += v
	}
	println("rwmutex", total)

	c := sync.NewCond(&sync.Mutex{})
	queue := []int{}
	var cw sync.WaitGroup
	got := make([]int, 0)
	var gotMu sync.Mutex
	for i := 0; i < 4; i++ {
		cw.Add(1)
		go func() {
			defer cw.Done()
			for {
				c.L.Lock()
				for len(queue) == 0 {
					c.Wait()
				}
				v := queue[0]
				queue = queue[1:]
				c.L.Unlock()
				if v < 0 {
					return
				}
				gotMu.Lock()
				got = append(got, v)
				gotMu.Unlock()
			}
		}()
	}
	for i := 0; i < 100; i++ {
		c.L.Lock()
		queue = append(queue, i)
		c.L.Unlock()
		c.Signal()
	}
	c.L.Lock()
	queue = append(queue, -1, -1, -1, -1)
	c.L.Unlock()
	c.Broadcast()
	cw.Wait()
	sort.Ints(got)
	ok := len(got) == 100
	for i, v := range got {
		ok = ok && v == i
	}
	println("cond", len(got), ok)

	var once sync.Once
	cnt := int32(0)
	var ow sync.WaitGroup
	for i := 0; i < 8; i++ {
		ow.Add(1)
		go func() { defer ow.Done(); once.Do(func() { atomic.AddInt32(&cnt, 1) }) }()
	}
	ow.Wait()
	println("once", cnt)

	pool := sync.Pool{New: func() any { return new(strings.Builder) }}
	b := pool.Get().(*strings.Builder)
	b.WriteString("pooled")
	println("pool", b.String())
	b.Reset()
	pool.Put(b)

	var m sync.Map
	var mw sync.WaitGroup
	for i := 0; i < 8; i++ {
		mw.Add(1)
		go func(i int) {
			defer mw.Done()
			for j := 0; j < 50; j++ {
				m.Store(i*100+j, strconv.Itoa(j))
			}
		}(i)
	}
	mw.Wait()
	keys := 0
	m.Range(func(k, v any) bool { keys++; return true })
	v, _ := m.Load(305)
	println("map", keys, v.(string))

	var av atomic.Value
	av.Store("first")
	var aw sync.WaitGroup
	for i := 0; i < 4; i++ {
		aw.Add(1)
		go func() { defer aw.Done(); av.Store("second") }()
	}
	aw.Wait()
	println("value", av.Load().(string))
}
