#!/usr/bin/env bash
# Installs the Debian packages the tests drive (browser, CJK fonts, b4, feedparser, git, PostgreSQL) when
# missing and root.
set -euo pipefail
want=(chromium fonts-wqy-zenhei b4 python3-feedparser git postgresql nginx)
missing=()
for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "system-packages: not root, tests needing ${missing[*]} will skip" >&2
  exit 0
fi
echo "system-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
