"""Snapshot selectors: latest on or before a date, absolute paths, what a run reads; and the
member/roster Parquet columns of the contract."""
from __future__ import annotations

import datetime as dt
import shutil

import pyarrow.parquet as pq
import pytest

from cakupan.registries.selectors import snapshot_latest, snapshot_path, snapshots_for_run
from cakupan.registries.services import snapshot_import

from .helpers import FIXTURES

MEMBER_COLUMNS = ["row_number", "member_key", "kpj", "nik", "nik_valid", "nik_error", "nama", "tanggal_lahir",
                  "jenis_kelamin", "kode_wilayah", "segmen", "program", "status", "tanggal_kepesertaan",
                  "iuran_terakhir", "npp", "nama_perusahaan", "warnings"]
ROSTER_COLUMNS = ["row_number", "roster_kind", "member_key", "nik", "nik_valid", "nik_error", "nama",
                  "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "org", "jabatan", "project_code", "start_date",
                  "end_date", "extra", "warnings"]


def variant(tmp_path, name: str, extra_line: str):
    """The members fixture plus one line: another file (another sha256)."""
    path = tmp_path / name
    shutil.copy(FIXTURES / "members_cp1252.csv", path)
    with path.open("ab") as fh:
        fh.write(extra_line.encode("cp1252"))
    return path


@pytest.mark.django_db
def test_latest_and_for_run(reference, tmp_path):
    may = snapshot_import(kind="members", path=variant(tmp_path, "mei.csv", ",1,Mei\r\n"), as_of=dt.date(2026, 5, 31))
    june = snapshot_import(kind="members", path=variant(tmp_path, "juni.csv", ",2,Juni\r\n"), as_of=dt.date(2026, 6, 30))
    roster = snapshot_import(kind="roster", roster_kind="pasar", path=variant(tmp_path, "pasar.csv", ",3,Pasar\r\n"),
                             as_of=dt.date(2026, 6, 1))
    assert snapshot_latest(kind="members").pk == june.snapshot_id
    assert snapshot_latest(kind="members", as_of=dt.date(2026, 6, 15)).pk == may.snapshot_id
    assert snapshot_latest(kind="members", as_of=dt.date(2026, 1, 1)) is None
    run = snapshots_for_run(as_of=dt.date(2026, 6, 15))
    assert run["members"].pk == may.snapshot_id and run["population"] is None
    assert {k: s.pk for k, s in run["rosters"].items()} == {"pasar": roster.snapshot_id}
    assert snapshots_for_run(as_of=dt.date(2026, 5, 31))["rosters"] == {}
    path = snapshot_path(run["members"])
    assert path.is_absolute() and path.is_file() and str(path).startswith(str(reference))
    assert pq.read_schema(path).names == MEMBER_COLUMNS
    assert pq.read_schema(snapshot_path(run["rosters"]["pasar"])).names == ROSTER_COLUMNS
