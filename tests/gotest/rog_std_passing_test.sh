#!/bin/sh
# rog_std_passing_test: the regression gate for Go's `run` tests that import
# standard-library packages (gotest.py --set=std; rog compiles std from
# /usr/share/go-1.19/src with its overlays). Every test listed in
# passing_rog_std.txt must still pass; the list only grows. Only the listed
# tests run (--listed-only), and all builds share one object cache in the
# test's temporary directory (rog build's ROGCACHE), so each std package is
# compiled once per run.
# The list is split in shards (gotest.py --shard, one Bazel target each) so
# each target stays near ten minutes on two cores.
#   $1 gotest.py  $2 the rog binary  $3 passing_rog_std.txt  $4 shard K/N
cache="${TEST_TMPDIR:-/tmp}/rogcache"
mkdir -p "$cache"
exec python3 "$1" --backend=rog --rog="$2" --set=std --passing="$3" --listed-only --shard="${4:-0/1}" --jobs=2 --timeout=300 \
  --env "ROGCACHE=$cache" --quiet
