package main

func producer(c chan<- int, n int, done chan<- bool) {
	for i := 0; i < n; i++ {
		c <- i
	}
	close(c)
	done <- true
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
	a, b := make(chan int), make(chan int)
	done := make(chan bool, 2)
	go producer(a, 5, done)
	go producer(b, 7, done)
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
	<-done
	<-done
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

	// break inside a select leaves the select; a labeled break the loop
	t := make(chan int, 3)
	t <- 1
	t <- 2
	t <- 3
	close(t)
	count := 0
loop:
	for {
		select {
		case x, ok := <-t:
			if !ok {
				break loop
			}
			count += x
			if count > 100 {
				break
			}
		}
	}
	println("count", count)

	// a goroutine blocked in a select is woken by a send
	req, resp := make(chan int), make(chan int)
	go func() {
		for {
			select {
			case x, ok := <-req:
				if !ok {
					close(resp)
					return
				}
				resp <- x * 2
			}
		}
	}()
	total := 0
	for i := 1; i <= 10; i++ {
		req <- i
		total += <-resp
	}
	close(req)
	_, open := <-resp
	println("total", total, open)

	// default only
	select {
	default:
		println("default only")
	}
}
