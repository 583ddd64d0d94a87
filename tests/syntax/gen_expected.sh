#!/bin/sh
# Regenerates tests/syntax/expected_verdicts.txt: one line per .go file under
# Go 1.19's src/ and test/ trees, "ok PATH" or "err PATH", as judged by the
# oracle `gofmt -e -l FILE` (non-zero exit or any stderr output = "err").
# Paths are relative to /usr/share/go-1.19. Run it by hand when the Go tree
# changes; the corpus test (corpus_test.sh) reads the checked-in result.
set -eu
GOROOT_SRC=${GOROOT_SRC:-/usr/share/go-1.19}
GOFMT=${GOFMT:-/usr/lib/go-1.19/bin/gofmt}
out=$(realpath -m "${1:-$(dirname "$0")/expected_verdicts.txt}")
cd "$GOROOT_SRC"
find src test -name '*.go' -type f | LC_ALL=C sort | while IFS= read -r f; do
  if "$GOFMT" -e -l "$f" >/dev/null 2>/tmp/gofmt_err.$$ && [ ! -s /tmp/gofmt_err.$$ ]; then
    echo "ok $f"
  else
    echo "err $f"
  fi
done > "$out.tmp"
rm -f /tmp/gofmt_err.$$
mv "$out.tmp" "$out"
