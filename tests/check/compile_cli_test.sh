#!/bin/sh
# compile_cli_test: `rog tool compile -stop-after=typecheck` on the
# testdata/chk module: lib compiles to export data; bad (imports lib)
# reports its two type errors through lib's export data, exit status 2 and
# no output file; a missing importcfg entry is an import error.
#   compile_cli_test.sh ROG CHK_GO_MOD
set -u
rog=$1
chk=$(dirname "$2")
tmp=${TEST_TMPDIR:-/tmp}/compile_cli.$$
mkdir -p "$tmp"
fail=0
"$rog" tool compile -stop-after=typecheck -p example.com/chk/lib -o "$tmp/lib.x" "$chk/lib/lib.go" ||
  { echo "FAIL: lib"; fail=1; }
[ -s "$tmp/lib.x" ] || { echo "FAIL: no lib.x"; fail=1; }
printf 'packagefile example.com/chk/lib=%s\n' "$tmp/lib.x" > "$tmp/cfg"
"$rog" tool compile -stop-after=typecheck -p example.com/chk/bad -importcfg "$tmp/cfg" -o "$tmp/bad.x" \
  "$chk/bad/bad.go" 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] || { echo "FAIL: bad exit $rc"; fail=1; }
[ ! -e "$tmp/bad.x" ] || { echo "FAIL: bad.x written"; fail=1; }
want="$chk/bad/bad.go:6:13: cannot use \"s\" (untyped string constant) as int value in variable declaration
$chk/bad/bad.go:10:4: t.Missing undefined (type lib.T has no field or method Missing)"
[ "$(cat "$tmp/err")" = "$want" ] || { echo "FAIL: bad errors:"; cat "$tmp/err"; fail=1; }
: > "$tmp/empty"
"$rog" tool compile -stop-after=typecheck -p example.com/chk/good -importcfg "$tmp/empty" "$chk/good/good.go" \
  2> "$tmp/err2"
[ $? -eq 2 ] && grep -q 'could not import example.com/chk/lib' "$tmp/err2" ||
  { echo "FAIL: missing import:"; cat "$tmp/err2"; fail=1; }
rm -rf "$tmp"
[ $fail -eq 0 ] && echo PASS
exit $fail
