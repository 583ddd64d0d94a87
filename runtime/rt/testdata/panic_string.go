// An unrecovered panic with a string value: "panic: boom", exit status 2.
package main

func f() {
	panic("boom")
}

func main() {
	println("before")
	f()
}
