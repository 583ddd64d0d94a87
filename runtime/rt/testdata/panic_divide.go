// Integer division by zero panics with gc's message.
package main

var zero = 0

func main() {
	println(7 / zero)
}
