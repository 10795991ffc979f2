#!/usr/bin/env bash
# Runs every test of creatorclub: unit, store tests on SQLite and PostgreSQL,
# SMTP against an in-process server, and browser tests in headless Chromium.
# Installs what is missing (Debian's chromium; axe-core with npm) when it can.
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

# Accessibility tests run axe-core (the npm package, pinned) in the browser.
# It is installed with the machine's npm into .cache/ (ignored by git) and
# its path handed to the tests; CREATORCLUB_E2E_AXE may name another copy.
AXE_VERSION=4.14.1
AXE_DIR=".cache/axe-core/$AXE_VERSION"
AXE_JS="$AXE_DIR/node_modules/axe-core/axe.min.js"
if [ "${CREATORCLUB_E2E:-on}" != "off" ]; then
  if [ -n "${CREATORCLUB_E2E_AXE:-}" ]; then
    if [ ! -f "$CREATORCLUB_E2E_AXE" ]; then
      echo "!! CREATORCLUB_E2E_AXE=$CREATORCLUB_E2E_AXE is not a file" >&2
      exit 1
    fi
  else
    if [ ! -f "$AXE_JS" ] && command -v npm >/dev/null 2>&1; then
      echo "== installing axe-core $AXE_VERSION (npm) into $AXE_DIR for the accessibility tests"
      mkdir -p "$AXE_DIR"
      npm install --prefix "$AXE_DIR" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
        --loglevel=error "axe-core@$AXE_VERSION" >/dev/null || echo "!! npm could not install axe-core" >&2
    fi
    if [ -f "$AXE_JS" ]; then
      CREATORCLUB_E2E_AXE="$PWD/$AXE_JS"
    elif [ "${CI:-}" = "true" ]; then
      echo "!! axe-core is missing: install npm (apt-get install npm) so that this script can fetch it" >&2
      exit 1
    else
      echo "!! axe-core is missing (is npm installed?): the accessibility tests will be skipped" >&2
    fi
  fi
  if [ -n "${CREATORCLUB_E2E_AXE:-}" ]; then
    # The tests fail, rather than skip, if the file goes missing.
    export CREATORCLUB_E2E_AXE CREATORCLUB_E2E_A11Y=required
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
