#!/bin/bash
# std_programs_test: Go programs that use the standard library, built by
# rog (`rog build`, std compiled from /usr/share/go-1.19/src with rog's
# overlays from runtime/go), run, and compared with gc 1.19's output
# (testdata/NAME.out = stdout and stderr of `go run NAME.go`, then a line
# "exit status N"; regenerate with update_golden.sh).
#
# Every program must pass. claimed.txt lists the std packages rog claims
# to compile and run correctly; each must be imported by at least one
# program here, so a claim is always exercised by a real program.
set -u
ws="${TEST_SRCDIR:?}/${TEST_WORKSPACE:?}"
rog="$ws/compiler/rog"
dir="$ws/tests/std/testdata"
tmp="${TEST_TMPDIR:?}"
export ROG_ROOT="$ws"
# one object cache for the run (compiler/driver/buildcache.c): the programs
# share most of std, so each package is lowered once
export ROGCACHE="$tmp/rogcache"

# The runtime archive is never instrumented (runtime/archive.bzl); a TSan
# build of rog would link programs with -fsanitize=thread, whose reports on
# the runtime's futex handoffs make outputs incomparable (as in
# runtime/rt/go_programs_test.sh).
if nm "$rog" 2>/dev/null | grep -q '__tsan_init'; then
  echo "SKIP: rog is a ThreadSanitizer build"
  exit 0
fi

# Optional arguments split the programs between test targets (each builds
# std cold in its own sandbox): $1 a shell pattern of the program names to
# run (default all), $2 a pattern of names to leave out (default none).
include="${1:-*}"
exclude="${2:-}"

fail=0
pass=0
for src in "$dir"/*.go; do
  name=$(basename "$src" .go)
  # shellcheck disable=SC2053 # patterns on purpose
  [[ $name == $include ]] || continue
  # shellcheck disable=SC2053
  [[ -n $exclude && $name == $exclude ]] && continue
  if ! "$rog" build -o "$tmp/$name" "$src" >"$tmp/$name.build" 2>&1; then
    echo "FAIL $name: build failed:"
    head -10 "$tmp/$name.build"
    fail=1
    continue
  fi
  (cd "$tmp" && timeout 60 "./$name" >"$tmp/$name.got" 2>&1; echo "exit status $?" >>"$tmp/$name.got")
  if diff -u "$dir/$name.out" "$tmp/$name.got" >"$tmp/$name.diff"; then
    pass=$((pass + 1))
    echo "PASS $name"
  else
    echo "FAIL $name: output differs:"
    head -30 "$tmp/$name.diff"
    fail=1
  fi
done

# The same programs under the concurrent collector with frequent GCs: the
# write-barrier paths (sync/atomic's pointer stores, reflect's typed
# copies, the frames of reflect's dynamic calls) are only taken while the
# collector marks.
for name in atomic reflect refl_call refl_json_template; do
  [ -x "$tmp/$name" ] || continue
  (cd "$tmp" && ROG_OPTS=gc=concurrent,gcstress=500 GOGC=20 timeout 120 "./$name" >"$tmp/$name.gc.got" 2>&1; echo "exit status $?" >>"$tmp/$name.gc.got")
  if diff -u "$dir/$name.out" "$tmp/$name.gc.got" >"$tmp/$name.gc.diff"; then
    echo "PASS $name with ROG_OPTS=gc=concurrent,gcstress=500"
  else
    echo "FAIL $name with ROG_OPTS=gc=concurrent,gcstress=500:"
    head -30 "$tmp/$name.gc.diff"
    fail=1
  fi
done

# every claimed package is imported by some program
while read -r pkg; do
  pkg=${pkg%%#*}
  pkg=${pkg//[[:space:]]/}
  [ -z "$pkg" ] && continue
  if ! grep -l -q -E "^[[:space:]]*(import[[:space:]]+)?(_ |[a-z0-9]+ )?\"$pkg\"" "$dir"/*.go; then
    echo "FAIL claimed package $pkg: no program in testdata imports it"
    fail=1
  fi
done <"$ws/tests/std/claimed.txt"
echo "$pass programs pass"
exit $fail
