#!/usr/bin/env bash
# The dependency audit, the architecture contracts, then the whole test suite: on SQLite, then the database tests again on PostgreSQL (127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test  # also installs/starts PostgreSQL where none answers and creates the suite's database
echo "== known vulnerabilities in the locked dependencies (pip-audit, requirements/lock.txt) =="
scripts/audit.sh  # fails on an undocumented vulnerability; only warns when it cannot reach PyPI
export CAKUPAN_HOME="${CAKUPAN_HOME:-$(mktemp -d)}"
echo "== architecture contracts (import-linter, pyproject.toml) =="
.venv/bin/lint-imports --no-cache
echo "== tests on SQLite (all) =="
.venv/bin/python -m pytest "$@"
echo "== database tests on PostgreSQL =="
CAKUPAN_TEST_DB=postgres .venv/bin/python -m pytest -m "django_db and not spark and (not browser or concurrent)" "$@"
