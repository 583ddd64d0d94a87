#!/bin/sh
# version_test.sh VERSION version.bzl: the two spellings of rog's version agree.
want=$(cat "$1")
got=$(sed -n 's/^ROG_VERSION = "\(.*\)"$/\1/p' "$2")
if [ "$want" != "$got" ]; then
  echo "version.bzl says '$got', VERSION says '$want'" >&2
  exit 1
fi
