// A test binary built the way `go test` builds one, but with its own
// testing deps instead of testing/internal/testdeps (an internal package
// that `rog build` of a main package may not import). testing_test.sh
// builds it with rog and checks -test.v, -test.run, subtests, t.Parallel,
// failures and the exit status, benchmarks, -test.cpuprofile (read back
// by gc's pprof), goroutine profiles with labels and runtime/trace's
// refusal.
package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"strings"
	"testing"
	"time"
)

func TestPass(t *testing.T) {
	if strings.Repeat("a", 3) != "aaa" {
		t.Fatal("strings.Repeat")
	}
	t.Log("logged from TestPass")
}

func TestSub(t *testing.T) {
	for _, n := range []string{"one", "two"} {
		n := n
		t.Run(n, func(t *testing.T) {
			t.Parallel()
			time.Sleep(10 * time.Millisecond)
			if n == "" {
				t.Error("empty name")
			}
		})
	}
}

func TestFail(t *testing.T) {
	if os.Getenv("TESTINGMAIN_FAIL") != "" {
		t.Errorf("failing as asked: %d", 42)
	}
}

var sink uint64

// spinWork is called through a func value so that it stays a frame of its
// own in the CPU profile.
var spinWork = func(d time.Duration) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		for i := uint64(0); i < 100000; i++ {
			sink += i * i % 7
		}
	}
}

func TestSpin(t *testing.T) {
	if os.Getenv("TESTINGMAIN_SPIN") == "" {
		t.Skip("TESTINGMAIN_SPIN not set")
	}
	spinWork(400 * time.Millisecond)
}

func TestGoroutines(t *testing.T) {
	block := make(chan struct{})
	started := make(chan struct{})
	for i := 0; i < 3; i++ {
		go func() {
			pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("role", "blocker")))
			started <- struct{}{}
			<-block
		}()
	}
	for i := 0; i < 3; i++ {
		<-started
	}
	defer close(block)
	p := make([]runtime.StackRecord, 100)
	n, ok := runtime.GoroutineProfile(p)
	if !ok || n < 5 || n != runtime.NumGoroutine() {
		t.Fatalf("GoroutineProfile: n=%d ok=%v NumGoroutine=%d", n, ok, runtime.NumGoroutine())
	}
	if n2, ok := runtime.GoroutineProfile(p[:1]); ok || n2 != n {
		t.Fatalf("GoroutineProfile with 1 slot: n=%d ok=%v, want %d false", n2, ok, n)
	}
	// A goroutine that has sent on started may not have reached <-block
	// yet (its stack then differs from the others'), so take profiles
	// until the three are grouped, for at most 5 s.
	var out string
	for deadline := time.Now().Add(5 * time.Second); ; {
		var b bytes.Buffer
		if err := pprof.Lookup("goroutine").WriteTo(&b, 1); err != nil {
			t.Fatal(err)
		}
		out = b.String()
		if strings.Contains(out, "3 @ ") || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, want := range []string{"goroutine profile: total ", "main.TestGoroutines", "main.TestGoroutines.func1", `# labels: {"role":"blocker"}`} {
		if !strings.Contains(out, want) {
			t.Errorf("goroutine profile lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "3 @ ") {
		t.Errorf("goroutine profile does not group the 3 blocked goroutines:\n%s", out)
	}
}

func TestTraceRefused(t *testing.T) {
	err := trace.Start(io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not supported by rog") {
		t.Fatalf("trace.Start: %v", err)
	}
	if trace.IsEnabled() {
		t.Fatal("trace enabled after a refused start")
	}
}

func BenchmarkRepeat(b *testing.B) {
	for i := 0; i < b.N; i++ {
		_ = strings.Repeat("ab", 100)
	}
}

type deps struct{}

func (deps) MatchString(pat, str string) (bool, error) { return regexp.MatchString(pat, str) }
func (deps) StartCPUProfile(w io.Writer) error         { return pprof.StartCPUProfile(w) }
func (deps) StopCPUProfile()                           { pprof.StopCPUProfile() }
func (deps) WriteProfileTo(name string, w io.Writer, debug int) error {
	return pprof.Lookup(name).WriteTo(w, debug)
}
func (deps) ImportPath() string     { return "testingmain" }
func (deps) StartTestLog(io.Writer) {}
func (deps) StopTestLog() error     { return nil }
func (deps) SetPanicOnExit0(bool)   {}
func (deps) CoordinateFuzzing(time.Duration, int64, time.Duration, int64, int, []corpusEntry, []reflect.Type, string, string) error {
	return nil
}
func (deps) RunFuzzWorker(func(corpusEntry) error) error              { return nil }
func (deps) ReadCorpus(string, []reflect.Type) ([]corpusEntry, error) { return nil, nil }
func (deps) CheckCorpus([]any, []reflect.Type) error                  { return nil }
func (deps) ResetCoverage()                                           {}
func (deps) SnapshotCoverage()                                        {}

// The fuzzing corpus entry type testing expects of its deps.
type corpusEntry = struct {
	Parent     string
	Path       string
	Data       []byte
	Values     []any
	Generation int
	IsSeed     bool
}

var tests = []testing.InternalTest{
	{"TestPass", TestPass},
	{"TestSub", TestSub},
	{"TestFail", TestFail},
	{"TestSpin", TestSpin},
	{"TestGoroutines", TestGoroutines},
	{"TestTraceRefused", TestTraceRefused},
}

var benchmarks = []testing.InternalBenchmark{{"BenchmarkRepeat", BenchmarkRepeat}}

func main() {
	m := testing.MainStart(deps{}, tests, benchmarks, nil, nil)
	os.Exit(m.Run())
}
