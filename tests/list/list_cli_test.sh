#!/bin/sh
# list_cli_test: the `rog list` command line on the loader's test modules
# (compiler/driver/testdata): plain output, exit statuses and go-style
# error messages on stderr, as gc 1.19's `go list` prints them for the same
# directories (expected texts below were taken from go list).
set -u
rog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
td=$(cd "$(dirname "$2")/.." && pwd)
tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/list_cli.XXXXXX")
status=0
fail() { echo "FAIL: $*"; status=1; }
export GOFLAGS= GOARCH=amd64

cd "$td/mod" || exit 1
"$rog" list ./... > "$tmp/out" 2> "$tmp/err" || fail "mod ./... exited $?"
printf '%s\n' example.com/m example.com/m/cmd/tool example.com/m/internal/secret example.com/m/lib > "$tmp/want"
diff -u "$tmp/want" "$tmp/out" || fail "mod ./... output"
[ -s "$tmp/err" ] && fail "mod ./... stderr: $(cat "$tmp/err")"

cd "$td/errs" || exit 1
"$rog" list ./... > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "errs ./... exited $rc, want 1"
[ -s "$tmp/out" ] && fail "errs ./... printed packages: $(cat "$tmp/out")"
cat > "$tmp/want" <<EOT
package example.com/errs/a
	imports example.com/errs/b
	imports example.com/errs/a: import cycle not allowed
bad/bad.go:5:6: expected 'STRING', found bar
embedbad/e.go:5:12: pattern nothere.txt: no matching files found
found packages one (one.go) and two (two.go) in $td/errs/twopkg
EOT
diff -u "$tmp/want" "$tmp/err" || fail "errs ./... messages"

"$rog" list -e ./... > "$tmp/out" 2> "$tmp/err" || fail "-e exited $?"
grep -qx example.com/errs/twopkg "$tmp/out" || fail "-e does not list the broken packages"

"$rog" list -f '{{.Dir}}' . > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "-f exited $rc, want 2"
grep -q 'not supported' "$tmp/err" || fail "-f message: $(cat "$tmp/err")"

cd "$tmp" || exit 1
"$rog" list ./x > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 1 ] || fail "outside a module exited $rc, want 1"
grep -q "go.mod file not found" "$tmp/err" || fail "outside a module: $(cat "$tmp/err")"

[ $status -eq 0 ] && echo PASS
exit $status
