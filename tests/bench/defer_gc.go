// //tests/bench:defer (defer_bench.sh): 20M calls of functions that defer
// once (a closure literal and a direct call with an argument), not in a
// loop: gc 1.19 open-codes these, rog keeps their closures in the frame.
package main

var sink int

func add(n int) { sink += n }

//go:noinline
func viaClosure(i int) {
	defer func() { sink += i }()
	sink++
}

//go:noinline
func viaCall(i int) {
	defer add(i)
	sink++
}

func main() {
	for i := 0; i < 10000000; i++ {
		viaClosure(i)
		viaCall(i)
	}
	println(sink)
}
