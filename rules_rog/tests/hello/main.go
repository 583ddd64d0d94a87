// Command hello prints a greeting and the version set by x_defs.
package main

import (
	"fmt"
	"os"
	"runtime"

	"example.com/rules_rog/tests/greet"
)

func main() {
	fmt.Println(greet.Hello(os.Args[1:]...))
	fmt.Println("version", greet.Version, runtime.GOARCH)
}
