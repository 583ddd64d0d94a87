#!/bin/sh
# packages_test.sh STDGRAPH PACKAGES_BZL: regenerating the std package graph
# from /usr/lib/go-1.19 and the overlays under runtime/go gives the
# checked-in packages.bzl byte for byte; otherwise prints the diff and how to
# update it. runtime/go is read in the source tree: the packages.bzl runfile
# is a symlink into it.
set -eu
src=$(readlink -f "$2")
root=${src%/rules_rog/std/packages.bzl}
out="${TEST_TMPDIR:-/tmp}/packages.bzl"
"$1" -goroot /usr/lib/go-1.19 -overlay "$root/runtime/go" -o "$out"
if ! cmp -s "$out" "$2"; then
  diff -u "$2" "$out" | head -50 >&2
  echo "rules_rog/std/packages.bzl is stale: run rules_rog/std/update.sh" >&2
  exit 1
fi
echo PASS
