"""Member import from a Windows-1252, comma-separated fixture: bad NIKs are loaded and flagged,
only rows that identify nobody (or have surplus cells) are quarantined."""
from __future__ import annotations

import pytest

from cakupan.registries.models import Snapshot
from cakupan.registries.selectors import quarantine_rows, snapshot_path
from cakupan.registries.services import snapshot_import

from .helpers import AS_OF, FIXTURES, read_parquet

CSV = FIXTURES / "members_cp1252.csv"


@pytest.fixture
def imported(reference):
    report = snapshot_import(kind="members", path=CSV, as_of=AS_OF)
    return report, Snapshot.objects.get(pk=report.snapshot_id)


@pytest.mark.django_db
def test_rows_accounted_and_only_anonymous_rows_quarantined(imported):
    report, snap = imported
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (9, 7, 2)
    assert report.reasons == {"baris.kolom_berlebih": 1, "baris.kosong_identitas": 1}
    assert {r["row_number"]: r["reason_code"] for r in quarantine_rows(snapshot=snap)} == {
        6: "baris.kosong_identitas", 10: "baris.kolom_berlebih"}
    assert snap.data_path == f"snapshots/members/{snap.pk}.parquet"


@pytest.mark.django_db
def test_windows_1252_names_survive(imported):
    _, snap = imported
    names = {r["nama"] for r in read_parquet(snapshot_path(snap))}
    assert {"Ngadiyem", "Soeparman", "René Sutrisno", "Siti Café"} <= names


@pytest.mark.django_db
def test_bad_niks_are_loaded_with_their_error(imported):
    _, snap = imported
    rows = {r["nama"]: r for r in read_parquet(snapshot_path(snap))}
    assert rows["René Sutrisno"]["nik"] is None and rows["René Sutrisno"]["nik_error"] == "nik.missing"
    assert rows["Wagiyo"]["nik"] is None and rows["Wagiyo"]["nik_error"] == "nik.spreadsheet_mangled"
    assert rows["Wagiyo"]["nik_valid"] is False
    assert rows["Ngadiyem"]["nik_valid"] is True and rows["Ngadiyem"]["nik_error"] is None
    assert rows["Tanpa KPJ"]["member_key"].startswith("row:")


@pytest.mark.django_db
def test_member_fields_are_normalised(imported):
    _, snap = imported
    rows = {r["nama"]: r for r in read_parquet(snapshot_path(snap))}
    soeparman = rows["Soeparman"]
    assert soeparman["segmen"] == "PU" and soeparman["program"] == "JKK,JKM,JHT,JP"
    assert soeparman["status"] == "AKTIF" and soeparman["jenis_kelamin"] == "L"
    assert str(soeparman["iuran_terakhir"]) == "2026-05-01" and str(soeparman["tanggal_kepesertaan"]) == "2020-02-01"
    assert soeparman["kode_wilayah"] is None and soeparman["nama_perusahaan"] == "PT Maju, Tbk"
    assert rows["René Sutrisno"]["kode_wilayah"] == "34.02.01.2002"
    assert str(rows["Ngadiyem"]["iuran_terakhir"]) == "2026-05-01" and rows["Ngadiyem"]["program"] == "JKK,JKM"
    siti = rows["Siti Café"]
    assert siti["tanggal_lahir"] is None and siti["segmen"] is None and siti["iuran_terakhir"] is None
    assert set(siti["warnings"].split(",")) == {"tanggal.invalid", "segmen.invalid", "iuran.invalid"}
    assert siti["status"] == "NON AKTIF" and siti["jenis_kelamin"] == "P"


@pytest.mark.django_db
def test_duplicate_kpj_keeps_both_rows_with_row_keys(imported):
    _, snap = imported
    rows = [r for r in read_parquet(snapshot_path(snap)) if r["kpj"] == "11000000001"]
    assert len(rows) == 2
    assert {r["member_key"] for r in rows} == {f"row:{r['row_number']}" for r in rows}
    assert all("kunci.duplicate" in r["warnings"] for r in rows)
    keys = [r["member_key"] for r in read_parquet(snapshot_path(snap))]
    assert len(keys) == len(set(keys))
    assert "11000000002" in keys
