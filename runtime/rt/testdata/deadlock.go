// Every goroutine blocked: gc's deadlock report and exit status 2.
package main

func wait(c chan int) {
	<-c
}

func main() {
	c := make(chan int)
	go wait(c)
	wait(c)
}
