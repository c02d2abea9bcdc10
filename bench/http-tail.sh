#!/usr/bin/env bash
# Message-page latency tail at 1 connection, over time: a fresh `listarchive serve` on the openbmc
# archive, one pass over the 300 message pages of bench/http-openbmc.sh, then RUNS back-to-back
# 10-s wrk runs. Then the same against the floor: a node:http server that answers every path with
# one fixed 20 KB buffer (about a message page) and does nothing else, measured the same way.
# usage: bash bench/http-tail.sh [OUTDIR]   (run bench/http-openbmc.sh first: it writes message.paths)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
out=${1:-bench/out}
runs=${RUNS:-6}
[ -f "$out/message.paths" ] || { echo "no $out/message.paths: run bench/http-openbmc.sh first" >&2; exit 2; }

series() { # label port
  WRK_PATHS=$out/message.paths wrk -t1 -c1 -d2s -s bench/wrk-paths.lua "http://127.0.0.1:$2" >/dev/null
  for i in $(seq "$runs"); do
    printf '%-12s run %s  ' "$1" "$i"
    WRK_PATHS=$out/message.paths wrk -t1 -c1 -d10s -s bench/wrk-paths.lua "http://127.0.0.1:$2" | grep RESULT
  done
}
wait_for() { for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$1/$2" 2>/dev/null && return; sleep 0.2; done; }

node bin/listarchive.js --db "$out/openbmc.sqlite" serve --port 8191 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; true' EXIT
wait_for 8191 healthz
series listarchive 8191
kill $pid; wait $pid 2>/dev/null || true

node --input-type=module -e "
import { createServer } from 'node:http';
const body = Buffer.alloc(20000, 'x');
createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
  response.end(body);
}).listen(8192, '127.0.0.1');" &
pid=$!
wait_for 8192 ""
series floor 8192
