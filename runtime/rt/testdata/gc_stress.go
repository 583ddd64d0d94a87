// Eight goroutines build and check linked structures and strings while
// collections run all the time (the test also runs it with GOGC=20 and
// ROG_OPTS gcstress): a live object freed early shows up as a wrong sum.
package main

type tree struct {
	left, right *tree
	val         int
	name        string
}

func build(depth, val int) *tree {
	if depth == 0 {
		return &tree{val: val, name: "leaf"}
	}
	return &tree{build(depth-1, 2*val), build(depth-1, 2*val+1), val, "node"}
}

func (t *tree) check() int {
	if t.left == nil {
		if t.name != "leaf" {
			return -1 << 40
		}
		return t.val
	}
	if t.name != "node" {
		return -1 << 40
	}
	return t.val + t.left.check() + t.right.check()
}

func work(id int, done chan int) {
	sum := 0
	var keep []*tree
	for i := 0; i < 40; i++ {
		t := build(8, id)
		keep = append(keep, t)
		if len(keep) > 4 {
			keep = keep[1:]
		}
		s := ""
		for j := 0; j < 20; j++ {
			s += string(rune('a' + j))
		}
		if s != "abcdefghijklmnopqrst" {
			sum -= 1 << 40
		}
		sum += t.check()
	}
	for _, t := range keep {
		sum += t.check()
	}
	done <- sum
}

func main() {
	done := make(chan int)
	for id := 1; id <= 8; id++ {
		go work(id, done)
	}
	total := 0
	for id := 1; id <= 8; id++ {
		total += <-done
	}
	println(total)
}
