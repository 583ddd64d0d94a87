#!/usr/bin/env bash
# gen.sh: regenerates ../default.pgo with gc 1.19 (run by hand after
# changing ../work/work.go; the profile names functions by line).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/work" "$tmp/gen"
cp "$here/../work/work.go" "$tmp/work/"
cp "$here/main.go" "$tmp/gen/"
printf 'module example.com/rules_rog/tests/pgo\n\ngo 1.19\n' >"$tmp/go.mod"
cd "$tmp"
GOFLAGS=-mod=mod GOPROXY=off GOCACHE="$tmp/cache" /usr/lib/go-1.19/bin/go build -o "$tmp/gen.bin" ./gen
"$tmp/gen.bin" "$here/../default.pgo"
