#!/bin/sh
# maxarray_test: MaxArray from the ROG talk (testdata/maxarray/maxarray.go)
# compiles at -O2 to a vectorized loop with packed max on amd64 (maxpd)
# and, on arm64, to a vector compare and bit select (fcmgt + bif/bsl: NEON's
# fmax/fmaxnm treat NaN differently from Go's `y[i] > c`, see
# compiler/passes/spec.c). With the spec pass off the packed max is gone
# (the test can fail). The program's output, NaN and signed-zero cases
# included, matches gc's (maxarray.out).
set -u
rog="$1"
src="$2"
want="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
# rog finds its runtime files next to itself (rog.runfiles) or under
# ROG_ROOT; inside the test sandbox only the test's own runfiles tree, which
# holds rog's data, is certain to exist (rog.runfiles may not, yet, on a
# cold build).
if [ -n "${TEST_SRCDIR:-}" ] && [ -n "${TEST_WORKSPACE:-}" ]; then
  export ROG_ROOT="$TEST_SRCDIR/$TEST_WORKSPACE"
fi
cp "$src" maxarray.go

# The function's own assembly: from its label to its .size line.
# (The stack pass may split it into main.MaxArray and "main.MaxArray·body".)
body() { awk '/^"?main\.MaxArray(·body)?"?:/,/\.size/' "$1"; }

"$rog" build -O2 -S -o amd64 maxarray.go || fail "rog build -S (amd64)"
body amd64.s >amd64.fn
grep -Eq 'maxpd[[:space:]]' amd64.fn || fail "no maxpd in main.MaxArray: $(cat amd64.fn)"

# -o NAME.s is the assembly file itself (not NAME.s.s)
"$rog" build -O2 -S -o named.s maxarray.go || fail "rog build -S -o named.s"
[ -f named.s ] && [ ! -e named.s.s ] || fail "-S -o named.s did not write named.s"
cmp -s named.s amd64.s || fail "-S -o named.s differs from -S -o amd64"

GOARCH=arm64 "$rog" build -O2 -S -o arm64 maxarray.go || fail "rog build -S (arm64)"
body arm64.s >arm64.fn
grep -Eq 'fcmgt[[:space:]]+v[0-9]+\.2d' arm64.fn || fail "no vector fcmgt in main.MaxArray (arm64)"
grep -Eq '(bif|bsl|bit)[[:space:]]+v[0-9]+\.16b' arm64.fn || fail "no vector bit select in main.MaxArray (arm64)"

# spec off: the store stays conditional and no packed max appears.
"$rog" build -O2 -S -passes=h2s,wb,preempt,stack -o nospec maxarray.go || fail "rog build -passes"
body nospec.s >nospec.fn
if grep -Eq 'maxpd[[:space:]]' nospec.fn; then fail "maxpd without the spec pass: the test cannot tell"; fi

# The -d=spec remark names the source line of the store.
"$rog" build -O2 -d=spec -o maxarray maxarray.go 2>remarks.txt || fail "rog build -d=spec"
grep -q "maxarray.go:15:[0-9]*: spec: conditional store made unconditional" remarks.txt ||
  fail "no spec remark: $(cat remarks.txt)"

# Behaviour as gc's.
./maxarray >got.txt 2>&1
rc=$?
[ "$rc" = 0 ] || fail "exit status $rc: $(cat got.txt)"
diff -u "$want" got.txt || fail "output differs from gc's"
echo PASS
