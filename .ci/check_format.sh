#!/usr/bin/env bash
# check_format.sh: clang-format (C, C++), buildifier (BUILD, .bzl,
# WORKSPACE) and gofmt (rog's own Go files: tools, tests, examples) over the
# tracked files. Exits 1 and lists the files that are
# not formatted; with --fix, formats them in place instead.
set -euo pipefail
cd "$(dirname "$0")/.."
fix=0
[ "${1:-}" = "--fix" ] && fix=1

clang_format=/usr/bin/clang-format-19
buildifier=.tools/node_modules/.bin/buildifier
gofmt=/usr/lib/go-1.19/bin/gofmt
[ -x "$clang_format" ] || { echo "check_format: $clang_format missing (run setup.sh)" >&2; exit 2; }
[ -x "$buildifier" ] || { echo "check_format: $buildifier missing (run setup.sh)" >&2; exit 2; }

mapfile -t cfiles < <(git ls-files '*.c' '*.h' '*.cc' | grep -v '/testdata/' || true)
mapfile -t bfiles < <(git ls-files 'WORKSPACE' '*/WORKSPACE' '*.bazel' '*.bzl' '*.BUILD' || true)
mapfile -t gofiles < <(git ls-files '*.go' | grep -v '/testdata/' || true)

bad=0
if [ "$fix" = 1 ]; then
  [ "${#cfiles[@]}" -eq 0 ] || "$clang_format" -i "${cfiles[@]}"
  [ "${#bfiles[@]}" -eq 0 ] || "$buildifier" -lint=off "${bfiles[@]}"
  [ "${#gofiles[@]}" -eq 0 ] || "$gofmt" -w "${gofiles[@]}"
  exit 0
fi
for f in "${cfiles[@]}"; do
  if ! "$clang_format" "$f" | cmp -s - "$f"; then
    echo "not clang-formatted: $f"
    bad=1
  fi
done
if [ "${#bfiles[@]}" -gt 0 ] && ! "$buildifier" -mode=check -lint=off "${bfiles[@]}"; then
  bad=1
fi
if [ "${#gofiles[@]}" -gt 0 ]; then
  unformatted=$("$gofmt" -l "${gofiles[@]}")
  if [ -n "$unformatted" ]; then
    echo "not gofmt-ed: $unformatted"
    bad=1
  fi
fi
if [ "$bad" = 1 ]; then
  echo "check_format: run .ci/check_format.sh --fix" >&2
  exit 1
fi
echo "check_format: ok (${#cfiles[@]} C/C++, ${#bfiles[@]} Bazel, ${#gofiles[@]} Go files)"
