#!/usr/bin/env bash
# One fresh import of an mbox into a new archive: what the ingest benchmark times as a whole process.
# usage: [LIST=name] bash bench/import-once.sh DB MBOX [import options...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
db=$1 mbox=$2; shift 2
list=${LIST:-bench}
rm -f "$db" "$db-wal" "$db-shm"
node bin/listarchive.js --db "$db" lists add "$list" >/dev/null 2>&1
exec node bin/listarchive.js --db "$db" import --list "$list" "$@" "$mbox"
