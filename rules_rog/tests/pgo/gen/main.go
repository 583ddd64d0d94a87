// Writes ../default.pgo: a Go CPU profile of work.Run, taken with gc
// (runtime/pprof), the way a gc user collects default.pgo. Run gen.sh.
package main

import (
	"os"
	"runtime/pprof"

	"example.com/rules_rog/tests/pgo/work"
)

func main() {
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		panic(err)
	}
	s := 0
	for i := 0; i < 60; i++ {
		s += work.Run(200)
	}
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		panic(err)
	}
	println("checksum", s)
}
