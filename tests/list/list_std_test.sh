#!/bin/sh
# list_std_test: `rog list` over the whole standard library must print
# exactly what gc 1.19's `go list` prints (goldens from update_golden.sh):
# the same packages in the same order, with the same Dir, Name, GoFiles,
# IgnoredGoFiles, Imports, ImportMap, Deps, TestGoFiles, TestImports,
# XTestGoFiles, XTestImports, embed patterns and other file lists, for
# linux/amd64 and linux/arm64; and `-deps std` in the same post-order.
# Any difference fails the test and is shown as a diff.
#
# Why goldens and not gc at test time: the test stays hermetic (no go
# binary, GOCACHE or HOME inside the sandbox), and a Go upgrade shows up as
# a reviewed golden change rather than as a silently moving target.
set -u
rog="$1"
dir=$(cd "$(dirname "$2")" && pwd)
out=$(mktemp -d "${TEST_TMPDIR:-/tmp}/list_std.XXXXXX")
cd "$out" || exit 1
status=0
for arch in amd64 arm64; do
  if ! GOARCH=$arch GOFLAGS= "$rog" list -json -goroot /usr/lib/go-1.19 std > "std_$arch.json"; then
    echo "FAIL: rog list -json std exited $? for $arch"
    status=1
  fi
  if ! diff -u "$dir/std_$arch.json" "std_$arch.json" > "diff_$arch.txt"; then
    echo "FAIL: rog list -json std differs from go list for GOARCH=$arch:"
    head -100 "diff_$arch.txt"
    status=1
  fi
  if ! GOARCH=$arch GOFLAGS= "$rog" list -deps -goroot /usr/lib/go-1.19 std > "deps_$arch.txt"; then
    echo "FAIL: rog list -deps std exited $? for $arch"
    status=1
  fi
  if ! diff -u "$dir/std_deps_$arch.txt" "deps_$arch.txt"; then
    echo "FAIL: rog list -deps std order differs for GOARCH=$arch"
    status=1
  fi
  n=$(grep -c '"ImportPath"' "std_$arch.json")
  echo "$arch: $n packages compared"
  [ "$n" -gt 200 ] || { echo "FAIL: too few packages ($n)"; status=1; }
done
[ $status -eq 0 ] && echo PASS
exit $status
