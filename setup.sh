#!/usr/bin/env bash
# setup.sh: install every Debian package rog needs, on a fresh Debian 12 machine.
#
# Idempotent and non-interactive; run as root (or through sudo). It installs
# Debian packages and one npm package (buildifier, for the format check) and
# downloads nothing else. Re-running it when everything is present is a no-op
# apart from apt's own checks.
set -euo pipefail

PACKAGES=(
  # Bazel 4.2.3 and the rule sets the offline WORKSPACE points at.
  bazel-bootstrap bazel-rules-cc bazel-rules-java bazel-platforms bazel-skylib
  # LLVM 19: the C API rog links against, the C toolchain, lld, BOLT, sanitizer
  # and profile runtimes.
  llvm-19 llvm-19-dev llvm-19-tools clang-19 lld-19 bolt-19 libclang-rt-19-dev
  libclang-19-dev clang-format-19
  # Libraries rog uses instead of writing its own.
  libzstd-dev libgtest-dev libgmock-dev libgmp-dev libmpfr-dev libffi-dev
  libxml2-dev zlib1g-dev libedit-dev libncurses-dev libdw-dev libssl-dev
  # Go 1.19: the std sources rog compiles, the spec, the oracles and baselines.
  golang-1.19-go golang-1.19-src golang-1.19-doc gccgo-12
  # arm64 cross libc and emulation for tests.
  qemu-user libc6-dev-arm64-cross libgcc-12-dev-arm64-cross libstdc++-12-dev-arm64-cross
  # Measuring.
  valgrind hyperfine
  # Tools the scripts use.
  git python3 zstd ca-certificates
)
# npm (for buildifier): machines with NodeSource's nodejs already have it and
# Debian's npm conflicts with that nodejs, so only add it when it is absent.
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(nodejs npm); fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup.sh: all Debian packages present"
fi

# buildifier for the BUILD/.bzl format check, from the npm registry, into a
# project-local prefix so the system stays untouched.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="$here/.tools"
if [ ! -x "$tools/node_modules/.bin/buildifier" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund --prefix "$tools" @bazel/buildifier@6.4.0 >/dev/null)
fi
echo "setup.sh: done"
