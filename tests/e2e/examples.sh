#!/usr/bin/env bash
# examples.sh: end-to-end test of rules_rog on the examples/ workspace (a
# user-style repository that loads rog as an external repository).
#
#   1. --config=gc: build //svc:server, run its self-test against the golden
#      output, run the workspace's tests;
#   2. --config=gc --config=arm64: the same server for arm64 under qemu,
#      same output;
#   3. reproducibility: a clean build in a second output base gives a
#      bit-identical server binary;
#   4. --config=rog: //cmd/report (no std imports) built with rog and with
#      gc, both run, same output; the libraries and //svc:server (net/http;
#      std packages from @rog//rules_rog/std, one action each) build with
#      rog, and the rog server's self-test output equals the gc server's
#      and the golden (a build failure fails the test); then
#      `bazel test --config=rog //...`: every rog_test (package testing
#      under rog) passes;
#   5. --config=rog --config=arm64: the rog server for arm64 under qemu,
#      same output.
#
# Run by .ci/run; takes a few minutes on a cold cache.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ex="$here/../../examples"
golden="$here/server_selftest.golden"
cd "$ex"
tmp=$(mktemp -d)
trap 'bazel --output_base="$tmp/ob2" shutdown >/dev/null 2>&1 || true; bazel shutdown >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT

fail() {
  echo "examples.sh: FAIL: $*" >&2
  exit 1
}

echo "--- gc, amd64"
bazel build --config=gc //svc:server
bazel-bin/svc/server -selftest >"$tmp/amd64.out"
diff -u "$golden" "$tmp/amd64.out" || fail "amd64 self-test output differs from the golden"
bazel test --config=gc //...
sha_amd64=$(sha256sum bazel-bin/svc/server | cut -d' ' -f1)

echo "--- gc, arm64 under qemu"
bazel build --config=gc --config=arm64 //svc:server
file -L bazel-bin/svc/server | grep -q "ARM aarch64" || fail "arm64 build is not an AArch64 binary"
qemu-aarch64 -L /usr/aarch64-linux-gnu bazel-bin/svc/server -selftest >"$tmp/arm64.out"
diff -u "$golden" "$tmp/arm64.out" || fail "arm64 self-test output differs"
bazel test --config=gc --config=arm64 //...

echo "--- reproducibility: second output base"
bazel --output_base="$tmp/ob2" build --config=gc //svc:server
sha_second=$(sha256sum "$(bazel --output_base="$tmp/ob2" info bazel-bin)/svc/server" | cut -d' ' -f1)
[ "$sha_amd64" = "$sha_second" ] || fail "server differs across output bases: $sha_amd64 vs $sha_second"
echo "server sha256 $sha_amd64 (identical in both output bases)"
bazel --output_base="$tmp/ob2" shutdown

echo "--- rog toolchain: //cmd/report with rog and gc, same output"
bazel build --config=gc //cmd/report
bazel-bin/cmd/report/report >"$tmp/report.gc" 2>&1
cp bazel-bin/cmd/report/report "$tmp/report.gc.bin"
bazel build --config=rog //cmd/report
bazel-bin/cmd/report/report >"$tmp/report.rog" 2>&1
cmp -s "$tmp/report.gc.bin" bazel-bin/cmd/report/report && fail "--config=rog and --config=gc gave the same binary"
diff -u "$tmp/report.gc" "$tmp/report.rog" || fail "report: rog and gc outputs differ"
grep -q "^p50 .* p99 " "$tmp/report.rog" || fail "report printed no summary"
echo "report: identical output from the rog and gc builds"

echo "--- rog toolchain: the libraries and //svc:server, same self-test output as gc"
for t in //lib/stats //lib/greeting; do
  bazel build --config=rog "$t" || fail "the rog toolchain does not build $t"
done
if ! bazel build --config=rog //svc:server >"$tmp/rog.log" 2>&1; then
  grep "could not import" "$tmp/rog.log" >&2 && fail "a std package is missing from a BUILD file's deps"
  grep -m1 '^ERROR: ' "$tmp/rog.log" >&2 || tail -20 "$tmp/rog.log" >&2
  grep -m5 -E '^(/usr/lib/go-1.19/src/|ld.lld: error:)' "$tmp/rog.log" >&2 || true
  fail "the rog toolchain does not build //svc:server"
fi
timeout 60 bazel-bin/svc/server -selftest >"$tmp/rog_amd64.out" || fail "rog server self-test failed"
diff -u "$tmp/amd64.out" "$tmp/rog_amd64.out" || fail "rog and gc servers' self-test outputs differ"
diff -u "$golden" "$tmp/rog_amd64.out" || fail "rog server self-test output differs from the golden"
echo "server: identical self-test output from the rog and gc builds"

echo "--- rog toolchain: the workspace's tests (rog_test mains run package testing under rog)"
bazel test --config=rog //... || fail "bazel test --config=rog //... failed"

echo "--- rog toolchain, arm64 under qemu"
bazel build --config=rog --config=arm64 //svc:server
file -L bazel-bin/svc/server | grep -q "ARM aarch64" || fail "rog arm64 build is not an AArch64 binary"
timeout 120 qemu-aarch64 -L /usr/aarch64-linux-gnu bazel-bin/svc/server -selftest >"$tmp/rog_arm64.out" ||
  fail "rog arm64 server self-test failed"
diff -u "$golden" "$tmp/rog_arm64.out" || fail "rog arm64 server self-test output differs"
echo "examples.sh: PASS"
