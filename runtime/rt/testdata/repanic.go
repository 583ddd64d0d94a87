// A panic raised after recovering another: gc prints both,
// "panic: first [recovered]" then a tab and "panic: second".
package main

func main() {
	defer func() {
		recover()
		panic("second")
	}()
	panic("first")
}
