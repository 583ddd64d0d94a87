// An Error method that panics while the runtime prints the panic value:
// gc's fatal "panic while printing panic value".
package main

type E struct{ code int }

func (E) Error() string {
	panic("inner")
}

func main() {
	panic(E{})
}
