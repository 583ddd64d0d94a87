#!/bin/bash
# //tests/bench:gcpause: GC pauses with ~1 GiB of live heap, rog against
# gc 1.19 in the same run. gcpause_gc.go (see its header) builds the live
# heap and a few thousand parked goroutines, then allocates garbage from
# 4 goroutines for CYCLES collections while a probe goroutine measures
# the longest gap it sees. Both builds run REPS times, alternating; rog
# runs with ROG_OPTS (default gc=concurrent; the environment's value if
# set). Prints, for each figure, the min and the median over the runs:
#   gcpause_max_{min,median}    rog=.. gc=.. unit=ms ratio=ROG/GC
#   gcpause_p99_{min,median}    (PauseNs of the cycles in the window)
#   gcpause_probe_{min,median}  (longest gap beyond a 100 us sleep)
# Usage: bazel run -c opt //tests/bench:gcpause -- [REPS [LIVE_MIB
#   [GOROUTINES [CYCLES]]]] (defaults 3, 1024, 4000, 6). Needs about
# 2.5x LIVE_MIB of memory per run.
set -euo pipefail
rog="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
# Under `bazel run` the working directory is this script's runfiles tree,
# which holds rog's runtime files (rog finds them by itself only when it
# was built as a top-level target, next to its own rog.runfiles).
if [ -z "${ROG_ROOT:-}" ] && [ -d runtime/go/runtime ]; then export ROG_ROOT="$PWD"; fi
src="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
reps="${3:-3}"
shift 3 || shift $#
args=("$@")
opts="${ROG_OPTS:-gc=concurrent}"
tmp="$(mktemp -d /tmp/gcpause_bench.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
export GOCACHE="$tmp/gocache" GOPATH="$tmp/gopath" HOME="$tmp"
"$rog" build -o "$tmp/rog_gcpause" "$src"
/usr/lib/go-1.19/bin/go build -o "$tmp/gc_gcpause" "$src"
# run NAME CMD...: appends the three figures of one run to $tmp/NAME.{max,p99,probe}
run() {
  local name="$1" out
  shift
  out="$("$@")"
  echo "  $name: $out" >&2
  for f in max:pause_max_ms p99:pause_p99_ms probe:probe_max_gap_ms; do
    sed -n "s/.*${f#*:}=\([0-9.]*\).*/\1/p" <<<"$out" >>"$tmp/$name.${f%%:*}"
  done
}
for ((i = 0; i < reps; i++)); do
  run rog env ROG_OPTS="$opts" "$tmp/rog_gcpause" "${args[@]}"
  run gc env -u ROG_OPTS "$tmp/gc_gcpause" "${args[@]}"
done
stats() { sort -n "$1" | awk '{v[NR] = $1} END {printf "%s %s", v[1], v[int((NR + 1) / 2)]}'; }
echo "rog ROG_OPTS=$opts, $reps runs each"
for f in max p99 probe; do
  read -r rmin rmed <<<"$(stats "$tmp/rog.$f")"
  read -r gmin gmed <<<"$(stats "$tmp/gc.$f")"
  awk -v f="$f" -v a="$rmin" -v b="$rmed" -v c="$gmin" -v d="$gmed" 'BEGIN {
    printf "gcpause_%s_min rog=%s gc=%s unit=ms ratio=%.3g\n", f, a, c, (c > 0 ? a / c : 0)
    printf "gcpause_%s_median rog=%s gc=%s unit=ms ratio=%.3g\n", f, b, d, (d > 0 ? b / d : 0)
  }'
done
