#!/bin/sh
# compile_link_test: the per-package tools as a build system runs them.
# rog's runtime package, then testdata/linkmod's lib, then its main are
# compiled by `rog tool compile` into package archives (each against its
# imports' export data through an importcfg), linked by `rog tool link
# -importcfg`, run, and compared with gc's output for the same program and
# with `rog build` of the same module.
#   compile_link_test.sh ROG LINKMOD_GO_MOD RUNTIME_GO_FILES...
set -u
name=compile_link
. "$(dirname "$0")/module_test_env.sh"
cd "$tmp" || exit 1
fail=0
"$rog" tool compile -p runtime -o runtime.a $rtfiles || { echo "FAIL: runtime"; exit 1; }
"$rog" tool compile -p example.com/linkmod/lib -o lib.a "$mod/lib/lib.go" || { echo "FAIL: lib"; exit 1; }
printf 'packagefile example.com/linkmod/lib=%s/lib.a\npackagefile runtime=%s/runtime.a\n' "$tmp" "$tmp" > cfg
"$rog" tool compile -p main -importcfg cfg -o main.a "$mod/main.go" || { echo "FAIL: main"; exit 1; }
head -c 8 main.a | grep -q '!<arch>' || { echo "FAIL: main.a is not an archive"; fail=1; }
"$rog" tool link -importcfg cfg -o prog main.a || { echo "FAIL: link"; exit 1; }
# first line only: an ASan build of rog links an ASan runtime, which warns
# about goroutine stack switches after the program's output
got=$(./prog 2>&1 | head -1)
want="hello, rog 42 6" # gc 1.19: go run . (println writes to stderr)
[ "$got" = "$want" ] || { echo "FAIL: tool-built program printed '$got', want '$want'"; fail=1; }
(cd "$mod" && "$rog" build -o "$tmp/prog_build" .) || { echo "FAIL: rog build"; fail=1; }
got2=$(./prog_build 2>&1 | head -1)
[ "$got2" = "$want" ] || { echo "FAIL: rog build program printed '$got2'"; fail=1; }
# -X (xdefs.c): Greeting is computed by lib's init, which overwrites an -X
# value as gc's does; a name no package defines is ignored; a malformed
# definition is refused
"$rog" tool link -X example.com/linkmod/lib.Greeting=x -X=example.com/linkmod/lib.Missing=y \
  -importcfg cfg -o prog_x main.a || { echo "FAIL: link -X"; fail=1; }
got3=$(./prog_x 2>&1 | head -1)
[ "$got3" = "$want" ] || { echo "FAIL: -X program printed '$got3', want '$want'"; fail=1; }
if "$rog" tool link -X nodot=1 -importcfg cfg -o prog_x2 main.a 2> err; then
  echo "FAIL: malformed -X accepted"; fail=1
fi
grep -q 'importpath.name=value' err || { echo "FAIL: -X message:"; cat err; fail=1; }
# a package main compiled as a library (a test binary's internal test
# package) keeps its -p path in its symbols, as gc's does; -p main gives
# main.main
"$rog" tool compile -p example.com/linkmod -importcfg cfg -o mainlib.a "$mod/main.go" ||
  { echo "FAIL: main as a library"; fail=1; }
ar p mainlib.a _go_.o > mainlib.o && nm mainlib.o > mainlib.nm
grep -q ' T example.com/linkmod.main$' mainlib.nm || { echo "FAIL: no example.com/linkmod.main"; fail=1; }
if grep -q ' T main.main$' mainlib.nm; then echo "FAIL: -p example.com/linkmod defined main.main"; fail=1; fi
ar p main.a _go_.o > main.o && nm main.o | grep -q ' T main.main$' || { echo "FAIL: -p main lacks main.main"; fail=1; }
# a link without runtime in the importcfg fails with a clear message
printf 'packagefile example.com/linkmod/lib=%s/lib.a\n' "$tmp" > cfg2
if "$rog" tool link -importcfg cfg2 -o prog3 main.a 2> err; then
  echo "FAIL: link without runtime succeeded"; fail=1
fi
grep -q 'package runtime is not in' err || { echo "FAIL: message:"; cat err; fail=1; }
cd / && rm -rf "$tmp"
[ $fail -eq 0 ] && echo PASS
exit $fail
