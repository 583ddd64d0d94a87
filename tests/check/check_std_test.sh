#!/bin/sh
# check_std_test: `rog check std` and `rog check -test std` type-check the
# whole standard library (GOROOT /usr/share/go-1.19) with zero errors for
# GOARCH=$2, and the run's peak RSS (from -trace) stays under 2 GiB.
# -upstream: Go's own packages everywhere (the checker's test), not rog's
# overlays from runtime/go, whose runtime package is still a subset of
# gc's API (runtime/pprof, ... need more of it).
#   check_std_test.sh ROG GOARCH
set -u
rog=$1
arch=$2
limit_mib=2048
status=0
for mode in "" "-test"; do
  out=$(GOARCH=$arch "$rog" check -upstream -trace $mode std 2>&1)
  rc=$?
  summary=$(printf '%s\n' "$out" | grep '^total:')
  echo "GOARCH=$arch rog check -upstream $mode std: exit $rc; $summary"
  if [ $rc -ne 0 ]; then
    printf '%s\n' "$out" | grep -v '^phase \|^total:' | head -50
    status=1
  fi
  rss=$(printf '%s\n' "$summary" | sed -n 's/.*peak RSS \([0-9]*\)\..*/\1/p')
  if [ -z "$rss" ] || [ "$rss" -ge $limit_mib ]; then
    echo "FAIL: peak RSS '${rss}' MiB (limit $limit_mib MiB)"
    status=1
  fi
  pkgs=$(printf '%s\n' "$summary" | sed -n 's/.* \([0-9]*\) packages.*/\1/p')
  # std alone is 237 packages checked (238 listed, unsafe is built in);
  # fewer means the loader or the session skipped some.
  if [ -z "$pkgs" ] || [ "$pkgs" -lt 230 ]; then
    echo "FAIL: only '${pkgs}' packages checked"
    status=1
  fi
done
exit $status
