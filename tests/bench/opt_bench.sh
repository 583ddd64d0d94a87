#!/usr/bin/env bash
# opt_bench.sh: LTO, PGO and BOLT against plain rog and gc 1.19, same run.
#
# The program is //rules_rog/tests/pgo (work.Run(2000): recursive Fib plus
# a hashing loop over a slice; no std imports, so both toolchains build
# it). tests/e2e/opt.sh builds the rog variants, training runs included
# (OPT_KEEP keeps them); gc builds :plain with --config=gc. Each binary runs
# REPS times (default 11), interleaved round by round (one warm-up round
# dropped), so load from other processes on a shared machine falls on all
# of them alike; the table gives min and median CPU time (user+sys, from
# wait4: less sensitive to load than wall time) and wall time, and their
# ratios to gc's (below 1: faster than gc). Same output from all binaries
# is checked first.
#   tests/bench/opt_bench.sh [REPS]
set -euo pipefail
reps="${1:-11}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
OPT_KEEP="$tmp/bins" tests/e2e/opt.sh >"$tmp/opt.log" 2>&1 || {
  tail -30 "$tmp/opt.log"
  exit 1
}
bazel build --jobs=2 --config=gc //rules_rog/tests/pgo:plain >/dev/null 2>&1
cp bazel-bin/rules_rog/tests/pgo/plain "$tmp/bins/gc"
names=(gc plain lto pgo_go pgo_llvm bolt)
want=$("$tmp/bins/gc" 2>&1)
for n in "${names[@]}"; do
  got=$("$tmp/bins/$n" 2>&1)
  [ "$got" = "$want" ] || {
    echo "opt_bench: $n printed '$got', gc '$want'" >&2
    exit 1
  }
done
python3 - "$tmp/bins" "$reps" "${names[@]}" <<'PY'
import os, statistics, subprocess, sys, time
bins, reps, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
wall = {n: [] for n in names}
cpu = {n: [] for n in names}
for r in range(reps + 1):  # round 0 warms up and is dropped
    for n in names:  # interleaved: load from other processes hits all alike
        t0 = time.perf_counter()
        p = subprocess.Popen([os.path.join(bins, n)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        t1 = time.perf_counter()
        if status != 0:
            sys.exit(f"opt_bench: {n} exit status {status}")
        if r:
            wall[n].append(t1 - t0)
            cpu[n].append(ru.ru_utime + ru.ru_stime)
def row(n, d):
    mn, md = min(d[n]), statistics.median(d[n])
    g = d["gc"]
    return f"{mn*1e3:8.1f} {md*1e3:8.1f} {mn/min(g):6.2f} {md/statistics.median(g):6.2f}"
print(f"{reps} interleaved runs each; ratios to gc 1.19 (below 1: faster than gc)")
print(f"{'binary':9} | {'cpu ms: min':>8} {'median':>8} {'min/gc':>6} {'med/gc':>6} | {'wall ms: min':>8} {'median':>8} {'min/gc':>6} {'med/gc':>6}")
for n in names:
    print(f"{n:9} | {row(n, cpu)}       | {row(n, wall)}")
PY
