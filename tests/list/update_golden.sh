#!/bin/sh
# update_golden.sh: regenerates the goldens of //tests/list:list_std_test
# from gc 1.19's `go list`, for linux/amd64 and linux/arm64.
#
#   tests/list/update_golden.sh        (from anywhere; needs python3)
#
# Conditions match what the test runs rog with: GOROOT /usr/lib/go-1.19
# (Debian's go; its src is a symlink to /usr/share/go-1.19/src), module mode
# with GOFLAGS=-mod=mod, CGO_ENABLED=0, run outside any module. project.py
# drops the fields rog does not compute (Target, Stale, StaleReason)
# and re-emits the rest byte-for-byte in go's format.
set -eu
# Packages whose full -test -deps -json output is kept (the whole of std
# would be 2.5 MB per architecture; its -test -deps order is kept instead).
TEST_PKGS="container/list errors strings"
here=$(cd "$(dirname "$0")" && pwd)
go=/usr/lib/go-1.19/bin/go
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
for arch in amd64 arm64; do
  env -u GOROOT GOFLAGS=-mod=mod CGO_ENABLED=0 GOOS=linux GOARCH=$arch \
    "$go" list -json std | python3 "$here/project.py" > "$here/std_$arch.json"
  env -u GOROOT GOFLAGS=-mod=mod CGO_ENABLED=0 GOOS=linux GOARCH=$arch \
    "$go" list -deps std > "$here/std_deps_$arch.txt"
  env -u GOROOT GOFLAGS=-mod=mod CGO_ENABLED=0 GOOS=linux GOARCH=$arch \
    "$go" list -deps cmd > "$here/cmd_deps_$arch.txt"
  env -u GOROOT GOFLAGS=-mod=mod CGO_ENABLED=0 GOOS=linux GOARCH=$arch \
    "$go" list -test -deps std > "$here/std_test_deps_$arch.txt"
  env -u GOROOT GOFLAGS=-mod=mod CGO_ENABLED=0 GOOS=linux GOARCH=$arch \
    "$go" list -test -deps -json $TEST_PKGS | python3 "$here/project.py" > "$here/test_pkgs_$arch.json"
done
echo "updated goldens in $here"
