#!/bin/bash
# Regenerates tests/std/testdata/*.out with gc 1.19 (the oracle):
#   tests/std/update_golden.sh [NAME.go...]
set -eu
cd "$(dirname "$0")/testdata"
files=("$@")
[ ${#files[@]} -eq 0 ] && files=(*.go)
for f in "${files[@]}"; do
  f=$(basename "$f")
  /usr/lib/go-1.19/bin/go run "$f" >"${f%.go}.out" 2>&1 && rc=0 || rc=$?
  echo "exit status $rc" >>"${f%.go}.out"
done
