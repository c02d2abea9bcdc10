#!/usr/bin/env bash
# The whole test suite, then the web suites and the openbmc search oracle once more with their
# archive in PostgreSQL (LISTARCHIVE_TEST_BACKEND=postgres), when the test cluster runs. Store,
# copy, scale-out and search-oracle tests pick both backends themselves (test/backends.ts).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
node --test --test-concurrency=2 'test/**/*.test.ts' || status=$?
if [ -n "${LISTARCHIVE_TEST_PG:-}" ]; then
  echo '== the web suites and the search oracle again, on PostgreSQL' >&2
  LISTARCHIVE_TEST_BACKEND=postgres node --test --test-concurrency=2 'test/web/**/*.test.ts' \
    test/search/search-openbmc.test.ts || status=1
fi
exit "$status"
