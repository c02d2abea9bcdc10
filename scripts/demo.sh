#!/usr/bin/env bash
# Imports the bundled sample mailbox into ./data (once; a second run finds it there) and serves it
# on http://127.0.0.1:8080 (PORT=… to change).
set -euo pipefail
cd "$(dirname "$0")/.."
export LISTARCHIVE_DB="${LISTARCHIVE_DB:-data/archive.sqlite}"
la() { node bin/listarchive.js "$@"; }
if ! la lists --json 2>/dev/null | grep -q '"name": "fedora-devel"'; then
  la lists add fedora-devel --title "Fedora development" --section Fedora \
    --description "Fedora developers' list (sample: January 2010)" --address fedora-devel-list@redhat.com
fi
la import --list fedora-devel --progress examples/fedora-devel-2010-01.mbox.gz
la stats --list fedora-devel
exec node bin/listarchive.js serve --config examples/site.toml --port "${PORT:-8080}"
