#!/bin/sh
# --run_under wrapper for --config=arm64: runs an AArch64 ELF binary under
# qemu-user with Debian's cross libc as the sysroot for the dynamic loader.
# Scripts (sh_test) run as they are (they run their own binaries through
# qemu). An ELF binary of another architecture is refused, so a
# misconfigured build cannot pass by running amd64 code.
set -e
bin="$1"
shift
if [ "$(od -An -c -N4 "$bin" | tr -d ' ')" != "177ELF" ]; then
  exec "$bin" "$@"
fi
case "$(od -An -tx1 -j18 -N2 "$bin" | tr -d ' ')" in
  b700) ;; # EM_AARCH64 (183), little-endian
  *)
    echo "qemu_aarch64: $bin is not an AArch64 ELF binary" >&2
    exit 1
    ;;
esac
exec qemu-aarch64 -L /usr/aarch64-linux-gnu "$bin" "$@"
