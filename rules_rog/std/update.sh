#!/bin/sh
# update.sh: regenerates rules_rog/std/packages.bzl (the standard library's
# package graph for the rog toolchain) from /usr/lib/go-1.19 and the
# overlays under runtime/go. Run from anywhere in the workspace.
set -eu
cd "$(dirname "$0")/../.."
bazel build --jobs=2 //rules_rog/std:stdgraph
bazel-bin/rules_rog/std/stdgraph -goroot /usr/lib/go-1.19 -overlay runtime/go -o rules_rog/std/packages.bzl
