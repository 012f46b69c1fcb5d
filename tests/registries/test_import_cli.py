"""The CLI: file-level errors (exit != 0, one line, no traceback, nothing written), --json shape,
idempotency and atomicity."""
from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from cakupan.registries.cli import app
from cakupan.registries.models import Snapshot

from .helpers import AS_OF, FIXTURES, snapshot_files

POPULATION = FIXTURES / "population_bom_semicolon.csv"
JSON_KEYS = {"status", "snapshot_id", "kind", "roster_kind", "rows_read", "rows_loaded", "rows_quarantined",
             "reasons", "warnings", "message", "notes", "file_name", "file_sha256", "as_of", "error_code"}


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def bad_files(tmp_path):
    (tmp_path / "kosong.csv").write_bytes(b"")
    (tmp_path / "judul_saja.csv").write_text("NIK;NAMA\n\n", encoding="utf-8")
    (tmp_path / "tanpa_nik.csv").write_text("NAMA;ALAMAT\nBudi;Bantul\n", encoding="utf-8")
    (tmp_path / "biner.csv").write_bytes(b"NIK;NAMA\n\x00\x01\x02\xff\xfe")
    (tmp_path / "rusak.csv").write_bytes("NIK;NAMA\n3402015501900001;Ng\x81diyem\n".encode("latin-1"))
    (tmp_path / "lama.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "palsu.xlsx").write_bytes(b"bukan zip")
    (tmp_path / "tanpa_wilayah.csv").write_text("NIK;NAMA\n3402015501900001;Ngadiyem\n", encoding="utf-8")
    return {
        "kosong.csv": "file.empty", "judul_saja.csv": "file.empty", "tanpa_nik.csv": "file.no_nik_column",
        "biner.csv": "file.encoding", "rusak.csv": "file.encoding", "lama.xls": "file.unsupported",
        "palsu.xlsx": "file.unreadable", "tanpa_wilayah.csv": "file.missing_column",
        "tidak_ada.csv": "file.not_found",
    }


@pytest.mark.django_db
def test_unusable_files_fail_with_one_line_and_write_nothing(reference, tmp_path):
    for name, code in bad_files(tmp_path).items():
        result = run("population", str(tmp_path / name), "--as-of", "2026-06-30")
        assert result.exit_code == 2, (name, result.output)
        assert "Traceback" not in result.output + result.stderr, name
        assert result.exception is None or isinstance(result.exception, SystemExit), name
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("Galat:"), (name, result.stderr)
        as_json = run("population", str(tmp_path / name), "--as-of", "2026-06-30", "--json")
        data = json.loads(as_json.stdout)
        assert as_json.exit_code == 2 and data["status"] == "failed" and data["error_code"] == code, name
        assert set(data) == JSON_KEYS and data["snapshot_id"] is None and data["rows_read"] == 0
    assert Snapshot.objects.count() == 0 and snapshot_files(reference) == []


@pytest.mark.django_db
def test_missing_nik_column_names_the_headers_found(reference, tmp_path):
    path = tmp_path / "tanpa_nik.csv"
    path.write_text("NAMA;ALAMAT;NOMOR HP\nBudi;Bantul;0812\n", encoding="utf-8")
    result = run("members", str(path), "--as-of", "2026-06-30")
    assert result.exit_code == 2 and "NAMA, ALAMAT, NOMOR HP" in result.stderr


@pytest.mark.django_db
def test_bad_arguments_are_user_errors(reference):
    result = run("roster", "pabrik", str(POPULATION), "--as-of", "2026-06-30")
    assert result.exit_code == 2 and "pabrik" in result.stderr and "padat_karya" in result.stderr
    result = run("population", str(POPULATION), "--as-of", "30/06/2026")
    assert result.exit_code == 2 and "--as-of" in result.stderr


@pytest.mark.django_db
def test_json_report_and_idempotency(reference, tmp_path):
    first = run("population", str(POPULATION), "--as-of", "2026-06-30", "--json", "--user", "petugas")
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert set(data) == JSON_KEYS and data["status"] == "loaded" and data["kind"] == "population"
    assert data["rows_read"] == data["rows_loaded"] + data["rows_quarantined"] == 20
    assert sum(data["reasons"].values()) == data["rows_quarantined"]
    files = snapshot_files(reference)
    # the same bytes under another name and another as-of: still the same file
    copy = tmp_path / "salinan.csv"
    shutil.copy(POPULATION, copy)
    again = run("population", str(copy), "--as-of", "2026-07-31", "--json")
    repeat = json.loads(again.stdout)
    assert again.exit_code == 0 and repeat["status"] == "duplicate"
    assert repeat["snapshot_id"] == data["snapshot_id"] and "sudah pernah diimpor" in repeat["message"]
    assert Snapshot.objects.count() == 1 and snapshot_files(reference) == files
    assert Snapshot.objects.get().loaded_by_name == "petugas"
    # the same file as another kind is a different import
    other = json.loads(run("members", str(POPULATION), "--as-of", "2026-06-30", "--json").stdout)
    assert other["status"] == "loaded" and Snapshot.objects.count() == 2


@pytest.mark.django_db
def test_text_report_shows_counts_by_reason(reference):
    result = run("population", str(POPULATION), "--as-of", "2026-06-30")
    assert result.exit_code == 0
    assert "nik.duplicate" in result.stdout and "5 baris dimuat, 15 dikarantina dari 20" in result.stdout
    again = run("population", str(POPULATION), "--as-of", "2026-06-30")
    assert again.exit_code == 0 and "sudah pernah diimpor" in again.stdout


@pytest.mark.django_db(transaction=True)
def test_failure_after_files_are_written_leaves_nothing(reference, monkeypatch):
    """Atomicity: the padukuhan step fails after both files were renamed into place."""
    import cakupan.wilayah.services as wilayah_services
    from cakupan.registries.services import snapshot_import

    seen = []

    def boom(**kwargs):
        seen.extend(p.name for p in snapshot_files(reference))
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(wilayah_services, "padukuhan_ensure_many", boom)
    with pytest.raises(RuntimeError):
        snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    assert any(name.endswith(".quarantine.parquet") and not name.startswith(".") for name in seen)
    assert Snapshot.objects.count() == 0
    assert snapshot_files(reference) == []


@pytest.mark.django_db(transaction=True)
def test_failure_while_validating_leaves_nothing(reference, monkeypatch):
    import datetime as dt

    import cakupan.registries.stage as stage
    from cakupan.registries.services import snapshot_import

    real = stage.quarantine_write

    def half(con, raw, path, **kwargs):
        real(con, raw, path, **kwargs)
        raise MemoryError("habis")

    monkeypatch.setattr("cakupan.registries.validate_members.quarantine_write", half)
    with pytest.raises(MemoryError):
        snapshot_import(kind="members", path=FIXTURES / "members_cp1252.csv", as_of=dt.date(2026, 6, 30))
    assert Snapshot.objects.count() == 0 and snapshot_files(reference) == []


def test_console_script_exits_non_zero_on_an_unusable_file(tmp_path):
    """Through the real entry point (cakupan.cli:main), not only the Typer app."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "CAKUPAN_HOME": str(tmp_path / "home")}
    env.pop("DATABASE_URL", None)
    cmd = [sys.executable, "-c", "from cakupan.cli import main; main()", "import", "population",
           str(tmp_path / "tidak_ada.csv"), "--as-of", "2026-06-30"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().startswith("Galat:") and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


@pytest.mark.django_db
def test_stale_temporaries_of_a_killed_import_are_removed(reference):
    import os
    import time

    from cakupan.registries.services import snapshot_import

    folder = reference / "snapshots" / "population"
    folder.mkdir(parents=True)
    stale, fresh = folder / ".tmp-dead.parquet", folder / ".tmp-running.parquet"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    old = time.time() - 2 * 86400
    os.utime(stale, (old, old))
    snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    assert not stale.exists() and fresh.exists()
