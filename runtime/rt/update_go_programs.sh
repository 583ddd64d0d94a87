#!/bin/bash
# Regenerates runtime/rt/testdata/*.out with gc 1.19: builds and runs each
# program, keeps stdout+stderr up to the traceback and the exit status, in
# the form go_programs_test.sh compares.
set -eu
cd "$(dirname "$0")/testdata"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for src in *.go; do
  name=${src%.go}
  /usr/lib/go-1.19/bin/go build -o "$tmp/$name" "$src"
  { "$tmp/$name" 2>&1; echo "exit status $?"; } | awk '
    /^exit status/ { print; next }
    skip { next }
    { gsub(/pc=0x[0-9a-f]+/, "pc=PC"); print }
    /^goroutine [0-9]+ \[[^]]*\]:$/ { skip = 1 }
  ' >"$name.out" || true
done
