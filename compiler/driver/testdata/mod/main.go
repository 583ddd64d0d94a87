// Command m is test data for rog's package loader.
package main

import (
	"fmt"

	"example.com/dep"
	"example.com/m/lib"
)

func main() { fmt.Println(lib.X, dep.Y) }
