package main

type msg struct {
	id   int
	text string
	data []byte
}

func main() {
	c := make(chan msg, 4)
	println(len(c), cap(c))
	c <- msg{1, "one", []byte("x")}
	c <- msg{2, "two", nil}
	println(len(c), cap(c))
	m := <-c
	println(m.id, m.text, len(m.data))
	close(c)
	m, ok := <-c
	println(m.id, m.text, ok)
	m, ok = <-c
	println(m.id, m.text == "", ok)

	// range over a closed buffered channel
	r := make(chan string, 3)
	r <- "a"
	r <- "b"
	r <- "c"
	close(r)
	s := ""
	for x := range r {
		s += x
	}
	println(s)

	// unbuffered channel with nothing ready: select default
	u := make(chan int)
	select {
	case u <- 1:
		println("unexpected")
	case x := <-u:
		println("unexpected", x)
	default:
		println("not ready")
	}

	// zero-size elements
	z := make(chan struct{}, 2)
	z <- struct{}{}
	_, ok = <-z
	println(ok, len(z))

	// directional channel values
	var send chan<- int = make(chan int, 1)
	send <- 3
	println(len(send))

	// nil channel: len/cap are 0
	var nc chan float64
	println(len(nc), cap(nc))
}
