// N goroutines parked at once (on a channel receive, then a send), the
// workload behind issue 6's "memory for 100,000 parked goroutines"
// figure. parked_memory_test.sh builds it with rog and with gc 1.19, for
// N = 100000 and for N = 1 (the baseline: the same program with one
// goroutine), and compares the growth of peak RSS per goroutine.
package main

const n = 100000 // parked_memory_test.sh rewrites this line for the baseline

func main() {
	release := make(chan bool)
	started := make(chan bool)
	done := make(chan bool)
	for i := 0; i < n; i++ {
		go func() {
			started <- true
			<-release
			done <- true
		}()
	}
	for i := 0; i < n; i++ {
		<-started
	}
	close(release)
	for i := 0; i < n; i++ {
		<-done
	}
	println("ok", n)
}
