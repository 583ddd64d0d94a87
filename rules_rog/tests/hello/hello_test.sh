#!/bin/sh
# Runs the hello binary (under qemu for arm64 builds: the binary's ELF
# machine decides) and checks its output and the x_defs stamp.
set -eu
bin="$1"
arch="$2"
case "$(od -An -tx1 -j18 -N2 "$bin" | tr -d ' ')" in
  3e00) run="" ; want_arch=amd64 ;;
  b700) run="qemu-aarch64 -L /usr/aarch64-linux-gnu" ; want_arch=arm64 ;;
  *) echo "unexpected ELF machine" >&2; exit 1 ;;
esac
[ "$want_arch" = "$arch" ] || { echo "built for $want_arch, expected $arch" >&2; exit 1; }
out=$($run "$bin" x y)
expected="hello, x and y
version 1.2.3 $arch"
if [ "$out" != "$expected" ]; then
  echo "got:"; echo "$out"; echo "want:"; echo "$expected"; exit 1
fi
echo PASS
