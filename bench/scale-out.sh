#!/usr/bin/env bash
# The two backends side by side on openbmc (11,000 messages), in one run on one machine:
#   1. import into SQLite and into PostgreSQL (a throw-away cluster of scripts/test-postgres.sh),
#      alternately, RUNS times each: wall time and peak RSS of the importing process (PostgreSQL
#      with its default durability: fsync and synchronous commit on);
#   2. message pages at 16 connections (wrk, 300 random messages, warm cache): one `serve` on the
#      SQLite file, two `serve` processes (--workers 2) on PostgreSQL;
#   3. message pages drawn from scratch (bench/cold-pages.ts) on both.
# usage: bash bench/scale-out.sh [OUTDIR]    (needs ../shared, PostgreSQL and wrk installed)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mbox=../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz
out=${1:-bench/out}
runs=${RUNS:-3}
secs=${SECONDS_PER_RUN:-10}
mkdir -p "$out"
cluster=$(mktemp -d /tmp/listarchive-bench-pg.XXXXXX)
admin=$(PG_DURABLE=1 bash scripts/test-postgres.sh start "$cluster")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; bash scripts/test-postgres.sh stop "$cluster"' EXIT
pg=${admin%/postgres}/openbmc
sqlite=$out/scale-out.sqlite

import_into() { # label db
  if [ "$1" = sqlite ]; then rm -f "$sqlite" "$sqlite-wal" "$sqlite-shm"
  else psql -q "$admin" -c 'DROP DATABASE IF EXISTS openbmc WITH (FORCE)' -c 'CREATE DATABASE openbmc'; fi
  node bin/listarchive.js --db "$2" lists add openbmc 2>/dev/null
  /usr/bin/time -f "import $1: %e s wall, %U s user, %M KB peak RSS" \
    node bin/listarchive.js --db "$2" import --list openbmc "$mbox"
}
for run in $(seq "$runs"); do
  import_into sqlite "$sqlite"
  import_into postgres "$pg"
done
printf 'SQLite file: %s bytes; PostgreSQL database: %s bytes\n' "$(stat -c %s "$sqlite")" \
  "$(psql -tA "$admin" -c "SELECT pg_database_size('openbmc')")"

node bin/listarchive.js --db "$sqlite" export --list openbmc --jsonl |
  python3 -c '
import json, random, sys
rows = [json.loads(l) for l in sys.stdin]
random.seed(1)
for r in random.sample(rows, 300):
    print("/openbmc/" + r["day"].replace("-", "/") + "/" + str(r["n"]))
' > "$out/scale-out-message.paths"
node bin/listarchive.js --db "$sqlite" serve --port 8191 2>/dev/null &
pids+=($!)
node bin/listarchive.js --db "$pg" serve --port 8192 --workers 2 2>/dev/null &
pids+=($!)
for port in 8191 8192; do
  for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break; sleep 0.2; done
done
load() { # label port
  WRK_PATHS=$out/scale-out-message.paths wrk -t1 -c1 -d${WARMUP_SECONDS:-12}s -s bench/wrk-paths.lua "http://127.0.0.1:$2" >/dev/null
  printf '%-34s c=16 ' "$1"
  WRK_PATHS=$out/scale-out-message.paths wrk -t2 -c16 -d${secs}s -s bench/wrk-paths.lua "http://127.0.0.1:$2" | grep RESULT
}
load 'message pages, SQLite, 1 serve' 8191
load 'message pages, PostgreSQL, 2 serve' 8192
echo 'cold message pages, SQLite:'
node bench/cold-pages.ts "$sqlite" openbmc
echo 'cold message pages, PostgreSQL:'
node bench/cold-pages.ts "$pg" openbmc
if command -v public-inbox-httpd >/dev/null; then
  # the peer on the same messages' Message-ID pages, in the same run
  [ -d "$out/pi/inboxes/openbmc" ] || ../shared/peers/public-inbox-import "$out/pi" openbmc "$mbox"
  node bin/listarchive.js --db "$sqlite" export --list openbmc --jsonl |
    python3 -c '
import json, random, sys, urllib.parse
rows = [json.loads(l) for l in sys.stdin]
random.seed(1)
for r in random.sample(rows, 300):
    print("/openbmc/" + urllib.parse.quote(r["messageId"], safe="@") + "/")
' > "$out/scale-out-pi-message.paths"
  ../shared/peers/public-inbox-serve "$out/pi" 8193 >/dev/null
  pids+=("$(cat "$out/pi/httpd.pid")")
  WRK_PATHS=$out/scale-out-pi-message.paths wrk -t1 -c1 -d${WARMUP_SECONDS:-12}s -s bench/wrk-paths.lua http://127.0.0.1:8193 >/dev/null
  printf '%-34s c=16 ' 'message pages, public-inbox-httpd'
  WRK_PATHS=$out/scale-out-pi-message.paths wrk -t2 -c16 -d${secs}s -s bench/wrk-paths.lua http://127.0.0.1:8193 | grep RESULT
fi
