#!/bin/sh
# nostd_test.sh BINARY GOLDEN: the binary's output (stderr: print/println)
# equals the golden file, whichever toolchain built it; arm64 binaries run
# under qemu (the ELF machine decides).
set -eu
bin="$1"
case "$(od -An -tx1 -j18 -N2 "$bin" | tr -d ' ')" in
  3e00) run="" ;;
  b700) run="qemu-aarch64 -L /usr/aarch64-linux-gnu" ;;
  *)
    echo "unexpected ELF machine" >&2
    exit 1
    ;;
esac
out=$($run "$bin" 2>&1)
if [ "$out" != "$(cat "$2")" ]; then
  printf 'got:\n%s\nwant:\n' "$out" >&2
  cat "$2" >&2
  exit 1
fi
echo PASS
