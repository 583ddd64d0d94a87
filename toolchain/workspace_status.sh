#!/bin/sh
# Stamping for --config=release: rog's version from the VERSION file and the
# commit, never the clock (releases must be bit-identical across builds).
here=$(dirname "$0")
echo "STABLE_ROG_VERSION $(cat "$here/../VERSION")"
echo "STABLE_ROG_COMMIT $(git -C "$here/.." rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
