#!/bin/bash
# Builds each Go program in runtime/rt/testdata with rog, runs it and
# compares its output and exit status with gc 1.19's (testdata/NAME.out,
# made by update_go_programs.sh). Output after the first "goroutine N [...]:"
# line (the traceback: addresses and paths differ) is not compared, and
# signal PCs are masked.
#
# The programs in testdata/passing.txt must pass (the list only grows);
# the others are run and reported but do not fail the test: they wait for
# the back end (see the comment next to each in passing.txt).
#
# The runtime archive is always built -c opt without sanitizers
# (runtime/archive.bzl), so this runs the same under --config=asan (rog
# itself instrumented); should an instrumented archive ever appear, the
# test says so and skips rather than failing to link.
set -u
ws="${TEST_SRCDIR:?}/${TEST_WORKSPACE:?}"
rog="$ws/compiler/rog"
dir="$ws/runtime/rt/testdata"
tmp="${TEST_TMPDIR:?}"
export ROG_ROOT="$ws"

if nm "$ws/runtime/librog_rt.a" 2>/dev/null | grep -q -E '__(asan|tsan|ubsan)_'; then
  echo "SKIP: sanitizer build of the runtime archive"
  exit 0
fi
# A TSan build of rog links programs with -fsanitize=thread; TSan cannot see
# the runtime's futex-based handoffs between goroutine threads and reports
# races in every channel copy, so the programs' output is not comparable.
if nm "$rog" 2>/dev/null | grep -q '__tsan_init'; then
  echo "SKIP: rog is a ThreadSanitizer build (see the comment above)"
  exit 0
fi

normalize() {
  awk '
    /^exit status/ { print; next }
    skip { next }
    { gsub(/pc=0x[0-9a-f]+/, "pc=PC"); print }
    /^goroutine [0-9]+ \[[^]]*\]:$/ { skip = 1 }
  '
}

fail=0
pass=0
for src in "$dir"/*.go; do
  name=$(basename "$src" .go)
  want="$dir/$name.out"
  required=0
  grep -q -x "$name" <(sed 's/#.*//; s/[[:space:]]*$//' "$dir/passing.txt") && required=1
  status=ok
  if ! "$rog" build -o "$tmp/$name" "$src" >"$tmp/$name.build" 2>&1; then
    status="build failed: $(head -3 "$tmp/$name.build" | tr '\n' ' ')"
  else
    (cd "$tmp" && timeout 60 "./$name" >"$tmp/$name.raw" 2>&1; echo "exit status $?" >>"$tmp/$name.raw")
    normalize <"$tmp/$name.raw" >"$tmp/$name.got"
    if ! diff -u "$want" "$tmp/$name.got" >"$tmp/$name.diff"; then
      status="output differs:"$'\n'"$(head -20 "$tmp/$name.diff")"
    fi
  fi
  if [ "$status" = ok ]; then
    pass=$((pass + 1))
    echo "PASS $name"
    [ $required = 0 ] && echo "  (passes now: add it to testdata/passing.txt)"
  elif [ $required = 1 ]; then
    fail=1
    echo "FAIL $name: $status"
  else
    echo "pending $name: $status"
  fi
done
# The GC wired to the scheduler under other collector settings: the same
# output, and no complaint about the options (each runtime part must
# ignore the keys the others own).
printf '# ROG_OPTS=@file: one key = value per line\ngc = concurrent\nstackmin = 65536 # bytes\nmainstack="1048576"\n' >"$tmp/opts.toml"
for opts in "gc=concurrent" "gcstress=500" "gc=concurrent,gcstress=2000,stackmin=65536,mainstack=1048576" "@$tmp/opts.toml"; do
  for name in goroutines_gc goexit_main gc_stress stack_gc; do
    [ -x "$tmp/$name" ] || continue
    (cd "$tmp" && ROG_OPTS="$opts" GOGC=20 timeout 120 "./$name" >"$tmp/$name.raw" 2>&1; echo "exit status $?" >>"$tmp/$name.raw")
    normalize <"$tmp/$name.raw" >"$tmp/$name.got"
    if diff -u "$dir/$name.out" "$tmp/$name.got" >"$tmp/$name.diff"; then
      echo "PASS $name with ROG_OPTS=$opts GOGC=20"
    else
      fail=1
      echo "FAIL $name with ROG_OPTS=$opts GOGC=20:"
      head -20 "$tmp/$name.diff"
    fi
  done
done
echo "$pass programs pass"
exit $fail
