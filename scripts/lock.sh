#!/usr/bin/env bash
# `make lock`: recompile requirements/lock.txt (runtime + test extras, what `make test` installs),
# requirements/lock-runtime.txt (runtime only, what `make demo` installs; the same versions as
# lock.txt) and requirements/tools.txt from pyproject.toml and requirements/tools.in, with hashes.
# Existing pins are kept unless asked: `make lock UPGRADE=--upgrade` (everything) or
# `make lock UPGRADE="--upgrade-package django"` (one package).
# Always resolved against pypi.org alone (a machine's pip.conf indexes and find-links are ignored),
# so the hashes are PyPI's and the files install on any machine. Python 3.11, linux x86_64.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/tools.sh
compile() {
  env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT PIP_CONFIG_FILE=/dev/null \
    CUSTOM_COMPILE_COMMAND="make lock" .venv-tools/bin/pip-compile --quiet --generate-hashes \
    --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
    --index-url https://pypi.org/simple ${UPGRADE:-} "$@"
}
compile --extra test -o requirements/lock.txt pyproject.toml
compile -c requirements/lock.txt -o requirements/lock-runtime.txt pyproject.toml
compile -o requirements/tools.txt requirements/tools.in
echo "requirements/lock.txt, lock-runtime.txt, tools.txt written; run scripts/audit.sh, then make test."
