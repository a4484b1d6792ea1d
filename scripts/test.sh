#!/usr/bin/env bash
# make test: lint, types (mypy), layering (import-linter), migrations check, deployment check, the whole pytest suite (browser tests
# included) on PostgreSQL, then a smoke test of the make-run path on SQLite.
# It fails, never skips, when something it needs is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
py=.venv/bin/python
# Test processes: one per core unless TEST_PROCESSES says otherwise (1 runs the suite in one process).
TEST_PROCESSES=${TEST_PROCESSES:-$(nproc 2>/dev/null || echo 2)}

# Chromium for the browser tests, from Debian's packages when missing.
if [ -z "${CHROMIUM_PATH:-}" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      echo "Installing Chromium from Debian's packages"
      apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
    fi
  fi
  CHROMIUM_PATH=$(command -v chromium || true)
fi
[ -x "$CHROMIUM_PATH" ] || { echo "Chromium is needed for the browser tests and could not be installed." >&2; exit 1; }
export CHROMIUM_PATH

# PostgreSQL: DATABASE_URL, else the server on 127.0.0.1:5432, else a throwaway cluster.
cleanup_pg=""
if [ -z "${DATABASE_URL:-}" ]; then
  if $py scripts/pg_probe.py "postgres://postgres@127.0.0.1:5432/postgres"; then
    export DATABASE_URL="postgres://postgres@127.0.0.1:5432/samhandling"
  else
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      echo "Installing PostgreSQL from Debian's packages"
      apt-get install -y -q postgresql >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
    fi
    eval "$(scripts/pg_throwaway.sh start)"
    cleanup_pg="scripts/pg_throwaway.sh stop $PG_THROWAWAY_DIR"
  fi
fi
trap 'if [ -n "$cleanup_pg" ]; then $cleanup_pg; fi' EXIT
# The default database itself (not only the test database) is used by makemigrations --check.
$py scripts/pg_probe.py "$DATABASE_URL" --create || { echo "PostgreSQL at DATABASE_URL does not answer." >&2; exit 1; }
echo "PostgreSQL for the tests: ${DATABASE_URL%%@*}@…"

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

echo "== mypy (django-stubs; strict for services, selectors, access and the newer apps: ADR 0013)"
.venv/bin/mypy

echo "== import-linter (layers, no circles, no other app's views: docs/DEVELOPING.md)"
.venv/bin/lint-imports

echo "== makemigrations --check"
$py manage.py makemigrations --check --dry-run

echo "== deployment checks (production settings)"
DJANGO_SETTINGS_MODULE=config.production SECRET_KEY="ci-$(date +%s%N)-deploy-check-key-that-is-long-and-random-enough" \
  ALLOWED_HOSTS=samhandling.example.se $py manage.py check --deploy --fail-level WARNING

echo "== translations"
$py scripts/check_translations.py

echo "== pytest (PostgreSQL, browser tests in Chromium), in $TEST_PROCESSES processes"
# Record which URL patterns the tests request; scripts/check_url_coverage.py fails on any left out.
export SAMHANDLING_URL_COVERAGE=1
export SAMHANDLING_URL_COVERAGE_DIR
SAMHANDLING_URL_COVERAGE_DIR=$(mktemp -d)
# pytest-xdist: one process per core, each with its own test database (test_<name>_gw0, _gw1 ...);
# --dist loadfile keeps a module's tests (and its module-scoped fixtures) in one process.
$py -m pytest -n "$TEST_PROCESSES" --dist loadfile "$@"
if [ $# -eq 0 ]; then
  echo "== URL coverage (every URL pattern requested by some test)"
  $py scripts/check_url_coverage.py "$SAMHANDLING_URL_COVERAGE_DIR"
fi
rm -rf "$SAMHANDLING_URL_COVERAGE_DIR"

echo "== smoke test of make run (SQLite)"
$py scripts/smoke_run.py
echo "All checks passed."
