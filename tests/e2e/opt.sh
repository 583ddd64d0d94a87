#!/usr/bin/env bash
# opt.sh: end-to-end test of LTO, PGO and BOLT through rules_rog, on
# //rules_rog/tests/pgo (a CPU-bound program without std imports, rog
# toolchain). For each mode it checks that the binary changed (sha256
# differs from the plain build) and that its output did not:
#
#   1. plain: the baseline output and hash; main.main calls work.Scale
#      (another package) out of line;
#   2. lto = "full": no call to work.Scale left in main.main (inlined
#      across packages at link time);
#   3. PGO, Go CPU profile (pgoprofile = "default.pgo", made by gc):
#      work.Fib, the profile's hottest function, lands in .text.hot;
#   4. PGO, LLVM profile: an instrumented build
#      (--//rules_rog/config:pgo_instrument=true) runs and writes a
#      .profraw; llvm-profdata-19 merges it; the build with
#      --//rules_rog/config:pgoprofile=...:e2e_profdata puts work.Fib in
#      .text.hot;
#   5. BOLT: --//rules_rog/config:bolt_instrument=true, a training run
#      writes plain.fdata; the build with --//rules_rog/config:bolt_profile
#      gives a BOLTed binary (.bolt.org.text in its sections) with the same
#      output, and a BOLTed panicking binary whose traceback names the same
#      functions and file:line as the plain one.
#
# Command-line settings do not change Bazel's output path, so every binary
# is copied out right after its build. Profiles the script makes are
# written next to the BUILD file as e2e.profdata/e2e.fdata (gitignored) and
# removed at exit. Run by .ci/run; a few minutes on a warm cache.
# OPT_KEEP=DIR keeps the binaries (plain, lto, pgo_go, pgo_llvm, bolt) in
# DIR: tests/bench/opt_bench.sh times them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pkg=rules_rog/tests/pgo
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$root/$pkg/e2e.profdata" "$root/$pkg/e2e.fdata"' EXIT
B=(bazel build --jobs=2 --config=rog)

fail() {
  echo "opt.sh: FAIL: $*" >&2
  exit 1
}

# out TARGET [flags...]: the path of TARGET's executable in that configuration.
out() {
  local t="$1"
  shift
  bazel cquery --config=rog "$@" --output=starlark --starlark:expr='target.files.to_list()[0].path' "//$pkg:$t" 2>/dev/null
}

# build NAME TARGET [flags...]: builds and copies the binary to $tmp/NAME.
build() {
  local name="$1" t="$2"
  shift 2
  "${B[@]}" "$@" "//$pkg:$t"
  cp "$(out "$t" "$@")" "$tmp/$name"
}

calls_in_main() {
  llvm-objdump-19 -d --no-show-raw-insn --disassemble-symbols=main.main "$1" | grep -c "call.*<$2>" || true
}

# section_of BIN SYMBOL: the name of the section SYMBOL is defined in.
section_of() {
  llvm-objdump-19 -t "$1" | awk -v s="$2" '$NF == s { print $(NF-2) }' | head -1
}

check_changed_same_output() {
  local name="$1"
  [ "$(sha256sum <"$tmp/$name")" != "$(sha256sum <"$tmp/plain")" ] || fail "$name: binary identical to plain"
  "$tmp/$name" >"$tmp/$name.out" 2>&1 || fail "$name: exit status $?"
  diff -u "$tmp/plain.out" "$tmp/$name.out" || fail "$name: output differs from plain"
  echo "$name: sha256 $(sha256sum <"$tmp/$name" | cut -c1-16), output unchanged"
}

fib='example.com/rules_rog/tests/pgo/work.Fib'
scale='example.com/rules_rog/tests/pgo/work.Scale'

echo "--- plain"
build plain plain
"$tmp/plain" >"$tmp/plain.out" 2>&1
cat "$tmp/plain.out"
[ "$(calls_in_main "$tmp/plain" "$scale")" -ge 1 ] || fail "plain: main.main does not call work.Scale"

echo "--- lto = full"
build lto lto
check_changed_same_output lto
[ "$(calls_in_main "$tmp/lto" "$scale")" = 0 ] || fail "lto: main.main still calls work.Scale"
echo "lto: work.Scale inlined into main.main across packages"

echo "--- PGO from a Go CPU profile (default.pgo)"
build pgo_go pgo_go
check_changed_same_output pgo_go
[ "$(section_of "$tmp/pgo_go" "$fib")" = .text.hot ] || fail "pgo_go: work.Fib is not in .text.hot"
echo "pgo_go: work.Fib in .text.hot"

echo "--- PGO from an instrumented training run (.profdata)"
build pgo_train plain --//rules_rog/config:pgo_instrument=true
(cd "$tmp" && LLVM_PROFILE_FILE="$tmp/train.profraw" ./pgo_train >/dev/null)
[ -s "$tmp/train.profraw" ] || fail "instrumented binary wrote no profile"
llvm-profdata-19 merge -o "$pkg/e2e.profdata" "$tmp/train.profraw"
build pgo_llvm plain --//rules_rog/config:pgoprofile=//$pkg:e2e_profdata
check_changed_same_output pgo_llvm
[ "$(section_of "$tmp/pgo_llvm" "$fib")" = .text.hot ] || fail "pgo_llvm: work.Fib is not in .text.hot"
echo "pgo_llvm: work.Fib in .text.hot"

echo "--- BOLT"
build panic panic
(cd "$tmp" && ./panic >panic.out 2>&1) && fail "panic: exit status 0"
build bolt_train plain --//rules_rog/config:bolt_instrument=true
(cd "$tmp" && ./bolt_train >/dev/null)
[ -s "$tmp/plain.fdata" ] || fail "BOLT-instrumented binary wrote no plain.fdata"
cp "$tmp/plain.fdata" "$pkg/e2e.fdata"
build bolt plain --//rules_rog/config:bolt_profile=//$pkg:e2e_fdata
build panic_bolt panic --//rules_rog/config:bolt_profile=//$pkg:e2e_fdata
check_changed_same_output bolt
readelf -SW "$tmp/bolt" | grep -q '\.bolt\.org\.text' || fail "bolt: not rewritten by BOLT"
(cd "$tmp" && ./panic_bolt >panic_bolt.out 2>&1) && fail "panic_bolt: exit status 0"
# Same functions and file:line; the +0x offsets may differ.
sed 's/ +0x[0-9a-f]*$//' "$tmp/panic.out" >"$tmp/panic.trace"
sed 's/ +0x[0-9a-f]*$//' "$tmp/panic_bolt.out" >"$tmp/panic_bolt.trace"
diff -u "$tmp/panic.trace" "$tmp/panic_bolt.trace" || fail "BOLTed traceback differs"
grep -q "panic/main.go:" "$tmp/panic_bolt.trace" || fail "BOLTed traceback has no file:line"
[ "$(nm "$tmp/panic" | awk '$3 == "main.main" { print $1 }')" != \
  "$(nm "$tmp/panic_bolt" | awk '$3 == "main.main" { print $1 }')" ] || fail "BOLT did not move main.main"
echo "bolt: traceback of the BOLTed binary (main.main moved):"
cat "$tmp/panic_bolt.out"
if [ -n "${OPT_KEEP:-}" ]; then
  mkdir -p "$OPT_KEEP"
  cp "$tmp/plain" "$tmp/lto" "$tmp/pgo_go" "$tmp/pgo_llvm" "$tmp/bolt" "$OPT_KEEP/"
fi
echo "opt.sh: ok"
