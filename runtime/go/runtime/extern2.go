// extern2.go: the rest of package runtime's public API that the standard
// library needs (reflect, time, runtime/debug, testing): stack frames
// (Frame, Frames, CallersFrames), GOROOT and Stack.
//
// Frames are built from what the C runtime already knows per PC
// (funcInfo: symbol name and entry from .symtab; pcFileLine: DWARF line
// table, runtime/panic/trace.c). rog inlines functions without keeping
// inline tables, so each PC is exactly one Frame (gc expands inlined
// calls into several); a PC with no symbol yields a Frame with only PC
// set, as gc does for foreign code.
//
// Rejected: a C implementation of Frames.Next. Frames is an ordinary Go
// struct the caller owns (its layout must follow gc's field names, which
// user code reads); walking a slice in Go is simpler than filling that
// struct from C.
package runtime

// Frame is the information returned by Frames for each call frame.
type Frame struct {
	// PC is the program counter for the location in this frame (for a
	// frame that called another, the return address).
	PC uintptr

	// Func is the Func value of this call frame, or nil when unknown.
	Func *Func

	// Function is the package path-qualified function name of this call
	// frame, or "" when unknown.
	Function string

	// File and Line are the file name and line number of the location in
	// this frame; File is "" when unknown.
	File string
	Line int

	// Entry point program counter for the function, or zero.
	Entry uintptr
}

// Frames may be used to get function/file/line information for a slice
// of PC values returned by Callers.
type Frames struct {
	callers []uintptr
}

// CallersFrames takes a slice of PCs returned by Callers and prepares to
// return function/file/line information. Do not change the slice until
// you are done with the Frames.
func CallersFrames(callers []uintptr) *Frames {
	return &Frames{callers: callers}
}

// Next returns a Frame representing the next call frame in the slice of
// PC values, and whether there are more frames after it.
func (ci *Frames) Next() (frame Frame, more bool) {
	if len(ci.callers) == 0 {
		return Frame{}, false
	}
	pc := ci.callers[0]
	ci.callers = ci.callers[1:]
	frame.PC = pc
	// Callers returns return addresses: look up the call instruction,
	// which is before the return address (gc does the same).
	lookup := pc
	if lookup > 0 {
		lookup--
	}
	name, entry := funcInfo(lookup)
	if name != "" {
		frame.Func = &Func{name: name, entry: entry}
		frame.Function = name
		frame.Entry = entry
		file, line := pcFileLine(lookup)
		if file != "?" {
			frame.File = file
			frame.Line = line
		}
	}
	return frame, len(ci.callers) > 0
}

// defaultGOROOT is where rog finds the standard library sources (the
// Debian golang-1.19 layout rog builds against).
const defaultGOROOT = "/usr/share/go-1.19"

// GOROOT returns the root of the Go tree: the GOROOT environment variable
// of the process, or the root rog was built against.
func GOROOT() string {
	if s := getenv("GOROOT"); s != "" {
		return s
	}
	return defaultGOROOT
}

// Stack formats a stack trace of the calling goroutine into buf and
// returns the number of bytes written. rog writes the goroutine header
// and one "function\n\tfile:line" pair per frame, as gc; all is
// ignored: TODO(rt): the other goroutines' stacks when all is true.
func Stack(buf []byte, all bool) int {
	var pcs [64]uintptr
	n := Callers(2, pcs[:])
	s := "goroutine " + itoa(goid()) + " [running]:\n"
	frames := CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if f.Function != "" {
			s += f.Function + "(...)\n\t" + f.File + ":" + itoa(int64(f.Line)) + "\n"
		}
		if !more {
			break
		}
	}
	return copy(buf, s)
}

// itoa formats v in decimal (package runtime cannot import strconv).
func itoa(v int64) string {
	var b [20]byte
	i := len(b)
	neg := v < 0
	u := uint64(v)
	if neg {
		u = uint64(-v)
	}
	for {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// Implemented in C (runtime/sys/std.c): the value of an environment
// variable of the process ("" when unset), and the current goroutine's id.
func getenv(key string) string
func goid() int64
