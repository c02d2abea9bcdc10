# Two entry points for a fresh machine: `make demo` serves the bundled sample archive,
# `make test` runs the whole suite. Each installs what it needs first.
SHELL := /bin/bash
ENV := source scripts/env.sh &&
DB ?= data/archive.sqlite

.PHONY: setup demo test typecheck lint unit bench system-packages

node_modules/.installed: package.json package-lock.json scripts/setup.sh
	bash scripts/setup.sh
	$(ENV) npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: node_modules/.installed

# Debian packages that the browser, PostgreSQL and peer-compatibility tests drive.
system-packages:
	bash scripts/system-packages.sh

demo: setup
	$(ENV) bash scripts/demo.sh

typecheck: setup
	$(ENV) npx tsc --noEmit

lint: setup
	$(ENV) npx biome check

# The tests get a throw-away PostgreSQL cluster of their own (scripts/test-postgres.sh), stopped afterwards.
unit: setup
	$(ENV) bash scripts/with-test-postgres.sh bash scripts/run-tests.sh

test: setup system-packages typecheck lint unit

bench: setup
	$(ENV) bash bench/run-all.sh
