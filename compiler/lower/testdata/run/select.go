package main

func producer(c chan<- int, n int) {
	for i := 0; i < n; i++ {
		c <- i
	}
	close(c)
}

func main() {
	// one case, no default: the plain operation
	c := make(chan int, 1)
	select {
	case c <- 7:
		println("sent")
	}
	select {
	case v := <-c:
		println("got", v)
	}

	// one case and default: non-blocking
	select {
	case v, ok := <-c:
		println("unexpected", v, ok)
	default:
		println("empty")
	}
	c <- 1
	select {
	case c <- 2:
		println("unexpected send")
	default:
		println("full")
	}
	var v int
	var ok bool
	select {
	case v, ok = <-c:
		println("drained", v, ok)
	default:
		println("unexpected default")
	}

	// general select over several channels until both are closed
	// TODO(typedesc): feed them from goroutines once `go` statements run
	// (lower's go wrapper faults at the moment, see NOTES.md).
	a, b := make(chan int, 8), make(chan int, 8)
	producer(a, 5)
	producer(b, 7)
	suma, sumb, na, nb := 0, 0, 0, 0
	for a != nil || b != nil {
		select {
		case x, ok := <-a:
			if !ok {
				a = nil
				break
			}
			suma += x
			na++
		case x, ok := <-b:
			if !ok {
				b = nil
				continue
			}
			sumb += x
			nb++
		}
	}
	println("a", na, suma, "b", nb, sumb)

	// a send and a receive in one select, with a default and a nil channel
	var nilc chan int
	out := make(chan int, 1)
	in := make(chan int, 1)
	in <- 42
	n := 0
	for i := 0; i < 2; i++ {
		select {
		case out <- 5:
			n += 10
		case x := <-in:
			n += x
		case nilc <- 1:
			println("nil channel never proceeds")
		default:
			println("unexpected default")
		}
	}
	println("n", n, len(out))

	// break inside a select leaves the select only
	// TODO(typedesc): a labeled `break loop` here once lower's labeled
	// breaks work (they hang for switch too at the moment, see NOTES.md).
	t := make(chan int, 3)
	t <- 1
	t <- 2
	t <- 3
	close(t)
	count, closed := 0, false
	for !closed {
		select {
		case x, ok := <-t:
			if !ok {
				closed = true
				break
			}
			count += x
		}
	}
	println("count", count)

	// default only
	select {
	default:
		println("default only")
	}
}
