package main

type Acc struct{ total int }

func (a *Acc) add(n int, done chan<- bool) {
	a.total += n
	done <- true
}

func sum(xs []int, out chan<- int) {
	s := 0
	for _, x := range xs {
		s += x
	}
	out <- s
}

func main() {
	// arguments are evaluated at the go statement
	out := make(chan int)
	xs := []int{1, 2, 3, 4, 5, 6, 7, 8}
	go sum(xs[:4], out)
	go sum(xs[4:], out)
	a, b := <-out, <-out
	println(a + b)

	// a closure capturing variables by reference
	n := 0
	done := make(chan bool)
	go func() {
		n = 42
		done <- true
	}()
	<-done
	println(n)

	// method value as the goroutine's function, serialized by a channel
	acc := &Acc{}
	d := make(chan bool)
	for i := 1; i <= 10; i++ {
		go acc.add(i, d)
		<-d
	}
	println(acc.total)

	// many goroutines fanning in through one channel
	res := make(chan int, 100)
	for i := 0; i < 100; i++ {
		go func(i int) { res <- i * i }(i)
	}
	t := 0
	for i := 0; i < 100; i++ {
		t += <-res
	}
	println(t)

	// a pipeline of goroutines
	src := make(chan int)
	go func() {
		for i := 0; i < 10; i++ {
			src <- i
		}
		close(src)
	}()
	sq := make(chan int)
	go func() {
		for v := range src {
			sq <- v * v
		}
		close(sq)
	}()
	total := 0
	for v := range sq {
		total += v
	}
	println(total)
}
