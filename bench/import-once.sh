#!/usr/bin/env bash
# One fresh import of an mbox into a new archive: what the ingest benchmark times as a whole process.
# usage: [LIST=name] bash bench/import-once.sh DB MBOX [import options...]
#   DB: a SQLite file (removed first) or postgres://…/NAME (the database is dropped and made again).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
db=$1 mbox=$2; shift 2
list=${LIST:-bench}
case $db in
  postgres://* | postgresql://*)
    psql -q "${db%/*}/postgres" -c "DROP DATABASE IF EXISTS \"${db##*/}\" WITH (FORCE)" \
      -c "CREATE DATABASE \"${db##*/}\"" ;;
  *) rm -f "$db" "$db-wal" "$db-shm" ;;
esac
node bin/listarchive.js --db "$db" lists add "$list" >/dev/null 2>&1
exec node bin/listarchive.js --db "$db" import --list "$list" "$@" "$mbox"
