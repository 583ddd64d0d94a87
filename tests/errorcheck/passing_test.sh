#!/bin/sh
# passing_test.sh ERRORCHECK PASSING_LIST: every test in the list must still
# pass (Go's test directory comes from Debian's golang-1.19-src).
set -eu
root=${GOTEST_ROOT:-/usr/share/go-1.19/test}
if [ ! -d "$root" ]; then
  echo "missing $root (install golang-1.19-src)" >&2
  exit 1
fi
exec "$1" -root "$root" -list "$2"
