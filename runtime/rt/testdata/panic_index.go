// An index out of range is a runtime.Error with gc's message.
package main

var s = []int{1, 2, 3}

func at(i int) int {
	return s[i]
}

func main() {
	println(at(2))
	println(at(5))
}
