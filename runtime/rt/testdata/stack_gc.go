// Goroutines on small (2 KiB) first stacks recurse deep, allocating at
// every level, while collections run (the test also runs it under GOGC=20
// and ROG_OPTS gcstress): the allocation slow path and whole GC cycles run
// on the system stack, and the collector must still find the pointers
// that live only in the frames (and registers) of the goroutines it left.
// A lost object shows up as a wrong sum or a crash.
package main

import "runtime"

type node struct {
	next *node
	val  int
	pad  [3]int
}

// down recurses depth levels; each frame holds a fresh node whose only
// reference is the frame itself until the recursion returns.
func down(depth, id int) int {
	if depth == 0 {
		if id%3 == 0 {
			runtime.GC()
		}
		return 0
	}
	n := &node{val: depth + id}
	n.pad[2] = depth
	s := down(depth-1, id)
	if n.pad[2] != depth {
		return -1 << 40
	}
	return s + n.val
}

// chain builds a list while recursing, so every node is reachable only
// through the stack of frames below it.
func chain(depth int, tail *node) int {
	if depth == 0 {
		sum := 0
		for n := tail; n != nil; n = n.next {
			sum += n.val
		}
		return sum
	}
	return chain(depth-1, &node{next: tail, val: depth})
}

func worker(id int, done chan int) {
	total := 0
	for round := 0; round < 6; round++ {
		const depth = 20000
		want := depth*(depth+1)/2 + depth*id
		if got := down(depth, id); got != want {
			println("down: worker", id, "round", round, "got", got, "want", want)
			total -= 1 << 40
		}
		if got := chain(5000, nil); got != 5000*5001/2 {
			println("chain: worker", id, "got", got)
			total -= 1 << 40
		}
		total++
	}
	done <- total
}

func main() {
	const workers = 8
	done := make(chan int)
	for i := 0; i < workers; i++ {
		go worker(i, done)
	}
	total := 0
	for i := 0; i < workers; i++ {
		total += <-done
	}
	println("rounds", total)
}
