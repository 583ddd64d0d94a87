#!/bin/sh
# rog_version_test: `rog version` names rog, LLVM 19 and both targets; the
# rog binary needs no LLVM shared library at run time; unimplemented
# subcommands fail loudly; build/run/tool link fail on missing input.
set -u
rog="$1"
fail() { echo "FAIL: $*" >&2; exit 1; }

out=$("$rog" version) || fail "rog version exited $?"
echo "$out"
echo "$out" | grep -q '^rog version ' || fail "no rog version line"
echo "$out" | grep -q '^LLVM 19\.' || fail "not linked against LLVM 19"
echo "$out" | grep -q '^target amd64: x86_64-unknown-linux-gnu (x86-64' || fail "no x86-64 target"
echo "$out" | grep -q '^target arm64: aarch64-unknown-linux-gnu (aarch64' || fail "no AArch64 target"

# Static LLVM: no libLLVM in the dynamic dependencies.
if readelf -d "$rog" | grep NEEDED | grep -qi llvm; then
  fail "rog links a shared LLVM: $(readelf -d "$rog" | grep NEEDED)"
fi

for cmd in test; do
  # shellcheck disable=SC2086
  if "$rog" $cmd x.go 2>err.txt; then fail "rog $cmd succeeded"; fi
  grep -q "not implemented yet" err.txt || fail "rog $cmd: $(cat err.txt)"
done
# implemented, but x.go does not exist: an error, never success
for cmd in build run "tool link"; do
  # shellcheck disable=SC2086
  if "$rog" $cmd x.go 2>err.txt; then fail "rog $cmd of a missing file succeeded"; fi
  [ -s err.txt ] || fail "rog $cmd: no error message"
done
if "$rog" frobnicate 2>/dev/null; then fail "unknown command succeeded"; fi
echo PASS
