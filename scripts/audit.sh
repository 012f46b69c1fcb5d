#!/usr/bin/env bash
# Known vulnerabilities in the locked dependencies (pip-audit against requirements/lock.txt, with
# the documented exceptions in requirements/audit-ignore.txt). Fails on an undocumented
# vulnerability; only WARNS when it cannot audit (offline machine, PyPI unreachable): see
# docs/deploy.md, "Supply chain".
set -euo pipefail
cd "$(dirname "$0")/.."
if ! scripts/tools.sh; then
  echo "WARNING: pip-audit: could not install the audit tools (requirements/tools.txt; offline?): dependencies NOT audited." >&2
  exit 0
fi
.venv-tools/bin/python scripts/audit.py requirements/lock.txt requirements/audit-ignore.txt
