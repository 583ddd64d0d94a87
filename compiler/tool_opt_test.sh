#!/bin/sh
# tool_opt_test: `rog tool opt` runs rog's passes and honours -passes/-d;
# each pass can be switched off; malformed input is an error, not a crash.
set -u
rog="$1"
td="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }

# All passes: allocations move to the stack, barriers are inlined.
"$rog" tool opt -O0 -d=h2s,wb "$td/h2s.ll" -o all.ll 2>remarks.txt || fail "rog tool opt failed"
grep -q "h2s: moved 8-byte allocation to stack" remarks.txt || fail "no h2s remark: $(cat remarks.txt)"
grep -q "wb: no barrier: store to stack" remarks.txt || fail "no wb remark"
[ "$(grep -c 'call ptr @rog_alloc' all.ll)" = 5 ] || fail "expected 5 heap allocations left"

# Each pass off in turn.
"$rog" tool opt -O0 -passes=wb "$td/h2s.ll" -o no_h2s.ll || fail "-passes=wb"
[ "$(grep -c 'call ptr @rog_alloc' no_h2s.ll)" = 8 ] || fail "h2s ran although switched off"
"$rog" tool opt -O0 -passes=h2s,preempt "$td/h2s.ll" -o no_wb.ll || fail "-passes=h2s,preempt"
grep -q "call void @rog_gcwrite" no_wb.ll || fail "wb ran although switched off"
"$rog" tool opt -O0 -passes=none "$td/preempt.ll" -o no_preempt.ll || fail "-passes=none"
if grep -q rog_checkpoint no_preempt.ll; then fail "preempt ran although switched off"; fi
"$rog" tool opt -O0 "$td/preempt.ll" -o preempt.ll || fail "default passes"
grep -q "call void @rog_checkpoint" preempt.ll || fail "no checkpoint with default passes"

# Bad input: a file:line:col error and a non-zero exit.
printf 'define i32 @f( {\n' >bad.ll
if "$rog" tool opt bad.ll 2>err.txt; then fail "malformed IR accepted"; fi
grep -Eq "^bad.ll:[0-9]+:[0-9]+: error:" err.txt || fail "no position in error: $(cat err.txt)"
if "$rog" tool opt -passes=bogus bad.ll 2>/dev/null; then fail "unknown pass accepted"; fi
echo PASS
