// Goroutines allocating while the GC runs; a list rooted in a package
// variable survives; MemStats and NumGoroutine.
package main

import "runtime"

type node struct {
	next *node
	val  int
}

var keep *node

func churn(n int) int {
	var head *node
	for i := 0; i < n; i++ {
		head = &node{head, i}
		if i%1000 == 0 {
			head = nil
		}
	}
	s := 0
	for p := head; p != nil; p = p.next {
		s += p.val
	}
	return s
}

func main() {
	for i := 0; i < 100; i++ {
		keep = &node{keep, i}
	}
	done := make(chan int)
	for g := 0; g < 4; g++ {
		go func() { done <- churn(200000) }()
	}
	t := 0
	for g := 0; g < 4; g++ {
		t += <-done
	}
	runtime.GC()
	s := 0
	for p := keep; p != nil; p = p.next {
		s += p.val
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	println(t, s, runtime.NumGoroutine(), ms.NumGC > 0, ms.Mallocs > ms.Frees)
}
