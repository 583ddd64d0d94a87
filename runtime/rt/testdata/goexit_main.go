// runtime.Goexit on the main goroutine: its deferred calls run, the other
// goroutines go on, then gc's "no goroutines" deadlock.
package main

import "runtime"

func main() {
	c := make(chan int)
	go func() {
		println("worker", <-c)
	}()
	defer func() {
		println("deferred in main")
		c <- 1
	}()
	runtime.Goexit()
}
