#!/bin/sh
# passing_test.sh ERRORCHECK PASSING_LIST: every test in the list must still
# pass (Go's test directory comes from Debian's golang-1.19-src). Honours
# Bazel's test sharding: shard i of n takes every n-th line starting at i.
set -eu
root=${GOTEST_ROOT:-/usr/share/go-1.19/test}
if [ ! -d "$root" ]; then
  echo "missing $root (install golang-1.19-src)" >&2
  exit 1
fi
list=$2
if [ -n "${TEST_TOTAL_SHARDS:-}" ]; then
  [ -n "${TEST_SHARD_STATUS_FILE:-}" ] && touch "$TEST_SHARD_STATUS_FILE"
  shard=$(mktemp)
  awk -v n="$TEST_TOTAL_SHARDS" -v i="$TEST_SHARD_INDEX" '(NR - 1) % n == i' "$list" > "$shard"
  list=$shard
fi
exec "$1" -root "$root" -list "$list"
