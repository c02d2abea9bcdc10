#!/usr/bin/env bash
# Search on a 1,000,000-message archive: openbmc repeated 91 times (new Message-IDs per round, each
# round's dates 40 days earlier than the one before, so the archive spans 12 years), imported as
# list `big`, then the 50 queries of bench/search.ts.
# usage: bash bench/search-1m.sh [DB]   (default bench/out/big.sqlite; ~16 GB of mail streamed from
# the generator into `import`, never written to disk; the archive takes ~12 GB). DB may be a
# postgres://…/NAME URL: the database is made anew for the import (bench/import-once.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
db=${1:-bench/out/big.sqlite}
built() {
  case $db in
    postgres://* | postgresql://*) psql -tA "$db" -c 'SELECT 1 FROM lists LIMIT 1' >/dev/null 2>&1 ;;
    *) [ -f "$db" ] ;;
  esac
}
if ! built; then
  node bench/generate-big-mbox.ts - 100000 --messages 1000000 --shift-days 40 \
    | /usr/bin/time -v env LIST=big bash bench/import-once.sh "$db" -
fi
node bench/search.ts "$db" big
node bench/cold-pages.ts "$db" big
