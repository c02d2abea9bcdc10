#!/usr/bin/env bash
# Imports a large mbox and samples the importing process's RSS every 2 s, to show memory stays flat.
# usage: bash bench/rss-over-time.sh MBOX [DB]     (make one with bench/generate-big-mbox.ts)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mbox=$1 db=${2:-bench/out/big.sqlite}
rm -f "$db" "$db-wal" "$db-shm"
node bin/listarchive.js --db "$db" lists add big >/dev/null 2>&1
start=$(date +%s)
node bin/listarchive.js --db "$db" import --list big --progress "$mbox" 2>"$db.progress" &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  done_msgs=$(tr '\r' '\n' < "$db.progress" | grep -o '^[^ ]*[0-9]* messages' | tail -1 | cut -d' ' -f1 || true)
  [ -n "$rss" ] && printf '%4ss  RSS %4s MB  %s messages\n' "$(( $(date +%s) - start ))" "$(( rss / 1024 ))" "${done_msgs:-0}"
  sleep 2
done
wait "$pid"
tr '\r' '\n' < "$db.progress" | tail -1
printf 'database: %s MB\n' "$(( $(stat -c %s "$db") / 1000000 ))"
