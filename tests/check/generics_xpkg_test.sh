#!/bin/sh
# generics_xpkg_test: generics instantiated in another package than the
# one declaring them (compiler/lower/generic.c, "Instances of other
# packages"). testdata/genmod's lib declares a generic type with methods,
# a generic function calling an unexported generic helper that updates
# unexported state, and a variable of type sync/atomic.Pointer[lib.File]
# (the std case: go/token's atomic.Pointer[File]); main instantiates them
# over its own types and over two packages both named `a` with a type T
# each (distinct instance symbols). Built by `rog build`, then package by
# package with `rog tool compile`/`rog tool link` as rules_rog does
# (instances from export data), and compared with gc 1.19's output.
#   generics_xpkg_test.sh ROG GENMOD_GO_MOD RUNTIME_GO_FILES...
set -u
name=generics_xpkg
. "$(dirname "$0")/module_test_env.sh"
export ROGCACHE=off
# gc 1.19: go run . (println writes to stderr)
cat >"$tmp/want" <<'EOW'
list 2 3
a1 3
a2 x 4
map 3 b d 1
max 7 x
join a1,a2 bp
file f.go
method value 2
EOW
fail=0
check() { # NAME EXE
  # an ASan build of rog links an ASan runtime, which may warn after the output
  "$2" 2>&1 | head -8 >"$tmp/got"
  if ! cmp -s "$tmp/want" "$tmp/got"; then
    echo "FAIL: $1 printed:"
    cat "$tmp/got"
    fail=1
  fi
}
(cd "$mod" && "$rog" build -o "$tmp/prog_build" .) || { echo "FAIL: rog build"; exit 1; }
check "rog build" "$tmp/prog_build"

# Package by package, each against its direct imports' export data (main's
# importcfg lists sync/atomic too: lib's instance of atomic.Pointer is
# stenciled in lib, whose body main does not need, but rules_rog lists only
# direct imports, and main's own use needs none).
cd "$tmp" || exit 1
goroot=${GOROOT:-/usr/share/go-1.19}
"$rog" tool compile -p runtime -o runtime.a $rtfiles || { echo "FAIL: runtime"; exit 1; }
"$rog" tool compile -p sync/atomic -o atomic.a "$goroot/src/sync/atomic/doc.go" \
  "$goroot/src/sync/atomic/type.go" "$goroot/src/sync/atomic/value.go" || { echo "FAIL: sync/atomic"; exit 1; }
printf 'packagefile sync/atomic=%s/atomic.a\n' "$tmp" >lib.cfg
"$rog" tool compile -p example.com/genmod/lib -importcfg lib.cfg -o lib.a "$mod/lib/lib.go" 2>lib.err ||
  { echo "FAIL: lib"; cat lib.err; exit 1; }
# the instances of sync/atomic's generic methods come from its export data
[ -s lib.err ] && { echo "FAIL: warnings compiling lib:"; cat lib.err; fail=1; }
"$rog" tool compile -p example.com/genmod/a -o a1.a "$mod/a/a.go" || { echo "FAIL: a"; exit 1; }
"$rog" tool compile -p example.com/genmod/b/a -o a2.a "$mod/b/a/a.go" || { echo "FAIL: b/a"; exit 1; }
{
  printf 'packagefile example.com/genmod/lib=%s/lib.a\n' "$tmp"
  printf 'packagefile example.com/genmod/a=%s/a1.a\n' "$tmp"
  printf 'packagefile example.com/genmod/b/a=%s/a2.a\n' "$tmp"
} >main.cfg
"$rog" tool compile -p main -importcfg main.cfg -o main.a "$mod/main.go" 2>main.err ||
  { echo "FAIL: main"; cat main.err; exit 1; }
[ -s main.err ] && { echo "FAIL: warnings compiling main:"; cat main.err; fail=1; }
cat main.cfg lib.cfg >link.cfg
printf 'packagefile runtime=%s/runtime.a\n' "$tmp" >>link.cfg
"$rog" tool link -importcfg link.cfg -o prog_tool main.a || { echo "FAIL: rog tool link"; exit 1; }
check "rog tool compile/link" "$tmp/prog_tool"
cd / && rm -rf "$tmp"
[ $fail -eq 0 ] && echo PASS
exit $fail
