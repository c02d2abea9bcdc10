#!/usr/bin/env bash
# Runs a command (the test suite) with a throw-away PostgreSQL cluster, its admin URL in
# LISTARCHIVE_TEST_PG, and stops the cluster afterwards whatever the command's outcome; exits with the
# command's status. Without PostgreSQL installed, runs the command without the variable: the
# PostgreSQL tests skip, saying so.
set -uo pipefail
cd "$(dirname "$0")/.."

[ $# -gt 0 ] || {
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
}

# Under /tmp rather than $TMPDIR: when root, the cluster runs as the postgres user, who must reach it.
cluster=$(mktemp -d /tmp/listarchive-pg.XXXXXX) || exit 1
url=$(bash scripts/test-postgres.sh start "$cluster")
started=$?
case $started in
  0)
    trap 'bash scripts/test-postgres.sh stop "$cluster"' EXIT
    # An interrupted run still stops its cluster: exiting runs the EXIT trap.
    trap 'exit 130' INT
    trap 'exit 143' TERM
    export LISTARCHIVE_TEST_PG=$url
    ;;
  3)
    rm -rf "$cluster"
    echo 'PostgreSQL not installed: PostgreSQL tests will skip' >&2
    ;;
  *)
    bash scripts/test-postgres.sh stop "$cluster"
    exit "$started"
    ;;
esac

"$@"
