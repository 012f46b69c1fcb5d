"""Population import from the dirty Dukcapil-style fixture (';', UTF-8 with BOM, a title line,
a blank line, every population reason code)."""
from __future__ import annotations

import pytest

from cakupan.registries.models import Snapshot
from cakupan.registries.selectors import quarantine_rows, snapshot_path
from cakupan.registries.services import snapshot_import

from .helpers import AS_OF, FIXTURES, read_parquet

CSV = FIXTURES / "population_bom_semicolon.csv"
EXPECTED_QUARANTINE = {
    7: "nik.missing", 8: "nik.not_digits", 9: "nik.length", 10: "nik.spreadsheet_mangled",
    11: "nik.region_unknown", 12: "nik.month_invalid", 13: "nik.day_invalid", 14: "nik.date_invalid",
    15: "nik.serial_zero", 16: "nik.duplicate", 18: "nik.duplicate", 19: "wilayah.unknown",
    20: "tanggal.invalid", 21: "jenis_kelamin.invalid", 22: "baris.kolom_berlebih",
}


@pytest.fixture
def imported(reference):
    report = snapshot_import(kind="population", path=CSV, as_of=AS_OF, user_name="uji")
    return report, Snapshot.objects.get(pk=report.snapshot_id)


@pytest.mark.django_db
def test_every_row_is_loaded_or_quarantined(imported):
    report, snap = imported
    assert report.status == "loaded"
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (20, 5, 15)
    assert snap.rows_read == snap.rows_loaded + snap.rows_quarantined
    loaded = read_parquet(snapshot_path(snap))
    quarantined = quarantine_rows(snapshot=snap)
    assert len(loaded) + len(quarantined) == report.rows_read
    assert {r["row_number"] for r in loaded}.isdisjoint({r["row_number"] for r in quarantined})


@pytest.mark.django_db
def test_each_dirty_row_has_its_reason_and_original_text(imported):
    report, snap = imported
    rows = {r["row_number"]: r for r in quarantine_rows(snapshot=snap)}
    assert {n: r["reason_code"] for n, r in rows.items()} == EXPECTED_QUARANTINE
    assert rows[10]["raw"]["NIK"] == "3.40201E+15"  # the original text, never repaired
    assert rows[20]["raw"]["TGL_LHR"] == "18 Jan 1990"
    assert rows[22]["raw"]["KOLOM_LEBIH"] == "S.Pd;lagi"
    assert list(rows[7]["raw"])[:3] == ["NIK", "NO_KK", "NAMA_LGKP"]  # original headers, in order
    assert all(r["message"] and r["message"] != r["reason_code"] for r in rows.values())
    assert sum(report.reasons.values()) == 15 and report.reasons["nik.duplicate"] == 2


@pytest.mark.django_db
def test_loaded_rows_follow_the_contract(imported):
    report, snap = imported
    rows = {r["nama"]: r for r in read_parquet(snapshot_path(snap))}
    assert set(rows) == {"Ngadiyem", "Soeparman", "José Marbun", "Tukinem", "Pekerjaan aneh"}
    ngadiyem = rows["Ngadiyem"]
    assert ngadiyem["nik"] == "3402015501900001" and ngadiyem["jenis_kelamin"] == "P"
    assert str(ngadiyem["tanggal_lahir"]) == "1990-01-15"
    assert ngadiyem["padukuhan_code"] == "34.02.01.2001.krajan" and ngadiyem["pekerjaan_kode"] == 9
    soeparman = rows["Soeparman"]
    assert soeparman["kode_wilayah"] == "34.02.01.2001"  # 3402012001 written without dots
    assert str(soeparman["tanggal_lahir"]) == "1985-03-12" and soeparman["pekerjaan_kode"] == 88
    assert rows["José Marbun"]["pekerjaan_kode"] == 88  # "wiraswasta", any case
    assert rows["José Marbun"]["jenis_kelamin"] == "L"  # "pria"
    tukinem = rows["Tukinem"]
    assert str(tukinem["tanggal_lahir"]) == "2001-01-01"  # Excel serial 36892 as text
    assert tukinem["warnings"] == "nik.birthdate_mismatch"
    odd = rows["Pekerjaan aneh"]
    assert odd["pekerjaan_kode"] is None and odd["warnings"] == "pekerjaan.unknown"
    assert odd["jenis_kelamin"] is None
    assert report.warnings == {"nik.birthdate_mismatch": 1, "pekerjaan.unknown": 1}
    assert report.notes and "AGAMA" in report.notes[0]


@pytest.mark.django_db
def test_snapshot_records_file_mapping_and_padukuhan(imported):
    from cakupan.registries.occupations import occupation_mapping_current
    from cakupan.wilayah.models import Area

    report, snap = imported
    assert snap.data_path == f"snapshots/population/{snap.pk}.parquet"
    assert snap.quarantine_path == f"snapshots/population/{snap.pk}.quarantine.parquet"
    assert snap.occupation_mapping_version == occupation_mapping_current().version
    assert snap.loaded_by_name == "uji" and len(snap.file_sha256) == 64
    padukuhan = set(Area.objects.filter(kind="padukuhan").values_list("code", flat=True))
    assert {"34.02.01.2001.krajan", "34.02.01.2001.kauman", "34.02.01.2002.kauman"} <= padukuhan


@pytest.mark.django_db
def test_parquet_types(imported):
    import pyarrow as pa
    import pyarrow.parquet as pq

    _, snap = imported
    schema = pq.read_schema(snapshot_path(snap))
    assert schema.field("row_number").type == pa.int64()
    assert schema.field("tanggal_lahir").type == pa.date32()
    assert schema.field("pekerjaan_kode").type == pa.int16()
    assert schema.field("nik").type == pa.string()
    assert schema.names == ["row_number", "nik", "no_kk", "nama", "jenis_kelamin", "tempat_lahir",
                            "tanggal_lahir", "kode_wilayah", "padukuhan", "padukuhan_code",
                            "pekerjaan_kode", "warnings"]
