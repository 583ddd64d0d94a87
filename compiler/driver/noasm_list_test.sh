#!/bin/sh
# noasm_list_test: the std packages rog builds from Go's portable files
# (no assembly) are listed twice, in compiler/driver/buildctx.c
# (noasm_packages, used by rog build/check) and in rules_rog's stdgraph
# (noasmPackages, which generates packages.bzl); the two lists must be
# equal, or rules_rog and `rog build` would compile different files.
#   noasm_list_test.sh BUILDCTX_C STDGRAPH_MAIN_GO
set -u
c=$(sed -n '/^static const char \*const noasm_packages\[\] = {/,/^};/p' "$1" |
  grep -o '"[^"]*"' | sort)
go=$(sed -n '/^var noasmPackages = map\[string\]bool{/,/^}/p' "$2" |
  grep -o '"[^"]*"' | sort)
[ -n "$c" ] || { echo "FAIL: no noasm_packages list in $1"; exit 1; }
[ -n "$go" ] || { echo "FAIL: no noasmPackages list in $2"; exit 1; }
if [ "$c" != "$go" ]; then
  echo "FAIL: the noasm package lists differ (< buildctx.c, > stdgraph):"
  printf '%s\n' "$c" >c.txt
  printf '%s\n' "$go" >go.txt
  diff c.txt go.txt
  exit 1
fi
echo "PASS: $(printf '%s\n' "$c" | wc -l) packages in both lists"
