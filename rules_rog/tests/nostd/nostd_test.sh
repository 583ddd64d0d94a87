#!/bin/sh
# nostd_test.sh BINARY GOLDEN: the binary's output (stderr: print/println)
# equals the golden file, whichever toolchain built it.
set -eu
out=$("$1" 2>&1)
if [ "$out" != "$(cat "$2")" ]; then
  printf 'got:\n%s\nwant:\n' "$out" >&2
  cat "$2" >&2
  exit 1
fi
echo PASS
