#!/usr/bin/env bash
# Import + index of the openbmc corpus (11,000 messages, 175 MB mboxrd): wall time, peak RSS and
# database size for listarchive, then public-inbox 1.9 on the same file in the same run.
# usage: bash bench/ingest-openbmc.sh [OUTDIR]      (needs ../shared and, for the peer, public-inbox)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
mbox=../shared/corpus/openbmc-lists-ozlabs/openbmc-2019-03_2021-07.mboxrd.gz
out=${1:-bench/out}
mkdir -p "$out"
db=$out/openbmc.sqlite
rm -f "$db" "$db-wal" "$db-shm"
node bin/listarchive.js --db "$db" lists add openbmc >/dev/null 2>&1
/usr/bin/time -f '%e s wall, %M KB peak RSS' node bin/listarchive.js --db "$db" import --list openbmc --progress "$mbox" 2>&1 | tail -2
node bin/listarchive.js --db "$db" stats --list openbmc
printf 'database file: %s bytes\n' "$(stat -c %s "$db")"
if command -v public-inbox-init >/dev/null; then
  /usr/bin/time -f 'public-inbox: %e s wall, %M KB peak RSS' ../shared/peers/public-inbox-import "$out/pi" openbmc "$mbox"
fi
