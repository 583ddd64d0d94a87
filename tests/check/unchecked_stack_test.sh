#!/bin/sh
# unchecked_stack_test: a program built with rog's stack pass off has no
# stack checks, so its goroutine stacks cannot grow; `rog build` then links
# it so that the runtime gives goroutines big fixed stacks
# (rog_stack_unchecked, runtime/stack/stack.c). A goroutine recursing
# 10000 frames deep (test/fixedbugs/issue10353.go's growstack) must run;
# on the default 2 KiB first segment it faults.
#   unchecked_stack_test.sh ROG
set -u
rog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [ -n "${TEST_SRCDIR:-}" ] && [ -n "${TEST_WORKSPACE:-}" ]; then
  export ROG_ROOT="$TEST_SRCDIR/$TEST_WORKSPACE"
fi
export ROGCACHE=off
tmp=${TEST_TMPDIR:-/tmp}/unchecked_stack.$$
mkdir -p "$tmp" && cd "$tmp" || exit 1
cat >deep.go <<'EOG'
package main

//go:noinline
func grow(n int) int {
	var buf [8]int
	buf[n%8] = n
	if n == 0 {
		return 0
	}
	return grow(n-1) + buf[n%8] - n + 1
}

func main() {
	c := make(chan int)
	go func() { c <- grow(10000) }()
	println(<-c)
}
EOG
"$rog" build -passes=h2s,wb,preempt,spec -o deep deep.go || { echo "FAIL: rog build"; exit 1; }
got=$(./deep 2>&1 | head -1)
[ "$got" = "10000" ] || { echo "FAIL: stack pass off: printed '$got', want 10000"; exit 1; }
cd / && rm -rf "$tmp"
echo PASS
