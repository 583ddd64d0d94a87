#!/bin/bash
# testing_test: package testing under rog. Builds testingmain/main.go (a
# test binary with its own testing deps, see its header) with rog and
# checks what `go test` users rely on: -test.v output, -test.run
# selection of tests and subtests, t.Parallel, a failing test's report and
# exit status 1, benchmarks, -test.cpuprofile written in a format gc's
# `go tool pprof` reads (with samples in the spinning test function),
# goroutine profiles with labels, and runtime/trace's refusal.
set -u
ws="${TEST_SRCDIR:?}/${TEST_WORKSPACE:?}"
rog="$ws/compiler/rog"
tmp="${TEST_TMPDIR:?}"
export ROG_ROOT="$ws"
export ROGCACHE="$tmp/rogcache"
gc=/usr/lib/go-1.19/bin/go

if nm "$rog" 2>/dev/null | grep -q '__tsan_init'; then
  echo "SKIP: rog is a ThreadSanitizer build"
  exit 0
fi

fails=0
fail() {
  echo "FAIL: $*"
  fails=$((fails + 1))
}
# expect FILE REGEX: FILE has a line matching REGEX
expect() {
  grep -qE -- "$2" "$1" || {
    fail "$1 lacks /$2/:"
    sed 's/^/    /' "$1" | head -40
  }
}
absent() {
  if grep -qE -- "$2" "$1"; then fail "$1 has /$2/"; fi
}

cd "$tmp"
if ! "$rog" build -o tm "$ws/tests/std/testingmain/main.go" >build.log 2>&1; then
  cat build.log
  echo "FAIL: rog build"
  exit 1
fi

./tm >plain.out 2>&1 && status=0 || status=$?
[ "$status" = 0 ] || fail "plain run exited $status"
expect plain.out '^PASS$'
absent plain.out '=== RUN'

./tm -test.v >v.out 2>&1 || fail "-test.v run failed"
expect v.out '^=== RUN   TestSub/one$'
expect v.out '^=== PAUSE TestSub/two$'
expect v.out '^=== CONT  TestSub/'
expect v.out '^    --- PASS: TestSub/two \('
expect v.out '^--- SKIP: TestSpin '
expect v.out '^--- PASS: TestGoroutines '
expect v.out '^--- PASS: TestTraceRefused '
expect v.out '^    main.go:[0-9]+: logged from TestPass$'  # t.Log names its caller, as under gc

TESTINGMAIN_FAIL=1 ./tm -test.run 'Fail|Sub/two' -test.v >fail.out 2>&1 && status=0 || status=$?
[ "$status" = 1 ] || fail "a failing test exited $status, want 1"
expect fail.out '^--- FAIL: TestFail '
expect fail.out 'failing as asked: 42'
expect fail.out '^FAIL$'
expect fail.out '--- PASS: TestSub/two'
absent fail.out 'TestSub/one'
absent fail.out 'TestPass'

./tm -test.run XXX -test.bench Repeat -test.benchtime 200x -test.benchmem >bench.out 2>&1 || fail "benchmark run failed"
expect bench.out '^BenchmarkRepeat(-[0-9]+)?[[:space:]]+200[[:space:]]+[0-9.]+ ns/op[[:space:]]+[0-9]+ B/op[[:space:]]+[0-9]+ allocs/op$'

TESTINGMAIN_SPIN=1 ./tm -test.run Spin -test.cpuprofile cpu.prof >spin.out 2>&1 || fail "cpuprofile run failed"
if [ ! -s cpu.prof ]; then
  fail "no CPU profile written"
elif [ -x "$gc" ]; then
  # go tool pprof (gc's) must read it; the samples fall in spinWork,
  # called by testing.tRunner (the profile's own symbols: -symbolize=none)
  HOME="$tmp" "$gc" tool pprof -top tm cpu.prof >pprof.out 2>&1 || fail "gc's pprof cannot read the profile"
  expect pprof.out '^Type: cpu$'
  expect pprof.out 'Total samples = [1-9][0-9]*0ms'
  HOME="$tmp" "$gc" tool pprof -symbolize=none -traces cpu.prof >traces.out 2>&1 || fail "pprof -traces"
  expect traces.out '^ +[0-9]+ms +main\.(glob\.\.|init\.)func1$'
  expect traces.out '^ +testing\.tRunner$'
fi
[ "$fails" = 0 ] && echo PASS
exit "$fails"
