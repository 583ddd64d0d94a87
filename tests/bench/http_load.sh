#!/bin/bash
# http_load.sh: load check of examples' //svc:server, rog against gc in the
# same run (not a timed test; DESIGN.md section 9 benchmarks print, they
# do not gate). Builds the server with --config=rog and --config=gc in
# examples/ and the client (http_load/client.go) with gc, then for each
# server, alternating REPS times: start it on a free loopback port, send N
# requests from C goroutines (each body checked, then /stats must count
# them all), stop it. Prints per run and the medians:
#   http_load rog_median=R req/s gc_median=G req/s ratio=R/G
# Usage: tests/bench/http_load.sh [N] [C] [REPS]   (default 2000 8 3)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
n="${1:-2000}"
c="${2:-8}"
reps="${3:-3}"
tmp="$(mktemp -d /tmp/http_load.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$here/../../examples" &&
  bazel build --config=rog //svc:server && cp bazel-bin/svc/server "$tmp/server_rog" &&
  bazel build --config=gc //svc:server && cp bazel-bin/svc/server "$tmp/server_gc")
chmod u+w "$tmp"/server_*
(cd "$here/http_load" && GOCACHE="$tmp/gocache" GOPATH="$tmp/gopath" GO111MODULE=off \
  /usr/lib/go-1.19/bin/go build -o "$tmp/client" client.go)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# run_one NAME: one load run against a fresh server; appends req/s to NAME.r
run_one() {
  local name=$1 port pid out
  port=$(free_port)
  "$tmp/server_$name" -addr "127.0.0.1:$port" 2>"$tmp/$name.err" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  if ! out=$("$tmp/client" -url "http://127.0.0.1:$port" -n "$n" -c "$c"); then
    echo "$name: $out" >&2
    kill "$pid"
    exit 1
  fi
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$name $out"
  sed 's/.*req_per_s=//' <<<"$out" >>"$tmp/$name.r"
}
for ((i = 0; i < reps; i++)); do
  run_one rog
  run_one gc
done
median() { sort -n "$1" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
r=$(median "$tmp/rog.r")
g=$(median "$tmp/gc.r")
awk -v r="$r" -v g="$g" -v n="$n" -v c="$c" \
  'BEGIN {printf "http_load n=%s c=%s rog_median=%s req/s gc_median=%s req/s ratio=%.2f\n", n, c, r, g, (g > 0 ? r / g : 0)}'
