// The PGO/LTO/BOLT test program: prints work.Run's checksum.
package main

import "example.com/rules_rog/tests/pgo/work"

func main() {
	println("checksum", work.Scale(work.Run(2000)))
}
