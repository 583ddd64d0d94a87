// Command linkmod prints values computed in package lib.
package main

import "example.com/linkmod/lib"

func main() {
	println(lib.Greeting, lib.T{N: 21}.Twice(), lib.Sum(1, 2, 3))
}
