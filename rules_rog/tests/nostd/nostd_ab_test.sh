#!/bin/sh
# nostd_ab_test.sh CHECK GOLDEN GC_BINARY ROG_BINARY: rog_ab_binary gives two
# different binaries (one per toolchain), each with the golden output
# (CHECK is nostd_test.sh, which also runs arm64 binaries under qemu).
set -eu
check="$1"
golden="$2"
shift 2
[ $# -eq 2 ] || { echo "want 2 binaries, got $#: $*" >&2; exit 1; }
case "$1" in *.gc) ;; *) echo "first binary is not NAME.gc: $1" >&2; exit 1 ;; esac
case "$2" in *.rog) ;; *) echo "second binary is not NAME.rog: $2" >&2; exit 1 ;; esac
if cmp -s "$1" "$2"; then
  echo "the gc and rog binaries are identical" >&2
  exit 1
fi
"$check" "$1" "$golden"
"$check" "$2" "$golden"
