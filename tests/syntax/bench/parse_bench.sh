#!/bin/sh
# parse_bench.sh: rog's parser vs go/parser on every .go file of Go 1.19's
# src/ tree, in the same run, single-threaded, file reading included on both
# sides, best of REPS repetitions. Prints both lines and the speed ratios by
# wall time and by CPU time (user+sys, all threads; the figure to trust on a
# loaded machine).
#
#   tests/syntax/bench/parse_bench.sh [REPS]        (from the repository root)
#
# Builds the Go side with /usr/lib/go-1.19/bin/go and the rog side with
# clang-19 -O2 into a scratch directory under /tmp.
set -eu
REPS=${1:-3}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
GO=${GO:-/usr/lib/go-1.19/bin/go}
CC=${CC:-clang-19}
W=$(mktemp -d /tmp/rog_parse_bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
find /usr/share/go-1.19/src -name '*.go' -type f | LC_ALL=C sort > "$W/files"
GOCACHE="$W/gocache" GOPATH="$W/gopath" GO111MODULE=off "$GO" build -o "$W/goparse" "$ROOT/tests/syntax/bench/goparse.go"
"$CC" -std=gnu11 -O2 -DNDEBUG -I"$ROOT" "$ROOT"/compiler/syntax/*.c "$ROOT/tests/syntax/bench/rogparse.c" -o "$W/rogparse"
# warm the page cache
cat $(cat "$W/files") > /dev/null
G=$(GOMAXPROCS=1 "$W/goparse" "$W/files" "$REPS")
R=$("$W/rogparse" "$W/files" "$REPS")
echo "$G"
echo "$R"
gs=$(echo "$G" | sed 's/.* bytes, \([0-9.]*\) seconds.*/\1/')
rs=$(echo "$R" | sed 's/.* bytes, \([0-9.]*\) seconds.*/\1/')
gc=$(echo "$G" | sed 's/.* \([0-9.]*\) cpu-seconds.*/\1/')
rc=$(echo "$R" | sed 's/.* \([0-9.]*\) cpu-seconds.*/\1/')
echo "ratio (wall): rog is $(echo "scale=2; $gs / $rs" | bc)x faster than go/parser"
echo "ratio (cpu):  rog is $(echo "scale=2; $gc / $rc" | bc)x faster than go/parser"
