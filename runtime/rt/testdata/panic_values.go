// How unrecovered panics print values of named basic types (gc's
// printpanicval): main.I(5).
package main

type I int

func main() {
	panic(I(5))
}
