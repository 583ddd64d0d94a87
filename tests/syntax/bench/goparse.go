// goparse is the Go side of the parse benchmark: it parses every file named
// in the list file (one path per line) with go/parser, comments included,
// one file at a time on one goroutine, REPS times, and prints the best
// repetition as "go: N files, B bytes, S seconds, M MB/s".
package main

import (
	"bufio"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"runtime/debug"
	"strconv"
	"time"
)

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
	var bytes int64
	for r := 0; r < reps; r++ {
		bytes = 0
		start := time.Now()
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
	}
	s := best.Seconds()
	fmt.Printf("go: %d files, %d bytes, %.3f seconds, %.1f MB/s\n", len(files), bytes, s, float64(bytes)/s/1e6)
}
