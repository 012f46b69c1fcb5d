"""`cakupan backup` / `cakupan restore` round trip with the real command: an instance with imports,
a published run and users, backed up while another run is half-way through publishing, restored
into an empty instance, shows the same figures and users. A non-empty target and a tampered backup
are refused in one line. SQLite in the SQLite pass; PostgreSQL (pg_dump / pg_restore, databases of
its own, dropped after) in the PostgreSQL pass of scripts/test.sh."""
from __future__ import annotations

import json
import os
import signal
from urllib.parse import urlsplit

import pytest

from tests.ops.instance import AS_OF, cli, imported, paused, query

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # django_db: selected by the PostgreSQL pass
PASSWORD = "rahasia-panjang-1"


@pytest.fixture
def db_urls():
    """Three empty databases (source, restore target, a spare) on PostgreSQL, or None x3 on SQLite
    (each CAKUPAN_HOME then holds its own file)."""
    if os.environ.get("CAKUPAN_TEST_DB") != "postgres":
        yield None, None, None
        return
    import psycopg

    base = os.environ.get("CAKUPAN_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/test")
    admin = urlsplit(base)._replace(path="/postgres").geturl()
    names = [f"test_backup_{os.getpid()}_{i}" for i in range(3)]
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(urlsplit(base)._replace(path=f"/{n}").geturl() for n in names)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _figures(home, db_url):
    return {by: json.loads(cli(home, "coverage", "--by", by, "--format", "json", db_url=db_url).stdout)
            for by in ("kapanewon", "segment")}


def test_backup_while_serving_then_restore_gives_same_figures_and_users(tmp_path, ops_synth, db_urls):
    src_url, dst_url, spare_url = db_urls
    home, restored = tmp_path / "home", tmp_path / "restored"
    imported(home, ops_synth, db_url=src_url)
    cli(home, "link", "--as-of", AS_OF.isoformat(), db_url=src_url)
    for name, role in (("sri", "admin"), ("budi", "operator")):
        cli(home, "user", "add", name, "--role", role, "--password-stdin", db_url=src_url, input_text=PASSWORD)
    backup = tmp_path / "backup"
    # the app keeps working: a second run is half-way through publishing (write transaction open)
    proc, _ = paused(home, "run-publishing", "link", "--as-of", AS_OF.isoformat(), db_url=src_url)
    try:
        out = cli(home, "backup", str(backup), db_url=src_url).stdout
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    assert "Cadangan" in out and (backup / "SHA256SUMS").is_file()
    assert (backup / ("database.pgdump" if src_url else "database.sqlite3")).is_file()
    assert "SECRET" not in (backup / "settings.json").read_text()
    run_dirs = sorted(p.name for p in (backup / "home" / "runs").iterdir())
    assert len(run_dirs) == 1  # the published run; not the folder of the one half-way
    assert len(list((home / "runs").iterdir())) == 2
    assert "utuh" in cli(home, "restore", "--check", str(backup), db_url=src_url).stdout

    done = cli(restored, "restore", str(backup), db_url=dst_url)
    assert "Dipulihkan" in done.stdout and "1 run yang belum selesai ditandai gagal" in done.stdout
    assert _figures(restored, dst_url) == _figures(home, src_url)
    assert cli(restored, "user", "list", db_url=dst_url).stdout == cli(home, "user", "list", db_url=src_url).stdout
    assert sorted(p.name for p in (restored / "runs").iterdir()) == run_dirs
    assert sorted((restored / "snapshots").rglob("*.parquet")) and \
        sorted(p.relative_to(restored) for p in (restored / "snapshots").rglob("*")) == \
        sorted(p.relative_to(home) for p in (home / "snapshots").rglob("*") if ".tmp-" not in p.name)
    assert (restored / "models" / "linkage.json").read_bytes() == (home / "models" / "linkage.json").read_bytes()
    # a user restored can sign in with the same password (hashes restored, not re-made)
    login = cli(restored, "user", "list", db_url=dst_url).stdout
    assert "sri" in login and "budi" in login

    # into a non-empty instance: refused in one line, nothing changed
    again = cli(restored, "restore", str(backup), db_url=dst_url, check=False)
    assert again.returncode == 2 and "tidak kosong" in again.stderr and "Traceback" not in again.stderr
    # a backup whose checksums fail: refused in one line, nothing restored
    victim = next((backup / "home" / "snapshots").rglob("*.parquet"))
    victim.write_bytes(victim.read_bytes()[:-1] + b"\x00")
    bad = cli(tmp_path / "spare", "restore", str(backup), db_url=spare_url, check=False)
    assert bad.returncode == 2 and "checksum" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "spare" / "snapshots").exists()
    if spare_url is None:
        assert not (tmp_path / "spare" / "cakupan.sqlite3").exists()


def test_backup_refuses_a_folder_in_use(tmp_path, ops_synth, db_urls):
    home = tmp_path / "home"
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "x").write_text("x")
    done = cli(home, "backup", str(taken), db_url=db_urls[0], check=False)
    assert done.returncode == 2 and "sudah berisi" in done.stderr and "Traceback" not in done.stderr
    inside = cli(home, "backup", str(home / "bk"), db_url=db_urls[0], check=False)
    assert inside.returncode == 2 and "CAKUPAN_HOME" in inside.stderr
