#!/usr/bin/env bash
# Web load on the openbmc archive: message, day, month and list pages of listarchive, and the same
# 300 messages' pages of public-inbox-httpd (/openbmc/<Message-ID>/), with wrk on loopback.
# usage: bash bench/http-openbmc.sh [OUTDIR]   (run bench/ingest-openbmc.sh first; needs wrk, public-inbox)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
out=${1:-bench/out}
db=$out/openbmc.sqlite
secs=${SECONDS_PER_RUN:-10}
[ -f "$db" ] || { echo "no $db: run bench/ingest-openbmc.sh first" >&2; exit 2; }
node bin/listarchive.js --db "$db" export --list openbmc --jsonl > "$out/openbmc.jsonl"
python3 - "$out" <<'PY'
import json, random, sys, urllib.parse
out = sys.argv[1]
rows = [json.loads(l) for l in open(f"{out}/openbmc.jsonl")]
random.seed(1)
pick = random.sample(rows, 300)
def w(name, paths):
    open(f"{out}/{name}.paths", "w").write("".join(p + "\n" for p in paths))
w("message", [f"/openbmc/{r['day'].replace('-', '/')}/{r['n']}" for r in pick])
w("pi-message", [f"/openbmc/{urllib.parse.quote(r['messageId'], safe='@')}/" for r in pick])
days = sorted({r['day'] for r in rows})
w("day", [f"/openbmc/{d.replace('-', '/')}/" for d in random.sample(days, 100)])
months = sorted({r['day'][:7] for r in rows})
w("month", [f"/openbmc/{m.replace('-', '/')}/" for m in months])
w("list", ["/openbmc/"])
# 8 lore-syntax queries, the same on both servers (s:, f:, d:, phrase, b:, dfn:, nq:, bare words)
queries = ['s:aspeed', 'f:joel', 'd:20200101..20200131', '"device tree"', 'b:pmbus', 'dfn:Kconfig',
           'nq:"Reviewed-by"', 'ipmi sel']
w("search", ["/openbmc/?q=" + urllib.parse.quote_plus(q) for q in queries])
PY
node bin/listarchive.js --db "$db" serve --port 8181 2>/dev/null &
la_pid=$!
trap 'kill $la_pid 2>/dev/null; [ -f "$out/pi/httpd.pid" ] && kill "$(cat "$out/pi/httpd.pid")" 2>/dev/null; true' EXIT
for _ in $(seq 50); do curl -fsS -o /dev/null http://127.0.0.1:8181/healthz 2>/dev/null && break; sleep 0.2; done
run() { # label port pathsfile connections
  local threads=$(( $4 > 1 ? 2 : 1 ))
  # Warm-up: a pass over the paths (listarchive renders each page once), then load until the server
  # is steady; a fresh Node process spends its first ~15 s compiling the code it runs on background
  # threads, which share the two cores with the server and wrk (BENCHMARKS.md, "Web").
  WRK_PATHS=$3 wrk -t1 -c1 -d${WARMUP_SECONDS:-12}s -s bench/wrk-paths.lua "http://127.0.0.1:$2" >/dev/null
  printf '%-22s c=%-3s ' "$1" "$4"
  WRK_PATHS=$3 wrk -t$threads -c$4 -d${secs}s -s bench/wrk-paths.lua "http://127.0.0.1:$2" | grep RESULT
}
for page in message day month list search; do
  for c in 1 16; do run "listarchive $page" 8181 "$out/$page.paths" $c; done
done
if command -v public-inbox-httpd >/dev/null; then
  [ -d "$out/pi/inboxes/openbmc" ] || ../shared/peers/public-inbox-import "$out/pi" openbmc \
    ../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz
  ../shared/peers/public-inbox-serve "$out/pi" 8182 >/dev/null
  for c in 1 16; do run "public-inbox message" 8182 "$out/pi-message.paths" $c; done
  for c in 1 16; do run "public-inbox search" 8182 "$out/search.paths" $c; done
fi
