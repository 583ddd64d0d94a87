#!/bin/bash
# //tests/bench:defer: the cost of defer, rog against gc 1.19 in the same
# run. defer_gc.go makes 20M calls of functions that defer once (a func
# literal capturing a variable, and a direct call with an argument; gc
# open-codes both). Both builds run REPS times, alternating; prints the
# user CPU seconds (less sensitive than wall time to the other load on a
# shared machine) as
#   defer20M rog_min=.. rog_median=.. gc_min=.. gc_median=.. ratio=ROG/GC (medians)
# Usage: bazel run -c opt //tests/bench:defer -- [REPS] (default 5)
set -euo pipefail
rog="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
# Under `bazel run` the working directory is this script's runfiles tree,
# which holds rog's runtime files (rog finds them by itself only when it
# was built as a top-level target, next to its own rog.runfiles).
if [ -z "${ROG_ROOT:-}" ] && [ -d runtime/go/runtime ]; then export ROG_ROOT="$PWD"; fi
src="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
reps="${3:-5}"
tmp="$(mktemp -d /tmp/defer_bench.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
export GOCACHE="$tmp/gocache" GOPATH="$tmp/gopath" HOME="$tmp"
"$rog" build -o "$tmp/rog_defer" "$src"
/usr/lib/go-1.19/bin/go build -o "$tmp/gc_defer" "$src"
want="$("$tmp/gc_defer" 2>&1)"
[ "$("$tmp/rog_defer" 2>&1)" = "$want" ] || { echo "rog and gc outputs differ" >&2; exit 1; }
utime() { /usr/bin/time -f %U "$1" 2>&1 >/dev/null | tail -1; }
: >"$tmp/rog.t"
: >"$tmp/gc.t"
for ((i = 0; i < reps; i++)); do
  utime "$tmp/rog_defer" >>"$tmp/rog.t"
  utime "$tmp/gc_defer" >>"$tmp/gc.t"
done
stats() { sort -n "$1" | awk '{v[NR] = $1} END {printf "%s %s", v[1], v[int((NR + 1) / 2)]}'; }
read -r rmin rmed <<<"$(stats "$tmp/rog.t")"
read -r gmin gmed <<<"$(stats "$tmp/gc.t")"
awk -v a="$rmin" -v b="$rmed" -v c="$gmin" -v d="$gmed" \
  'BEGIN {printf "defer20M rog_min=%s rog_median=%s gc_min=%s gc_median=%s ratio=%.2f\n", a, b, c, d, (d > 0 ? b / d : 0)}'
