#!/usr/bin/env bash
# release.sh: end-to-end test of rog's release archive (issue 8).
#
#   1. `bazel build --config=release //toolchain:release` in this workspace's
#      output base and in a fresh one (another directory): the two
#      rog-VERSION-linux-amd64.tar.zst must be bit-identical;
#   2. the archive's layout: bin/rog, the amd64 and arm64 runtime archives
#      (checked to be x86-64 and AArch64 objects), rog's Go runtime sources,
#      the rules;
#   3. a user workspace pins it with rog_release_repository(path, sha256):
#      the prebuilt rog runs (`rog version`) and builds and runs a Go
#      program; a wrong sha256 is refused before anything is unpacked; a
#      rog_binary importing a std package (@rog//rules_rog/std, compiled by
#      the release's rules with the prebuilt rog) builds and runs.
#
# Run by .ci/run (inside the offline network namespace). Several minutes:
# the second output base builds rog from scratch.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tmp=$(mktemp -d)
cleanup() {
  bazel --output_base="$tmp/ob2" shutdown >/dev/null 2>&1 || true
  (cd "$tmp/user" 2>/dev/null && bazel --output_base="$tmp/ob3" shutdown >/dev/null 2>&1) || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() {
  echo "release.sh: FAIL: $*" >&2
  exit 1
}
version=$(cat "$root/VERSION")
name="rog-$version-linux-amd64"

echo "--- release build, output base 1"
cd "$root"
bazel build --config=release //toolchain:release
cp "bazel-bin/toolchain/$name.tar.zst" "$tmp/a.tar.zst"

echo "--- release build, output base 2 (another directory)"
git -C "$root" worktree list >/dev/null 2>&1 || true
mkdir -p "$tmp/src"
# A copy of the sources in another directory: absolute paths must not leak.
tar -C "$root" --exclude='./bazel-*' --exclude=./.git --exclude=./.tools -cf - . | tar -C "$tmp/src" -xf -
ln -s "$root/.tools" "$tmp/src/.tools" 2>/dev/null || true
(cd "$tmp/src" && bazel --output_base="$tmp/ob2" build --config=release //toolchain:release)
cp "$tmp/src/bazel-bin/toolchain/$name.tar.zst" "$tmp/b.tar.zst"
bazel --output_base="$tmp/ob2" shutdown >/dev/null 2>&1 || true
cmp "$tmp/a.tar.zst" "$tmp/b.tar.zst" || fail "release archives differ between two clean builds"
sha=$(sha256sum "$tmp/a.tar.zst" | cut -d' ' -f1)
echo "bit-identical: $sha"

echo "--- layout"
mkdir "$tmp/x"
tar --zstd -xf "$tmp/a.tar.zst" -C "$tmp/x"
x="$tmp/x/$name"
for f in bin/rog runtime/librog_rt.a runtime/arm64/librog_rt.a runtime/go/runtime/error.go \
  runtime/go/internal/bytealg/BUILD.bazel rules_rog/std/packages.bzl rules_rog/std/BUILD.bazel \
  toolchain/release/files.bzl rules_rog/defs.bzl toolchain/BUILD.bazel toolchain/release/repository.bzl WORKSPACE BUILD.bazel VERSION; do
  [ -e "$x/$f" ] || fail "missing $f"
done
(cd "$tmp" && ar x "$x/runtime/librog_rt.a" "$(ar t "$x/runtime/librog_rt.a" | head -1)" && file "$(ar t "$x/runtime/librog_rt.a" | head -1)") | grep -q x86-64 ||
  fail "runtime/librog_rt.a is not x86-64"
(cd "$tmp" && ar x "$x/runtime/arm64/librog_rt.a" "$(ar t "$x/runtime/arm64/librog_rt.a" | head -1)" && file "$(ar t "$x/runtime/arm64/librog_rt.a" | head -1)") | grep -q aarch64 ||
  fail "runtime/arm64/librog_rt.a is not AArch64"

echo "--- a user workspace pinned to the archive"
mkdir -p "$tmp/user"
cp "$root/toolchain/release/repository.bzl" "$tmp/user/rog_release.bzl"
cp "$root/toolchain/offline_downloader.cfg" "$tmp/user/"
: >"$tmp/user/BUILD.bazel"
cat >"$tmp/user/.bazelrc" <<'B'
build --incompatible_enable_cc_toolchain_resolution
build --platforms=@rog//platforms:linux_amd64
build --host_platform=@rog//platforms:linux_amd64
common --experimental_downloader_config=offline_downloader.cfg
build --repository_cache=
B
write_ws() {
  cat >"$tmp/user/WORKSPACE" <<W
workspace(name = "user")
load("//:rog_release.bzl", "rog_release_repository")
rog_release_repository(
    name = "rog",
    path = "$tmp/a.tar.zst",
    sha256 = "$1",
)
load("@rog//toolchain:repositories.bzl", "rog_dependencies")
rog_dependencies()
register_toolchains(
    "@rog//toolchain/cc:all",
    "@rog//rules_rog/toolchains:all",
)
W
}
cd "$tmp/user"
write_ws 0000000000000000000000000000000000000000000000000000000000000000
if bazel --output_base="$tmp/ob3" build @rog//toolchain:rog >"$tmp/bad.log" 2>&1; then
  fail "a wrong sha256 was accepted"
fi
grep -q "has sha256 $sha" "$tmp/bad.log" || fail "wrong-sha256 error does not name the archive's hash: $(tail -5 "$tmp/bad.log")"
write_ws "$sha"
bazel --output_base="$tmp/ob3" build @rog//toolchain:rog
rog="$tmp/user/bazel-bin/external/rog/toolchain/rog"
"$rog" version | grep -q "rog version $version" || fail "prebuilt rog version: $("$rog" version)"
cat >"$tmp/user/hello.go" <<'G'
package main

func main() {
	s := 0
	for i := 1; i <= 10; i++ {
		s += i
	}
	println("hello from the release", s)
}
G
out=$("$rog" run "$tmp/user/hello.go" 2>&1) || fail "rog run: $out"
[ "$out" = "hello from the release 55" ] || fail "unexpected output: $out"
cat >"$tmp/user/main.go" <<'G'
package main

import "unicode/utf8"

func main() {
	println("runes", utf8.RuneCountInString("héllo ✓"))
}
G
cat >"$tmp/user/BUILD.bazel" <<'B'
load("@rog//rules_rog:defs.bzl", "rog_binary")

rog_binary(
    name = "runes",
    srcs = ["main.go"],
    deps = ["@rog//rules_rog/std:unicode/utf8"],
)
B
bazel --output_base="$tmp/ob3" build --@rog//rules_rog/config:compiler=rog //:runes
out=$("$tmp/user/bazel-bin/runes" 2>&1) || fail "runes: $out"
[ "$out" = "runes 7" ] || fail "unexpected output of the rules-built program: $out"
echo "release.sh: PASS ($name.tar.zst, sha256 $sha)"
