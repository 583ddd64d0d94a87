#!/bin/bash
# Memory per parked goroutine, rog vs gc 1.19 (issue 6: "memory for
# 100,000 parked goroutines no more than gc's per goroutine").
#
# Builds parked.go with rog and with gc for N = 100000 and N = 1, runs each
# under /usr/bin/time and takes the peak RSS (maxrss, KiB). The figure per
# goroutine is (maxrss(100000) - maxrss(1)) / 99999, so the runtime's fixed
# cost cancels. Prints
#   parked_goroutine_rss rog=BYTES gc=BYTES unit=bytes/goroutine ratio=R
# and fails when rog's figure is above gc's by more than 10% (RSS noise
# between runs is a few hundred KiB, 1-2% of the ~270 MB measured) or
# above 4 KiB in absolute terms (gc's here: about 2.7 KiB).
#
# Skipped under sanitizer builds of the runtime (bigger first segments on
# purpose, runtime/stack) and when gc 1.19 is not installed.
set -eu
ws="${TEST_SRCDIR:?}/${TEST_WORKSPACE:?}"
rog="$ws/compiler/rog"
src="$ws/runtime/rt/memtest/parked.go"
tmp="${TEST_TMPDIR:?}"
gogc=/usr/lib/go-1.19/bin/go
export ROG_ROOT="$ws"

if nm "$ws/runtime/librog_rt.a" 2>/dev/null | grep -q -E '__(asan|tsan|ubsan)_'; then
  echo "SKIP: sanitizer build of the runtime archive"
  exit 0
fi
if nm "$rog" 2>/dev/null | grep -q -E '__(asan|tsan)_init'; then
  echo "SKIP: sanitizer build of rog (its programs link a sanitizer runtime)"
  exit 0
fi
if [ ! -x "$gogc" ] || [ ! -x /usr/bin/time ]; then
  echo "SKIP: needs $gogc and /usr/bin/time"
  exit 0
fi

mkdir -p "$tmp/one" "$tmp/many"
cp "$src" "$tmp/many/parked.go"
sed 's/^const n = 100000 .*/const n = 1/' "$src" >"$tmp/one/parked.go"
grep -q '^const n = 1$' "$tmp/one/parked.go" || {
  echo "FAIL: could not rewrite the constant in parked.go"
  exit 1
}

maxrss_kib() { # binary expected-output
  /usr/bin/time -f '%M' -o "$tmp/time.out" "$1" >"$tmp/run.out" 2>&1 || {
    echo "FAIL: $1 exited with an error:" >&2
    cat "$tmp/run.out" >&2
    return 1
  }
  grep -q -x "$2" "$tmp/run.out" || {
    echo "FAIL: $1 printed something else than '$2':" >&2
    cat "$tmp/run.out" >&2
    return 1
  }
  tail -1 "$tmp/time.out"
}

for d in one many; do
  "$rog" build -o "$tmp/$d/rog" "$tmp/$d/parked.go"
  (cd "$tmp/$d" && HOME="$tmp" GOCACHE="$tmp/gocache" GOPATH="$tmp/gopath" GO111MODULE=off CGO_ENABLED=0 \
    "$gogc" build -o "$tmp/$d/gc" parked.go)
done

# best (lowest) of three runs of each, against transient noise
best() { # binary expected-output
  local b="" v
  for _ in 1 2 3; do
    v=$(maxrss_kib "$1" "$2") || exit 1
    if [ -z "$b" ] || [ "$v" -lt "$b" ]; then b=$v; fi
  done
  echo "$b"
}
rog1=$(best "$tmp/one/rog" "ok 1")
rogn=$(best "$tmp/many/rog" "ok 100000")
gc1=$(best "$tmp/one/gc" "ok 1")
gcn=$(best "$tmp/many/gc" "ok 100000")
echo "maxrss KiB: rog N=1 $rog1, N=100000 $rogn; gc N=1 $gc1, N=100000 $gcn"
awk -v r1="$rog1" -v rn="$rogn" -v g1="$gc1" -v gn="$gcn" 'BEGIN {
  r = (rn - r1) * 1024 / 99999; g = (gn - g1) * 1024 / 99999
  printf "parked_goroutine_rss rog=%.0f gc=%.0f unit=bytes/goroutine ratio=%.2f\n", r, g, r / g
  if (r > 1.10 * g) { print "FAIL: rog uses more than 110% of gc'"'"'s memory per parked goroutine"; exit 1 }
  if (r > 4096) { print "FAIL: more than 4 KiB per parked goroutine"; exit 1 }
}'
