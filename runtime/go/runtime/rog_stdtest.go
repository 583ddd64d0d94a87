// rog_stdtest.go: the profiling and execution-tracing API of package
// runtime that runtime/pprof, runtime/trace and testing use. The C side
// is runtime/rt/prof.c (its header comment is the design).
//
// What is real and what is not (say so in the doc comments too):
//   - CPU profiling (SetCPUProfileRate and runtime/pprof's readProfile) is
//     real: SIGPROF from setitimer(ITIMER_PROF), the interrupted
//     goroutine's frame-pointer chain written into a lock-free buffer that
//     readProfile drains in gc's record format, so runtime/pprof writes a
//     profile gc's `go tool pprof` reads.
//   - GoroutineProfile lists every goroutine with its stack.
//   - MemProfile, BlockProfile, MutexProfile and ThreadCreateProfile return
//     no records: rog's allocator does not sample allocations and its
//     locks do not record contention yet (TODO(prof)). The rates are kept
//     so that Set/Get round-trips behave.
//   - Execution tracing is not supported: StartTrace returns an error,
//     which runtime/trace.Start (and `go test -trace`) report.
//
// Rejected: implementing readProfile's record format in C directly into
// Go slices. The slices must be Go heap objects the GC knows; allocating
// them here in Go and letting C fill them keeps the C side free of
// allocation (and of GC interaction) altogether.
package runtime

import "unsafe"

// MemProfileRate controls the fraction of memory allocations that are
// recorded and reported in the memory profile. rog does not sample
// allocations yet (TODO(prof)): the variable exists so that programs and
// testing's -test.memprofilerate can set it.
var MemProfileRate int = 512 * 1024

// A StackRecord describes a single execution stack.
type StackRecord struct {
	Stack0 [32]uintptr // stack trace for this record; ends at first 0 entry
}

// Stack returns the stack trace associated with the record, a prefix of
// r.Stack0.
func (r *StackRecord) Stack() []uintptr {
	return stackPrefix(&r.Stack0)
}

// stackPrefix is the part of a record's stack before its first 0 entry.
func stackPrefix(stk *[32]uintptr) []uintptr {
	for i, v := range stk {
		if v == 0 {
			return stk[0:i]
		}
	}
	return stk[0:]
}

// A MemProfileRecord describes the live objects allocated by a particular
// call sequence (stack trace).
type MemProfileRecord struct {
	AllocBytes, FreeBytes     int64       // number of bytes allocated, freed
	AllocObjects, FreeObjects int64       // number of objects allocated, freed
	Stack0                    [32]uintptr // stack trace for this record; ends at first 0 entry
}

// InUseBytes returns the number of bytes in use (AllocBytes - FreeBytes).
func (r *MemProfileRecord) InUseBytes() int64 { return r.AllocBytes - r.FreeBytes }

// InUseObjects returns the number of objects in use (AllocObjects - FreeObjects).
func (r *MemProfileRecord) InUseObjects() int64 {
	return r.AllocObjects - r.FreeObjects
}

// Stack returns the stack trace associated with the record, a prefix of
// r.Stack0.
func (r *MemProfileRecord) Stack() []uintptr {
	return stackPrefix(&r.Stack0)
}

// BlockProfileRecord describes blocking events originated at a particular
// call sequence (stack trace).
type BlockProfileRecord struct {
	Count  int64
	Cycles int64
	StackRecord
}

// MemProfile returns a profile of memory allocated and freed per
// allocation site. rog does not sample allocations yet: it returns
// n = 0, ok = true (TODO(prof): sample by MemProfileRate in the
// allocator's slow path).
func MemProfile(p []MemProfileRecord, inuseZero bool) (n int, ok bool) {
	return 0, true
}

var blockProfileRate int
var mutexProfileFraction int

// SetBlockProfileRate controls the fraction of goroutine blocking events
// that are reported in the blocking profile. rog records none yet
// (TODO(prof)); the rate is kept.
func SetBlockProfileRate(rate int) {
	if rate < 0 {
		rate = 0
	}
	blockProfileRate = rate
}

// BlockProfile returns the current blocking profile: n = 0, ok = true
// under rog (TODO(prof)).
func BlockProfile(p []BlockProfileRecord) (n int, ok bool) {
	return 0, true
}

// SetMutexProfileFraction controls the fraction of mutex contention
// events that are reported in the mutex profile and returns the previous
// rate; a negative rate only reads it. rog records none yet (TODO(prof)).
func SetMutexProfileFraction(rate int) int {
	old := mutexProfileFraction
	if rate >= 0 {
		mutexProfileFraction = rate
	}
	return old
}

// MutexProfile returns the current mutex profile: n = 0, ok = true under
// rog (TODO(prof)).
func MutexProfile(p []BlockProfileRecord) (n int, ok bool) {
	return 0, true
}

// ThreadCreateProfile returns the thread creation profile: n = 0,
// ok = true under rog, which does not record where threads were created
// (TODO(prof)).
func ThreadCreateProfile(p []StackRecord) (n int, ok bool) {
	return 0, true
}

// GoroutineProfile returns n, the number of records in the active
// goroutine stack profile. If len(p) >= n, it copies the profile into p
// and returns n, true; otherwise it returns n, false. The runtime's own
// goroutines (the finalizer goroutine) are left out, as in gc.
func GoroutineProfile(p []StackRecord) (n int, ok bool) {
	var pp *StackRecord
	if len(p) > 0 {
		pp = &p[0]
	}
	n = goroutineProfile(unsafe.Pointer(pp), len(p), nil)
	return n, n <= len(p)
}

// SetCPUProfileRate sets the CPU profiling rate to hz samples per second;
// hz <= 0 turns profiling off. Most programs use runtime/pprof instead.
func SetCPUProfileRate(hz int)

// CPUProfile panics, as gc's does: use runtime/pprof.
func CPUProfile() []byte {
	panic("CPUProfile no longer available")
}

// Sizes of one readProfile batch (words and records); C stops filling
// when the next record would not fit.
const (
	profReadWords   = 1 << 15
	profReadRecords = 1 << 10
)

// pprofReadProfile is runtime/pprof's readProfile (reached through C):
// the profile data gathered since the last call, in gc's record format,
// and eof once profiling stopped and everything was read.
func pprofReadProfile() (data []uint64, tags []unsafe.Pointer, eof bool) {
	data = make([]uint64, profReadWords)
	tags = make([]unsafe.Pointer, profReadRecords)
	var nrec int
	n := profRead(&data[0], len(data), &tags[0], len(tags), &nrec)
	if n < 0 {
		return nil, nil, true
	}
	return dropStackSwitchFrames(data[:n]), tags[:nrec], false
}

// stackSwitchPC memoizes which PCs belong to rog's segmented-stack
// machinery. Used by the single profile reader only.
var stackSwitchPC = map[uintptr]bool{}

// dropStackSwitchFrames removes, in place, the frames a goroutine's stack
// shows where it moved to a new segment (the function's ·morestack
// thunk, rog_call_on_stack, rog_morestack): gc's profiles have no such
// frames, and they carry no line information, which makes runtime/pprof
// mark the executable's mapping as not symbolized.
func dropStackSwitchFrames(data []uint64) []uint64 {
	out := 0
	for i := 0; i < len(data); {
		n := int(data[i])
		rec := data[i : i+n]
		i += n
		start := out
		copy(data[out:], rec[:3])
		out += 3
		for k, pc := range rec[3:] {
			if k > 0 && rec[2] != 0 && isStackSwitchPC(uintptr(pc)) {
				continue
			}
			data[out] = pc
			out++
		}
		data[start] = uint64(out - start)
	}
	return data[:out]
}

func isStackSwitchPC(pc uintptr) bool {
	sw, ok := stackSwitchPC[pc]
	if !ok {
		name, _ := funcInfo(pc - 1)
		sw = name == "rog_call_on_stack" || name == "rog_morestack" ||
			len(name) > len("·morestack") && name[len(name)-len("·morestack"):] == "·morestack"
		stackSwitchPC[pc] = sw
	}
	return sw
}

// errorString-free error for StartTrace (package runtime cannot import
// errors).
type traceError struct{}

func (traceError) Error() string { return "runtime/trace: not supported by rog" }

// StartTrace enables execution tracing. rog does not support execution
// tracing: it returns an error, so runtime/trace.Start fails cleanly.
func StartTrace() error {
	return traceError{}
}

// StopTrace stops tracing, if it was previously enabled (it never is
// under rog).
func StopTrace() {}

// ReadTrace returns the next chunk of binary tracing data: nil, since
// tracing never starts under rog.
func ReadTrace() []byte {
	return nil
}

// Implemented in C (runtime/rt/prof.c). goroutineProfile fills up to n
// records (and labels, unless nil), the caller's own stack starting at
// its caller, and returns the number of goroutines.
func goroutineProfile(p unsafe.Pointer, n int, labels *unsafe.Pointer) int
func profRead(data *uint64, ndata int, tags *unsafe.Pointer, ntags int, nrec *int) int
