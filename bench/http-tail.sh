#!/usr/bin/env bash
# Message-page latency at 1 connection, and where its tail comes from: a fresh `listarchive serve`
# on the openbmc archive and its floor, a node:http server that replays the very bytes and headers
# listarchive gave for the same 300 message pages of bench/http-openbmc.sh and does nothing else
# (bench/replay-server.ts). After a 12-s warm-up of each, RUNS rounds; each round measures both
# servers, in turn, with wrk (its p99 includes its correction for coordinated omission) and with
# bench/latency-c1.ts (every request's own latency, and the same data corrected as wrk does),
# 10 s each, so that both servers meet the same moments of the machine.
# usage: bash bench/http-tail.sh [OUTDIR]   (run bench/http-openbmc.sh first: it writes message.paths)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
out=${1:-bench/out}
runs=${RUNS:-3}
paths=$out/message.paths
[ -f "$paths" ] || { echo "no $paths: run bench/http-openbmc.sh first" >&2; exit 2; }

wrk_run() { # seconds port
  WRK_PATHS=$paths wrk -t1 -c1 -d"$1"s -s bench/wrk-paths.lua "http://127.0.0.1:$2"
}
wait_for() { for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$1$2" 2>/dev/null && return; sleep 0.2; done; }

node bin/listarchive.js --db "$out/openbmc.sqlite" serve --port 8191 2>/dev/null &
listarchive=$!
trap 'kill $listarchive ${floor:-} 2>/dev/null; true' EXIT
wait_for 8191 /healthz
node bench/replay-server.ts "$paths" http://127.0.0.1:8191 8192 2>/dev/null &
floor=$!
wait_for 8192 "$(head -1 "$paths")"
wrk_run 12 8191 >/dev/null
wrk_run 12 8192 >/dev/null
for i in $(seq "$runs"); do
  for server in listarchive:8191 floor:8192; do
    printf '%-11s round %s  wrk         ' "${server%:*}" "$i"; wrk_run 10 "${server#*:}" | grep RESULT
    printf '%-11s round %s  latency-c1  ' "${server%:*}" "$i"; node bench/latency-c1.ts "$paths" "${server#*:}" 10
  done
done
