#!/bin/sh
# linkname_test: //go:linkname across packages (compiler/lower/linkname.c).
# compiler/driver/testdata/linkname's lib declares bodyless functions that
# name package impl's functions (scale, pair: one- and multi-part results)
# and a bodyless Negate that impl's negate defines by its own linkname.
# The program is built with `rog build` and with `rog tool compile` +
# `rog tool link` (importcfg, as rules_rog does), and both outputs are
# compared with gc's.
#   linkname_test.sh ROG LINKNAME_GO_MOD RUNTIME_GO_FILES...
set -u
name=linkname
. "$(dirname "$0")/module_test_env.sh"
export ROGCACHE=off
fail=0
# gc 1.19: go run . (println writes to stderr)
want="41 -5 aa3
70"
(cd "$mod" && "$rog" build -o "$tmp/prog" .) || { echo "FAIL: rog build"; exit 1; }
got=$("$tmp/prog" 2>&1 | head -2)
[ "$got" = "$want" ] || { echo "FAIL: rog build program printed '$got', want '$want'"; fail=1; }
cd "$tmp" || exit 1
"$rog" tool compile -p runtime -o runtime.a $rtfiles || { echo "FAIL: runtime"; exit 1; }
"$rog" tool compile -p example.com/linkname/impl -o impl.a "$mod/impl/impl.go" || { echo "FAIL: impl"; exit 1; }
printf 'packagefile example.com/linkname/impl=%s/impl.a\npackagefile runtime=%s/runtime.a\n' "$tmp" "$tmp" >cfg
"$rog" tool compile -p example.com/linkname/lib -importcfg cfg -o lib.a "$mod/lib/lib.go" || { echo "FAIL: lib"; exit 1; }
printf 'packagefile example.com/linkname/lib=%s/lib.a\n' "$tmp" >>cfg
"$rog" tool compile -p main -importcfg cfg -o main.a "$mod/main.go" || { echo "FAIL: main"; exit 1; }
"$rog" tool link -importcfg cfg -o prog2 main.a || { echo "FAIL: link"; exit 1; }
got=$(./prog2 2>&1 | head -2)
[ "$got" = "$want" ] || { echo "FAIL: tool-built program printed '$got', want '$want'"; fail=1; }
cd / && rm -rf "$tmp"
[ $fail -eq 0 ] && echo PASS
exit $fail
