#!/bin/bash
# survey.sh: which std packages rog compiles and links (not a test; CI
# gates only on claimed.txt through std_programs_test).
#   tests/std/survey.sh [ROG]        (ROG_ROOT as for rog itself)
# Prints "OK pkg" or "FAIL pkg: reason" for every package of `rog list
# std` and a summary line.
#
# One `rog build -O0 -work` of a program importing every importable std
# package lowers all of std once (internal/ and vendor/ packages as the
# dependencies they are); WORK/packages.txt names each object and its
# transitive imports. Then each package is linked alone, as `import _
# "pkg"` would link it: its object, its dependencies' and package
# runtime's, the runtime archive and a stub main. A package fails if it or
# a dependency did not compile, or the link has undefined symbols.
# Packages no importable std package depends on (a few internal ones) are
# built by a second rog build of their own.
set -u
rog=$(realpath "${1:-bazel-bin/compiler/rog}")
root=${ROG_ROOT:-$(dirname "$rog")/rog.runfiles/rog}
tmp=$(mktemp -d /tmp/rog-survey-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mapfile -t pkgs < <("$rog" list std)
{
  echo "package main"
  echo
  for p in "${pkgs[@]}"; do
    case "$p" in internal/* | */internal/* | */internal | vendor/*) ;; *) echo "import _ \"$p\"" ;; esac
  done
  echo
  echo "func main() {}"
} >"$tmp/all.go"
(cd "$tmp" && "$rog" build -O0 -work -o "$tmp/all" all.go >"$tmp/build.log" 2>&1)
work=$(sed -n 's/^WORK=//p' "$tmp/build.log" | head -1)
if [ -z "$work" ] || [ ! -f "$work/packages.txt" ]; then
  echo "survey: rog build did not get to code generation:"
  head -20 "$tmp/build.log"
  exit 1
fi
cat >"$tmp/stub.c" <<'EOC'
void main_main(void) __asm__("main.main");
void main_main(void) {}
void main_init(void) __asm__("main.init");
void main_init(void) {}
EOC
clang-19 -c -o "$tmp/stub.o" "$tmp/stub.c"
declare -A obj deps
while IFS=$'\t' read -r o path d; do
  obj[$path]=$o
  deps[$path]=$d
done <"$work/packages.txt"

# link_pkg WORKDIR PKG: 0 if PKG and its dependencies link
link_pkg() {
  local w=$1 p=$2 objs=() d
  for d in $p ${deps[$p]} runtime ${deps[runtime]}; do
    [ "$d" = unsafe ] && continue
    if [ ! -f "$w/${obj[$d]:-none}.o" ]; then
      echo "package $d did not compile" >"$tmp/link.log"
      return 1
    fi
    objs+=("$w/${obj[$d]}.o")
  done
  mapfile -t objs < <(printf '%s\n' "${objs[@]}" | sort -u)
  clang-19 -fuse-ld=lld -o "$tmp/prog" "$tmp/stub.o" "${objs[@]}" "$root/runtime/librog_rt.a" -lpthread -lm >"$tmp/link.log" 2>&1
}

ok=0
fail=0
only=0
for p in "${pkgs[@]}"; do
  if [ -z "${obj[$p]:-}" ]; then
    # no importable std package depends on it: compile it alone (-S: no
    # link, there is nothing that could import it from a main package)
    if (cd "$tmp" && "$rog" build -O0 -S -o "$tmp/one" "$p" >"$tmp/one.log" 2>&1); then
      only=$((only + 1))
      echo "OK(compile) $p"
    else
      fail=$((fail + 1))
      echo "FAIL $p: $(grep -m1 -E 'error|cannot|undefined' "$tmp/one.log" | cut -c1-200)"
    fi
    continue
  fi
  if link_pkg "$work" "$p"; then
    ok=$((ok + 1))
    echo "OK $p"
  else
    fail=$((fail + 1))
    echo "FAIL $p: $(grep -m1 -E 'undefined symbol|did not compile|error' "$tmp/link.log" | cut -c1-200)"
  fi
done
rm -rf "$work"
echo "survey: $ok of $((ok + only + fail)) std packages compile and link with rog, $only more compile (internal, not imported by any importable std package), $fail fail"
