#!/usr/bin/env bash
# Make .venv with cakupan installed. `scripts/setup.sh test` adds the test extras (pytest,
# Playwright, PySpark) and the system parts the tests use (Chromium, Java, PostgreSQL, Pango).
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-demo}"
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f /tmp/.cakupan-apt-updated ]; then apt-get update -qq && touch /tmp/.cakupan-apt-updated; fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
# WeasyPrint (PDF reports) needs Pango.
if ! ldconfig -p 2>/dev/null | grep -q libpangoft2; then apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; fi
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q --upgrade pip
if [ "$want" = "test" ]; then
  .venv/bin/pip install -q -e '.[test]'
  command -v chromium >/dev/null || apt_install chromium
  command -v java >/dev/null || apt_install default-jre-headless
  command -v pdftotext >/dev/null || apt_install poppler-utils  # reads report PDFs in tests
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    command -v pg_ctlcluster >/dev/null || apt_install postgresql
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
    # trust auth on 127.0.0.1 for the test server
    hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -1)
    if ! grep -q "cakupan-test" "$hba"; then
      sed -i '1i host all all 127.0.0.1/32 trust # cakupan-test' "$hba"
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main reload || true
    fi
  fi
else
  .venv/bin/pip install -q -e .
fi
