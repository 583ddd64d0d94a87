#!/bin/sh
# list_std_test: `rog list` over the whole standard library must print
# exactly what gc 1.19's `go list` prints (goldens from update_golden.sh):
# the same packages in the same order, with the same Dir, Name, GoFiles,
# IgnoredGoFiles, Imports, ImportMap, Deps, TestGoFiles, TestImports,
# XTestGoFiles, XTestImports, embed patterns and other file lists, for
# linux/amd64 and linux/arm64; `-deps std`, `-deps cmd` and `-test -deps std` in the
# same post-order (test variants "p [p.test]" included); and the full
# `-test -deps -json` output for a few packages.
# Any difference fails the test and is shown as a diff.
#
# Why goldens and not gc at test time: the test stays hermetic (no go
# binary, GOCACHE or HOME inside the sandbox), and a Go upgrade shows up as
# a reviewed golden change rather than as a silently moving target.
set -u
rog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(cd "$(dirname "$2")" && pwd)
out=$(mktemp -d "${TEST_TMPDIR:-/tmp}/list_std.XXXXXX")
cd "$out" || exit 1
status=0
for arch in amd64 arm64; do
  GOARCH=$arch GOFLAGS= "$rog" list -json -goroot /usr/lib/go-1.19 std > "std_$arch.json"
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL: rog list -json std exited $rc for $arch"
    status=1
  fi
  if ! diff -u "$dir/std_$arch.json" "std_$arch.json" > "diff_$arch.txt"; then
    echo "FAIL: rog list -json std differs from go list for GOARCH=$arch:"
    head -100 "diff_$arch.txt"
    status=1
  fi
  GOARCH=$arch GOFLAGS= "$rog" list -deps -goroot /usr/lib/go-1.19 std > "deps_$arch.txt"
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL: rog list -deps std exited $rc for $arch"
    status=1
  fi
  if ! diff -u "$dir/std_deps_$arch.txt" "deps_$arch.txt"; then
    echo "FAIL: rog list -deps std order differs for GOARCH=$arch"
    status=1
  fi
  GOARCH=$arch GOFLAGS= "$rog" list -deps -goroot /usr/lib/go-1.19 cmd > "cmd_deps_$arch.txt"
  rc=$?
  if [ $rc -ne 0 ] || ! diff -u "$dir/cmd_deps_$arch.txt" "cmd_deps_$arch.txt"; then
    echo "FAIL: rog list -deps cmd (exit $rc) differs for GOARCH=$arch"
    status=1
  fi
  GOARCH=$arch GOFLAGS= "$rog" list -test -deps -goroot /usr/lib/go-1.19 std > "test_deps_$arch.txt"
  rc=$?
  if [ $rc -ne 0 ] || ! diff -u "$dir/std_test_deps_$arch.txt" "test_deps_$arch.txt"; then
    echo "FAIL: rog list -test -deps std (exit $rc) differs for GOARCH=$arch"
    status=1
  fi
  GOARCH=$arch GOFLAGS= "$rog" list -test -deps -json -goroot /usr/lib/go-1.19 container/list errors strings \
    > "test_pkgs_$arch.json"
  rc=$?
  if [ $rc -ne 0 ] || ! diff -u "$dir/test_pkgs_$arch.json" "test_pkgs_$arch.json" > "tdiff_$arch.txt"; then
    echo "FAIL: rog list -test -deps -json (exit $rc) differs for GOARCH=$arch"
    head -100 "tdiff_$arch.txt"
    status=1
  fi
  n=$(grep -c '"ImportPath"' "std_$arch.json")
  echo "$arch: $n packages compared"
  [ "$n" -gt 200 ] || { echo "FAIL: too few packages ($n)"; status=1; }
done
[ $status -eq 0 ] && echo PASS
exit $status
