// sys_fmt: fmt, log and flag over os.Stdout/os.Stderr under rog: Println,
// Printf verbs with structs, pointers, maps (sorted keys), slices, errors
// (wrapped), Sprintf/Sscanf, log's prefix and flags, flag parsing.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"strings"
	"time"
)

type Point struct {
	X, Y int
	Name string
	Tags []string
}

func (p Point) Norm1() int { return abs(p.X) + abs(p.Y) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type myErr struct{ code int }

func (e *myErr) Error() string { return fmt.Sprintf("my error %d", e.code) }

func main() {
	fmt.Println("hello, world")
	p := Point{1, -2, "p", []string{"a", "b"}}
	fmt.Printf("%v|%+v|%#v\n", p, p, p)
	fmt.Printf("%v %+v %T %d\n", &p, &Point{X: 3}, p, p.Norm1())
	m := map[string]int{"b": 2, "a": 1, "c": 3}
	fmt.Println(m, len(m), []int{1, 2, 3}, [2]bool{true, false}, []string(nil), map[int]string{})
	fmt.Printf("%d %5d %-5d| %05d %x %X %o %b %c %U\n", 42, 42, 42, 42, 255, 255, 8, 5, 'G', 'G')
	fmt.Printf("%f %.2f %8.3f %e %g %g\n", 3.14159, 3.14159, 3.14159, 1234.5678, 0.000001, 1e21)
	fmt.Printf("%s %q %v %x % x %10s|%-10s|\n", "str", "quo\"te", []byte("hi"), "hex", "hex", "right", "left")
	fmt.Printf("%t %v %p %v\n", true, nil, nil, Celsius(21.5))
	fmt.Printf("%v %v %+v\n", struct{ A int }{1}, [][]int{{1}, {2, 3}}, struct {
		A int
		B *int
	}{1, nil})
	var e error = &myErr{7}
	w := fmt.Errorf("context: %w", e)
	var me *myErr
	fmt.Println(w, errors.Is(w, e), errors.As(w, &me), me.code, errors.Unwrap(w) == e)
	_, err := os.Open("/nonexistent/rog")
	fmt.Println(err, errors.Is(err, fs.ErrNotExist))
	s := fmt.Sprintf("%03d-%s", 7, "x")
	var a, b int
	var word string
	n, _ := fmt.Sscanf("10 20 go", "%d %d %s", &a, &b, &word)
	fmt.Println(s, n, a+b, word, fmt.Sprint("a", 1, 2, "b"), fmt.Sprintln("end"))
	fmt.Println(3*time.Second+500*time.Millisecond, time.Date(2022, 8, 2, 13, 45, 0, 0, time.UTC))
	fmt.Printf("%v %d\n", complex(1, -2), []int8{-1, 2})
	fmt.Printf("%!verb %d\n", "extra")

	log.SetFlags(0)
	log.SetOutput(os.Stdout)
	log.SetPrefix("[rog] ")
	log.Println("log line", 1)
	log.Printf("formatted %q", "x")
	l := log.New(os.Stdout, "custom: ", log.Lmsgprefix)
	l.Print("msg")

	fset := flag.NewFlagSet("prog", flag.ContinueOnError)
	fset.SetOutput(os.Stdout)
	num := fset.Int("n", 5, "a number")
	name := fset.String("name", "def", "a name")
	verbose := fset.Bool("v", false, "verbose")
	dur := fset.Duration("d", time.Second, "a duration")
	err = fset.Parse([]string{"-n", "9", "-name=rog", "-v", "-d", "1m30s", "rest", "args"})
	fmt.Println(err, *num, *name, *verbose, *dur, fset.NArg(), strings.Join(fset.Args(), ","))
	err = fset.Parse([]string{"-undefined"})
	fmt.Println("parse error:", err)
	fmt.Fprintln(os.Stderr, "to stderr")
	fmt.Fprintf(os.Stdout, "%s\n", strings.Repeat("=", 10))
}
