// runtime.Caller, Callers and FuncForPC: function names and lines.
package main

import "runtime"

func base(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '/' {
			return path[i+1:]
		}
	}
	return path
}

//go:noinline
func where() (string, int) {
	pc, file, line, ok := runtime.Caller(1)
	if !ok {
		return "?", 0
	}
	return runtime.FuncForPC(pc).Name() + " " + base(file), line
}

func main() {
	pc, file, line, ok := runtime.Caller(0)
	println(runtime.FuncForPC(pc).Name(), base(file), line, ok)
	name, l := where()
	println(name, l)
	pcs := make([]uintptr, 10)
	n := runtime.Callers(1, pcs)
	found := false
	for _, pc := range pcs[:n] {
		if f := runtime.FuncForPC(pc - 1); f != nil && f.Name() == "main.main" {
			found = true
		}
	}
	println(n > 0, found)
	_, _, _, ok = runtime.Caller(1000)
	println(ok)
}
