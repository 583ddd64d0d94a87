#!/bin/bash
# update_passing.sh: runs every errorcheck test of Go's test directory (top
# level, fixedbugs/, typeparam/) with the runner, prints the counts and
# rewrites passing.txt with the tests that pass.
#   tests/errorcheck/update_passing.sh [path/to/errorcheck]
set -u
ec=${1:-bazel-bin/tests/errorcheck/errorcheck}
here=$(cd "$(dirname "$0")" && pwd)
root=/usr/share/go-1.19/test
cd "$root"
out=$(mktemp)
for f in $(grep -l '^// errorcheck' *.go fixedbugs/*.go typeparam/*.go); do
  r=$(timeout 30 "$ec" "$root/$f" 2>/dev/null | head -1)
  [ -n "$r" ] || r="CRASH $f"
  echo "$r" >> "$out"
done
echo "pass $(grep -c '^PASS' "$out") fail $(grep -c '^FAIL' "$out") skip $(grep -c '^SKIP' "$out") crash $(grep -c '^CRASH' "$out") of $(wc -l < "$out")"
grep '^PASS' "$out" | cut -d' ' -f2 | sort > "$here/passing.txt"
rm -f "$out"
