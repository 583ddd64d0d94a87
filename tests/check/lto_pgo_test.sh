#!/bin/sh
# lto_pgo_test: rog's LTO and PGO tools at the command line.
#   1. testdata/linkmod compiled with `rog tool compile -lto` (archives hold
#      _go_.bc, no _go_.o), linked by `rog tool link`: same output as gc,
#      and lib.Sum, a small function of another package, is inlined into
#      main.main (not called) and, internalized, dropped from the global
#      symbols (kept with -no-internalize); `rog build -lto` gives the same
#      output;
#   2. `rog tool link -pgo-instrument`: the program writes a .profraw that
#      llvm-profdata-19 merges; `-pgo-instr-use` with it links and runs;
#   3. `rog tool pprof2prof` on rules_rog/tests/pgo's gc-made default.pgo,
#      with that program's bitcode archives for start lines: work.Fib's
#      recursive call line (offset 4 from `func`) has samples calling Fib;
#   4. bad input never crashes: empty, truncated-gzip and random files give
#      exit status 1 and a message; PGO without bitcode is refused.
#   lto_pgo_test.sh ROG LINKMOD_GO_MOD PGO_DIR_FILE(default.pgo) WORK_GO RUNTIME_GO_FILES...
set -u
rog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [ -n "${TEST_SRCDIR:-}" ] && [ -n "${TEST_WORKSPACE:-}" ]; then
  export ROG_ROOT="$TEST_SRCDIR/$TEST_WORKSPACE"
fi
mod=$(cd "$(dirname "$2")" && pwd)
pgo=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
work=$(cd "$(dirname "$4")" && pwd)/$(basename "$4")
shift 4
rtfiles=""
for f in "$@"; do
  case "$f" in *_arm64.go) ;; *) rtfiles="$rtfiles $(cd "$(dirname "$f")" && pwd)/$(basename "$f")" ;; esac
done
export GOOS=linux GOARCH=amd64
tmp=${TEST_TMPDIR:-/tmp}/lto_pgo.$$
mkdir -p "$tmp"
cd "$tmp" || exit 1
fail=0
want="hello, rog 42 6" # gc 1.19: go run . (println writes to stderr)

# 1. LTO
"$rog" tool compile -lto -p runtime -o runtime.a $rtfiles || { echo "FAIL: runtime"; exit 1; }
"$rog" tool compile -lto -p example.com/linkmod/lib -o lib.a "$mod/lib/lib.go" || { echo "FAIL: lib"; exit 1; }
printf 'packagefile example.com/linkmod/lib=%s/lib.a\npackagefile runtime=%s/runtime.a\n' "$tmp" "$tmp" >cfg
"$rog" tool compile -lto -p main -importcfg cfg -o main.a "$mod/main.go" || { echo "FAIL: main"; exit 1; }
members=$(ar t lib.a | tr '\n' ' ')
[ "$members" = "__.PKGDEF _go_.bc " ] || { echo "FAIL: -lto archive members: $members"; fail=1; }
"$rog" tool link -importcfg cfg -o prog main.a || { echo "FAIL: LTO link"; exit 1; }
got=$(./prog 2>&1 | head -1)
[ "$got" = "$want" ] || { echo "FAIL: LTO program printed '$got', want '$want'"; fail=1; }
calls=$(llvm-objdump-19 -d --disassemble-symbols=main.main prog | grep -c 'call.*<example.com/linkmod/lib.Sum>')
[ "$calls" = 0 ] || { echo "FAIL: lib.Sum not inlined into main.main under LTO"; fail=1; }
# internalized: lib.Sum is no global symbol any more (inlined, then
# dropped); -no-internalize keeps it
nm prog | grep -q ' T example.com/linkmod/lib.Sum$' && { echo "FAIL: lib.Sum still global under LTO"; fail=1; }
"$rog" tool link -no-internalize -importcfg cfg -o prog_ext main.a || { echo "FAIL: -no-internalize link"; fail=1; }
nm prog_ext | grep -q ' T example.com/linkmod/lib.Sum$' || { echo "FAIL: -no-internalize dropped lib.Sum"; fail=1; }
got=$(./prog_ext 2>&1 | head -1)
[ "$got" = "$want" ] || { echo "FAIL: -no-internalize program printed '$got'"; fail=1; }
(cd "$mod" && "$rog" build -lto -o "$tmp/prog_build" .) || { echo "FAIL: rog build -lto"; fail=1; }
got=$(./prog_build 2>&1 | head -1)
[ "$got" = "$want" ] || { echo "FAIL: rog build -lto program printed '$got'"; fail=1; }

# 2. instrumented PGO and its profile (the profile runtime is x86_64 only,
# and sanitizer builds of rog link their runtime into the program too)
"$rog" tool link -pgo-instrument -importcfg cfg -o prog_inst main.a || { echo "FAIL: instrumented link"; fail=1; }
LLVM_PROFILE_FILE="$tmp/p.profraw" ./prog_inst >/dev/null 2>&1
[ -s p.profraw ] || { echo "FAIL: no .profraw"; fail=1; }
llvm-profdata-19 merge -o p.profdata p.profraw || fail=1
"$rog" tool link -pgo-instr-use p.profdata -importcfg cfg -o prog_pgo main.a || { echo "FAIL: PGO link"; fail=1; }
got=$(./prog_pgo 2>&1 | head -1)
[ "$got" = "$want" ] || { echo "FAIL: PGO program printed '$got'"; fail=1; }

# 3. pprof2prof
"$rog" tool compile -lto -p example.com/rules_rog/tests/pgo/work -o work.a "$work" || { echo "FAIL: work"; exit 1; }
"$rog" tool pprof2prof -a work.a -a runtime.a -o s.prof "$pgo" 2>err || { echo "FAIL: pprof2prof"; cat err; fail=1; }
grep -q '^example.com/rules_rog/tests/pgo/work.Fib:[0-9]*:0$' s.prof || { echo "FAIL: no Fib record"; cat s.prof; fail=1; }
grep -q '^ 4: [0-9]* example.com/rules_rog/tests/pgo/work.Fib:[0-9]*' s.prof || { echo "FAIL: no Fib call line"; cat s.prof; fail=1; }
llvm-profdata-19 show --sample s.prof >/dev/null || { echo "FAIL: LLVM cannot read the sample profile"; fail=1; }
# without the archives gc 1.19's profile has no start lines: nothing usable
if "$rog" tool pprof2prof -o s2.prof "$pgo" 2>err; then echo "FAIL: no start lines but success"; fail=1; fi

# 4. bad input
: >empty.pgo
head -c 100 "$pgo" >trunc.pgo
printf '\012\377\377\377\377\017garbage' >junk.pgo
for f in empty.pgo trunc.pgo junk.pgo missing.pgo; do
  "$rog" tool pprof2prof -o bad.prof "$f" 2>err
  st=$?
  [ $st = 1 ] || { echo "FAIL: pprof2prof $f: exit status $st"; fail=1; }
  grep -q "pprof2prof: .*$f" err || { echo "FAIL: pprof2prof $f: message:"; cat err; fail=1; }
done
"$rog" tool compile -p example.com/linkmod/lib -o libo.a "$mod/lib/lib.go" || fail=1
printf 'packagefile example.com/linkmod/lib=%s/libo.a\npackagefile runtime=%s/runtime.a\n' "$tmp" "$tmp" >cfgo
"$rog" tool link -pgo-sample-use s.prof libo.a -o x 2>err && { echo "FAIL: PGO without bitcode succeeded"; fail=1; }
grep -q 'PGO and -remarks work on bitcode' err || { echo "FAIL: message:"; cat err; fail=1; }
cd / && rm -rf "$tmp"
[ $fail -eq 0 ] && echo PASS
exit $fail
