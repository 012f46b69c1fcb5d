#!/usr/bin/env bash
# Make .venv with cakupan installed (dependencies from requirements/lock-runtime.txt).
# `scripts/setup.sh test` installs requirements/lock.txt instead, which adds the test extras
# (pytest, Playwright, PySpark), and the system parts the tests use (Chromium, Java, PostgreSQL,
# Pango), and makes sure the suite's PostgreSQL database exists. `scripts/setup.sh postgres` does only that last
# step (for a machine whose .venv is already set up).
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-demo}"
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f /tmp/.cakupan-apt-updated ]; then apt-get update -qq && touch /tmp/.cakupan-apt-updated; fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The suite's PostgreSQL: CAKUPAN_TEST_PG_URL, as config/settings/test.py and tests/conftest.py read
# it (default: user postgres, no password, database `test` on 127.0.0.1:5432). Idempotent:
#  - no server answers on a local address: install Debian's PostgreSQL if missing, create its
#    cluster if there is none, start it, and allow the suite's user in by trust on 127.0.0.1 (a
#    line marked `cakupan-test` at the top of pg_hba.conf; a fresh install only has peer and
#    password rules). A server that already answers is never reconfigured.
#  - the suite's role is missing or refused over TCP: created through the local socket as the
#    `postgres` system user (peer auth; root only), with CREATEDB (each test process creates its
#    own test_cakupan_<pid> database) and the URL's password if it has one.
#  - the database the URL names is missing: created.
pg_answers() {  # host port: a PostgreSQL server accepts connections there
  if command -v pg_isready >/dev/null; then pg_isready -q -h "$1" -p "$2"; else (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; fi
}
pg_test_ready() {
  local url="${CAKUPAN_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}" fields host port user
  fields=$(.venv/bin/python - "$url" <<'PY'
import sys
from urllib.parse import unquote, urlsplit
u = urlsplit(sys.argv[1])
print(u.hostname or "127.0.0.1", u.port or 5432, unquote(u.username or "postgres"))
PY
)
  read -r host port user <<<"$fields"
  local local_server=0
  case "$host" in 127.0.0.1|localhost|::1) local_server=1 ;; esac
  if ! pg_answers "$host" "$port"; then
    if [ "$local_server" = 1 ] && [ "$port" = 5432 ]; then  # Debian's main cluster
      command -v pg_ctlcluster >/dev/null || apt_install postgresql
      if ! ls /etc/postgresql/*/main/postgresql.conf >/dev/null 2>&1; then
        pg_createcluster "$(ls /usr/lib/postgresql | sort -V | tail -1)" main >/dev/null
      fi
      local version hba
      version=$(ls /etc/postgresql | sort -V | tail -1)
      hba="/etc/postgresql/$version/main/pg_hba.conf"
      if ! grep -q "cakupan-test" "$hba"; then
        # first match wins in pg_hba.conf: this line goes above the stock password rules
        sed -i "1i host all $user 127.0.0.1/32 trust # cakupan-test" "$hba"
      fi
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || \
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload || true
    fi
    for _ in $(seq 1 30); do pg_answers "$host" "$port" && break; sleep 1; done
  fi
  if ! pg_answers "$host" "$port"; then
    echo "PostgreSQL does not answer on $host:$port (CAKUPAN_TEST_PG_URL): the database tests need it." >&2
    return 1
  fi
  local rc=0
  pg_test_database "$url" || rc=$?
  if [ "$rc" = 2 ] && [ "$local_server" = 1 ] && [ "$(id -u)" = 0 ] && command -v psql >/dev/null; then
    # refused: the role is missing or may not log in over TCP. Make the role through the socket.
    { .venv/bin/python - "$url" | runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" -d postgres; } <<'PY' || true
import sys
from urllib.parse import unquote, urlsplit
u = urlsplit(sys.argv[1])
name = unquote(u.username or "postgres")
literal = "'" + name.replace("'", "''") + "'"
options = "LOGIN CREATEDB" + (" PASSWORD '" + unquote(u.password).replace("'", "''") + "'" if u.password else "")
print(f"SELECT 'CREATE ROLE ' || quote_ident({literal}) || ' {options.replace(chr(39), chr(39) * 2)}'"
      f" WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {literal}) \\gexec")
print('ALTER ROLE "' + name.replace('"', '""') + '" ' + options + ";")
PY
    rc=0
    pg_test_database "$url" || rc=$?
  fi
  if [ "$rc" != 0 ]; then
    echo "PostgreSQL on $host:$port refuses user $user: allow it in pg_hba.conf (e.g. 'host all $user 127.0.0.1/32 trust')" \
      "or give CAKUPAN_TEST_PG_URL a user and password it accepts." >&2
    return 1
  fi
}

# Create the database CAKUPAN_TEST_PG_URL names if it is missing. Exit status 2: the server
# refused the connection (authentication, unknown role).
pg_test_database() {
  .venv/bin/python - "$1" <<'PY'
import sys
from urllib.parse import unquote, urlsplit

import psycopg
from psycopg import sql

u = urlsplit(sys.argv[1])
name = unquote(u.path.lstrip("/")) or "postgres"
conn, error = None, None
for maintenance in ("postgres", "template1"):
    try:
        conn = psycopg.connect(u._replace(path="/" + maintenance).geturl(), connect_timeout=10, autocommit=True)
        break
    except psycopg.OperationalError as exc:
        error = exc
if conn is None:
    print(f"PostgreSQL: {str(error).strip().splitlines()[-1]}", file=sys.stderr)
    sys.exit(2)
with conn:
    if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"PostgreSQL: created database {name} for the tests")
        except psycopg.errors.DuplicateDatabase:
            pass  # made meanwhile by a concurrent setup
PY
}

if [ "$want" = "postgres" ]; then
  [ -x .venv/bin/python ] || { echo "no .venv yet: run scripts/setup.sh test" >&2; exit 1; }
  pg_test_ready
  exit
fi
# WeasyPrint (PDF reports) needs Pango.
if ! ldconfig -p 2>/dev/null | grep -q libpangoft2; then apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; fi
if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
.venv/bin/pip install -q --upgrade pip
# The dependencies come from the lock files, pinned and hashed (docs/deploy.md, "Supply chain");
# cakupan itself is installed editable on top, without resolving anything more.
if [ "$want" = "test" ]; then
  .venv/bin/pip install -q --require-hashes -r requirements/lock.txt
  .venv/bin/pip install -q --no-deps -e .
  command -v chromium >/dev/null || apt_install chromium
  command -v java >/dev/null || apt_install default-jre-headless
  command -v pdftotext >/dev/null || apt_install poppler-utils  # reads report PDFs in tests
  pg_test_ready
else
  .venv/bin/pip install -q --require-hashes -r requirements/lock-runtime.txt
  .venv/bin/pip install -q --no-deps -e .
fi
# a dependency pyproject.toml names but the lock file lacks (run `make lock` after editing it)
.venv/bin/pip check >/dev/null || { .venv/bin/pip check >&2; echo "requirements/ lock files out of date with pyproject.toml: run make lock" >&2; exit 1; }
