#!/bin/bash
# Regenerates tests/std/testdata/*.out with gc 1.19 (the oracle):
#   tests/std/update_golden.sh [NAME.go...]
# Each program is built and run directly (not through `go run`, which
# adds its own "exit status" line and exit code for failing programs).
set -eu
cd "$(dirname "$0")/testdata"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=("$@")
[ ${#files[@]} -eq 0 ] && files=(*.go)
for f in "${files[@]}"; do
  f=$(basename "$f")
  /usr/lib/go-1.19/bin/go build -o "$tmp/${f%.go}" "$f"
  (cd "$tmp" && "./${f%.go}" >"$OLDPWD/${f%.go}.out" 2>&1) && rc=0 || rc=$?
  echo "exit status $rc" >>"${f%.go}.out"
done
