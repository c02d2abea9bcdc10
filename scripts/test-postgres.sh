#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, in a folder of its own, on a free loopback port:
#   test-postgres.sh start DIR   prints the admin URL (postgres://postgres@127.0.0.1:PORT/postgres)
#   test-postgres.sh standby DIR PRIMARY_URL
#                                a hot standby of that cluster (pg_basebackup, streaming), prints its URL
#   test-postgres.sh stop DIR    fast shutdown, then removes DIR
# It only ever touches the cluster in DIR, never the machine's own. Exits 3 when PostgreSQL is not
# installed, so callers can skip instead of fail. Tuned for tests: nothing is made durable — unless
# PG_DURABLE=1 (benchmarks), which keeps PostgreSQL's own defaults (fsync, synchronous commit).
set -euo pipefail

# Left in DIR by start; stop removes only a folder that has it, so a wrong argument deletes nothing.
MARKER=listarchive-test-cluster
NOT_INSTALLED=3

fail() {
  echo "test-postgres: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start DIR | standby DIR PRIMARY_URL | stop DIR" >&2
  exit 2
}

# The server's bin folder: pg_config's when it holds initdb (libpq-dev's pg_config can exist without a
# server), else the newest /usr/lib/postgresql/*/bin, else initdb on PATH.
postgres_bin() {
  local dir
  if command -v pg_config >/dev/null && dir=$(pg_config --bindir 2>/dev/null) && [ -x "$dir/initdb" ]; then
    echo "$dir"
    return
  fi
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ]; then
    dirname "$dir"
    return
  fi
  if command -v initdb >/dev/null; then
    dirname "$(command -v initdb)"
    return
  fi
  return 1
}

# initdb refuses to run as root, so root runs the cluster as the postgres user Debian's package made.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e "const s = require('node:net').createServer();
    s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

# An empty folder for a cluster, marked as ours and owned by whoever runs the server.
prepare_dir() {
  local dir=$1
  mkdir -p "$dir"
  [ -z "$(ls -A "$dir")" ] || fail "$dir is not empty"
  touch "$dir/$MARKER"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || fail "running as root, but there is no postgres user to run the cluster as"
    chown postgres "$dir"
    as_owner test -w "$dir" || fail "the postgres user cannot write to $dir (choose a folder it can reach)"
  fi
}

server_bin() {
  postgres_bin || {
    echo "test-postgres: PostgreSQL not installed (no initdb; Debian package: postgresql)" >&2
    exit "$NOT_INSTALLED"
  }
}

start() {
  local dir=$1 bin port attempt
  bin=$(server_bin)
  prepare_dir "$dir"
  dir=$(cd "$dir" && pwd)
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    fail "initdb failed: $(tail -n 1 "$dir/initdb.log")"
  local tuning='-c fsync=off -c synchronous_commit=off -c full_page_writes=off'
  [ "${PG_DURABLE:-}" = 1 ] && tuning=''
  # The free port is only free until someone else takes it: try again with another when the bind fails.
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "-p $port -k '$dir' \
        -c listen_addresses=127.0.0.1 $tuning -c max_connections=200 -c shared_buffers=128MB" >&2; then
      echo "test-postgres: cluster in $dir on port $port" >&2
      echo "postgres://postgres@127.0.0.1:$port/postgres"
      return
    fi
    echo "test-postgres: start on port $port failed (attempt $attempt): $(tail -n 1 "$dir/server.log")" >&2
  done
  fail "could not start PostgreSQL; see $dir/server.log"
}

standby() {
  local dir=$1 primary=$2 bin address port
  bin=$(server_bin)
  prepare_dir "$dir"
  dir=$(cd "$dir" && pwd)
  address=${primary#*@}
  address=${address%%/*}
  # -R writes the standby's connection to the primary; -X stream copies the WAL made meanwhile
  as_owner "$bin/pg_basebackup" -h "${address%:*}" -p "${address#*:}" -U postgres -D "$dir/data" -R -X stream \
    >"$dir/basebackup.log" 2>&1 || fail "pg_basebackup failed: $(tail -n 1 "$dir/basebackup.log")"
  port=$(free_port)
  # a standby needs at least the primary's max_connections
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "-p $port -k '$dir' \
      -c listen_addresses=127.0.0.1 -c hot_standby=on -c max_connections=200 -c shared_buffers=128MB" >&2 ||
    fail "could not start the standby; see $dir/server.log"
  echo "test-postgres: standby in $dir on port $port" >&2
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

stop() {
  local dir=$1 bin
  [ -e "$dir" ] || return 0
  [ -e "$dir/$MARKER" ] || fail "$dir was not made by '$0 start'; leaving it alone"
  if [ -e "$dir/data/postmaster.pid" ] && bin=$(postgres_bin); then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2 ||
      echo "test-postgres: stopping the cluster in $dir failed; removing it anyway" >&2
  fi
  rm -rf "$dir"
}

case ${1:-}:$# in
  start:2) start "$2" ;;
  standby:3) standby "$2" "$3" ;;
  stop:2) stop "$2" ;;
  *) usage ;;
esac
