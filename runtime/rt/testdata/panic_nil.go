// A nil pointer dereference is a runtime error panic with gc's [signal] line.
package main

type T struct{ a, b int }

var p *T

func main() {
	println(p.b)
}
