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
rog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
if [ -n "${TEST_SRCDIR:-}" ] && [ -n "${TEST_WORKSPACE:-}" ]; then
  export ROG_ROOT="$TEST_SRCDIR/$TEST_WORKSPACE"
fi
export ROGCACHE=off
mod=$(cd "$(dirname "$2")" && pwd)
shift 2
rtfiles=""
for f in "$@"; do
  case "$f" in *_arm64.go) ;; *) rtfiles="$rtfiles $(cd "$(dirname "$f")" && pwd)/$(basename "$f")" ;; esac
done
tmp=${TEST_TMPDIR:-/tmp}/generics_xpkg.$$
mkdir -p "$tmp"
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
cd / && rm -rf "$tmp"
[ $fail -eq 0 ] && echo PASS
exit $fail
