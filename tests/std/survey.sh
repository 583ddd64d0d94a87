#!/bin/bash
# survey.sh: which std packages rog compiles and links (not a test; CI
# gates only on claimed.txt through std_programs_test).
#   tests/std/survey.sh [ROG] [PKG...]     (default: every package of `rog list std`)
# Prints "OK pkg", "FAIL pkg: first error" per package and a summary line.
# A package is built as `import _ "pkg"` in a main package, linked with
# -O0 (the optimizer does not change whether it links); internal/ and
# vendor/ packages cannot be imported from outside std, so they are only
# compiled (rog build -S, every dependency lowered, no link): "OK(compile)".
set -u
rog=${1:-bazel-bin/compiler/rog}
shift || true
rog=$(realpath "$rog")
tmp=$(mktemp -d /tmp/rog-survey-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pkgs=("$@")
[ ${#pkgs[@]} -eq 0 ] && mapfile -t pkgs < <("$rog" list std)
ok=0
fail=0
for p in "${pkgs[@]}"; do
  n=$(echo "$p" | tr '/' '_')
  case "$p" in
  internal/* | */internal/* | */internal | vendor/*)
    (cd "$tmp" && timeout 600 "$rog" build -O0 -S -o "$tmp/$n" "$p" >"$tmp/$n.log" 2>&1)
    rc=$?
    tag="OK(compile)"
    ;;
  *)
    printf 'package main\n\nimport _ "%s"\n\nfunc main() {}\n' "$p" >"$tmp/$n.go"
    (cd "$tmp" && timeout 600 "$rog" build -O0 -o "$tmp/$n" "$tmp/$n.go" >"$tmp/$n.log" 2>&1)
    rc=$?
    tag=OK
    ;;
  esac
  if [ $rc -eq 0 ]; then
    ok=$((ok + 1))
    echo "$tag $p"
  else
    fail=$((fail + 1))
    echo "FAIL $p: $(grep -m1 -E 'error|undefined|cannot' "$tmp/$n.log" | cut -c1-200)"
  fi
  rm -f "$tmp/$n" "$tmp/$n".*
done
echo "survey: $ok of $((ok + fail)) std packages build with rog ($fail fail)"
