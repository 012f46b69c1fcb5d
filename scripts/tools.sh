#!/usr/bin/env bash
# Make .venv-tools: the supply-chain tools (pip-tools for `make lock`, pip-audit for the test
# command), installed from requirements/tools.txt with hashes. Kept out of .venv so the tools'
# own dependencies never mix with the app's. Idempotent; pip only acts when tools.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv-tools/bin/python ]; then python3 -m venv .venv-tools; fi
stamp=.venv-tools/.tools-txt
if ! cmp -s requirements/tools.txt "$stamp" 2>/dev/null; then
  .venv-tools/bin/pip install -q --require-hashes -r requirements/tools.txt
  cp requirements/tools.txt "$stamp"
fi
