# The README's two commands: `make demo` and `make test`.
.PHONY: demo test bench docs check lock audit

CAKUPAN_HOME ?= $(CURDIR)/var/demo
export CAKUPAN_HOME

demo:
	scripts/setup.sh demo
	.venv/bin/cakupan demo

test:
	scripts/test.sh

SCALE ?= 1

bench:
	scripts/setup.sh test
	.venv/bin/python -m bench $(foreach s,$(SCALE),--scale $(s))

check:
	DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python manage.py check

docs:
	.venv/bin/python scripts/gen_cli_docs.py

# Recompile the lock files in requirements/ (docs/deploy.md, "Supply chain"); UPGRADE=--upgrade or
# UPGRADE="--upgrade-package NAME" to take new versions.
UPGRADE ?=
lock:
	UPGRADE="$(UPGRADE)" scripts/lock.sh

audit:
	scripts/audit.sh
