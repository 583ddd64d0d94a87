package runtime

// GOOS is the running program's operating system target.
const GOOS = "linux"

// Compiler is the name of the compiler toolchain family. rog reproduces
// gc's data layouts and symbol names, so code that checks for "gc" works.
const Compiler = "gc"

// Version returns the Go version the program's language and library
// follow.
func Version() string {
	return "go1.19"
}

// GC runs a garbage collection and blocks until it is complete.
func GC()

// Gosched yields the processor, allowing other goroutines to run.
func Gosched()

// Goexit terminates the goroutine that calls it, after running all
// deferred calls. Called from the main goroutine, the program continues
// with the other goroutines; when none is left runnable it crashes.
func Goexit()

// NumGoroutine returns the number of goroutines that currently exist.
func NumGoroutine() int

// GOMAXPROCS returns the number of Ps. rog cannot change it while the
// program runs yet: n is ignored.
func GOMAXPROCS(n int) int

// NumCPU returns the number of logical CPUs usable by the process.
func NumCPU() int

// LockOSThread wires the calling goroutine to its current OS thread.
func LockOSThread()

// UnlockOSThread undoes an earlier call to LockOSThread.
func UnlockOSThread()

// KeepAlive marks its argument as currently reachable.
func KeepAlive(x any)

// SetFinalizer sets the finalizer associated with obj to finalizer.
// rog calls finalizers of the form func(*T); see runtime/rt/api.c for the
// limits.
func SetFinalizer(obj any, finalizer any)

// Caller reports file and line number information about function
// invocations on the calling goroutine's stack. skip 0 is the caller of
// Caller. File and line come from the binary's debug data; without it
// they are "?" and 0.
func Caller(skip int) (pc uintptr, file string, line int, ok bool)

// Callers fills pc with the return program counters of function
// invocations on the calling goroutine's stack and returns how many.
// skip 0 is Callers itself, 1 its caller.
func Callers(skip int, pc []uintptr) int

// A Func represents a Go function in the running binary.
type Func struct {
	name  string
	entry uintptr
}

// FuncForPC returns a *Func describing the function that contains the
// given program counter address, or else nil.
func FuncForPC(pc uintptr) *Func {
	name, entry := funcInfo(pc)
	if name == "" {
		return nil
	}
	return &Func{name: name, entry: entry}
}

// Name returns the name of the function.
func (f *Func) Name() string {
	if f == nil {
		return ""
	}
	return f.name
}

// Entry returns the entry address of the function.
func (f *Func) Entry() uintptr {
	if f == nil {
		return 0
	}
	return f.entry
}

// FileLine returns the file name and line number of the source code
// corresponding to the program counter pc.
func (f *Func) FileLine(pc uintptr) (file string, line int) {
	return pcFileLine(pc)
}

// Implemented in C (runtime/panic/trace.c).
func funcInfo(pc uintptr) (name string, entry uintptr)
func pcFileLine(pc uintptr) (file string, line int)
