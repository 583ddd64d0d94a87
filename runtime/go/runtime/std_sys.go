// std_sys.go: the Go side of the hooks packages os and syscall need from
// the runtime (the C side is runtime/sys/std.c, which defines
// os.runtime_args and syscall.runtime_envs by calling these).
//
// The strings point into the process's argv and environ memory, which
// lives as long as the process (gc's gostringnocopy); the slices are
// fresh Go heap objects the caller may modify.
package runtime

func goArgs() []string {
	n := argc()
	a := make([]string, n)
	for i := range a {
		a[i] = argv(i)
	}
	return a
}

func goEnvs() []string {
	n := envc()
	e := make([]string, n)
	for i := range e {
		e[i] = envv(i)
	}
	return e
}

// Implemented in C (runtime/sys/std.c).
func argc() int
func argv(i int) string
func envc() int
func envv(i int) string
