#!/usr/bin/env bash
# Runs every test of creatorclub: unit, store tests on SQLite and PostgreSQL,
# SMTP against an in-process server, and browser tests in headless Chromium.
# Installs what is missing (Debian's chromium) when it can.
set -euo pipefail
cd "$(dirname "$0")/.."

# Browser tests need Chromium. Install Debian's package when running as root.
if [ "${CREATORCLUB_E2E:-on}" != "off" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing chromium (Debian package) for the browser tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "!! chromium is missing: install it (apt-get install chromium) or set CREATORCLUB_E2E=off" >&2
    exit 1
  fi
fi

# PostgreSQL: the store tests run on it when it is reachable. On CI it must be.
PGURL="${CREATORCLUB_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
if [ "${CI:-}" = "true" ] && [ -z "${CREATORCLUB_TEST_POSTGRES:-}" ]; then
  export CREATORCLUB_TEST_POSTGRES=required
fi
if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -d "$PGURL" 2>/dev/null; then
  echo "== engines: SQLite and PostgreSQL ($PGURL)"
elif [ "${CREATORCLUB_TEST_POSTGRES:-}" = "required" ]; then
  echo "!! PostgreSQL is required but not reachable at $PGURL" >&2
  exit 1
else
  echo "== engines: SQLite only (PostgreSQL not reachable at $PGURL)"
fi

echo "== go vet"
go vet ./...
echo "== go test"
go test -count=1 -timeout 10m "$@" ./...
