// goparse is the Go side of the parse benchmark: it parses every file named
// in the list file (one path per line) with go/parser, comments included,
// one file at a time on one goroutine, REPS times, and prints the best
// repetition as "go: N files, B bytes, S seconds, M MB/s, C cpu-seconds,
// M MB/s per cpu-second". CPU time (user+sys of the whole process, all
// threads, GC included) is what to compare on a loaded machine.
package main

import (
	"bufio"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"runtime/debug"
	"strconv"
	"syscall"
	"time"
)

func cpu() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: goparse LISTFILE [REPS]")
		os.Exit(2)
	}
	reps := 3
	if len(os.Args) > 2 {
		reps, _ = strconv.Atoi(os.Args[2])
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	var files []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		files = append(files, sc.Text())
	}
	f.Close()
	debug.SetGCPercent(100)
	best := time.Duration(1 << 62)
	bestCPU := 1e30
	var bytes int64
	for r := 0; r < reps; r++ {
		bytes = 0
		start := time.Now()
		c0 := cpu()
		for _, name := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				panic(err)
			}
			bytes += int64(len(src))
			fset := token.NewFileSet()
			parser.ParseFile(fset, name, src, parser.ParseComments)
		}
		if d := time.Since(start); d < best {
			best = d
		}
		if c := cpu() - c0; c < bestCPU {
			bestCPU = c
		}
	}
	s := best.Seconds()
	fmt.Printf("go: %d files, %d bytes, %.3f seconds, %.1f MB/s, %.3f cpu-seconds, %.1f MB/cpu-s\n", len(files), bytes, s,
		float64(bytes)/s/1e6, bestCPU, float64(bytes)/bestCPU/1e6)
}
