#!/bin/bash
# //tests/bench:stack_rss: RSS of 100k goroutines with grown stacks, after
# they exit and after a GC, rog against gc 1.19 in the same run
# (stack_rss.go says what is measured). Prints, per figure,
#   NAME rog=MiB gc=MiB unit=MiB ratio=ROG/GC
# (MiB above the RSS before the goroutines started; measured once: memory
# figures do not jitter like timings).
# Usage: bazel run -c opt //tests/bench:stack_rss
set -euo pipefail
rog="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
# Under `bazel run` the working directory is this script's runfiles tree,
# which holds rog's runtime files (rog finds them by itself only when it
# was built as a top-level target, next to its own rog.runfiles).
if [ -z "${ROG_ROOT:-}" ] && [ -d runtime/go/runtime ]; then export ROG_ROOT="$PWD"; fi
src="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
tmp="$(mktemp -d /tmp/stack_rss.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
export GOCACHE="$tmp/gocache" GOPATH="$tmp/gopath" HOME="$tmp" GO111MODULE=off CGO_ENABLED=0
"$rog" build -o "$tmp/rog_rss" "$src"
/usr/lib/go-1.19/bin/go build -o "$tmp/gc_rss" "$src"
"$tmp/rog_rss" >"$tmp/rog.out"
"$tmp/gc_rss" >"$tmp/gc.out"
join "$tmp/rog.out" "$tmp/gc.out" |
  awk '{printf "%s rog=%s gc=%s unit=MiB ratio=%.2f\n", $1, $2, $3, ($3 > 0 ? $2 / $3 : 0)}'
