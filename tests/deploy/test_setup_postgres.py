"""`scripts/setup.sh postgres` (run by `scripts/setup.sh test`, hence `make test`) creates the
database the suite connects to when the server answers but the database is missing, and a second
run changes nothing. Runs in the PostgreSQL pass, against a database name of its own (dropped
after), never the suite's `test` database."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db,  # selected by the PostgreSQL pass of scripts/test.sh
    pytest.mark.skipif(os.environ.get("CAKUPAN_TEST_DB") != "postgres", reason="PostgreSQL pass only"),
]


def test_setup_creates_the_missing_test_database_idempotently():
    import psycopg

    base = os.environ.get("CAKUPAN_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/test")
    name = f"test_setup_check_{os.getpid()}"
    url = urlsplit(base)._replace(path=f"/{name}").geturl()
    admin = urlsplit(base)._replace(path="/postgres").geturl()

    def exists() -> bool:
        with psycopg.connect(admin, autocommit=True) as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None

    assert not exists()
    env = {**os.environ, "CAKUPAN_TEST_PG_URL": url}
    try:
        first = subprocess.run(["scripts/setup.sh", "postgres"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert first.returncode == 0, first.stderr
        assert f"created database {name}" in first.stdout and exists()
        again = subprocess.run(["scripts/setup.sh", "postgres"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0 and again.stdout == "" and exists(), again.stdout + again.stderr
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
