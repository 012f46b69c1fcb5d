"""XLSX (built here with openpyxl: Excel serial dates, a float-mangled NIK, a title row, a chosen
sheet) and Parquet (a roster with its own columns kept in ``extra``)."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from cakupan.errors import UserError
from cakupan.registries.models import Snapshot
from cakupan.registries.selectors import quarantine_rows, snapshot_path
from cakupan.registries.services import snapshot_import

from .helpers import AS_OF, read_parquet


def population_xlsx(path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Ringkasan"
    book.active.append(["bukan data"])
    book.active.append(["ringkasan 2026"])
    ws = book.create_sheet("Data")
    ws.append(["Data penduduk Kalurahan Poncosari"])  # title row above the header
    ws.append(["No. KTP", "Nama Lengkap", "L/P", "Tgl Lahir", "Kode Desa", "Padukuhan", "Pekerjaan"])
    ws.append(["3402015501900001", "Ngadiyem", "PEREMPUAN", 32888, "34.02.01.2001", "Krajan", 9])
    ws.append([3402011203850002.0, "Soeparman", "L", dt.datetime(1985, 3, 12), "34.02.01.2001", None, "88"])
    ws.append([])
    ws.append(["3402012507000003", "José", "LAKI LAKI", "25/07/2000", "34.02.01.2002", "Kauman", None])
    ws.append(["3402011601900004", "Serial teks", 1, "32888", "34.02.01.2001", None, None])
    book.save(path)
    return path


@pytest.mark.django_db
def test_xlsx_population_serial_dates_and_mangled_nik(reference, tmp_path):
    path = population_xlsx(tmp_path / "penduduk.xlsx")
    report = snapshot_import(kind="population", path=path, as_of=AS_OF, sheet="Data")
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 3, 1)
    snap = Snapshot.objects.get(pk=report.snapshot_id)
    quarantined = quarantine_rows(snapshot=snap)
    assert [(r["row_number"], r["reason_code"]) for r in quarantined] == [(4, "nik.spreadsheet_mangled")]
    assert quarantined[0]["raw"]["No. KTP"] == "3.40201120385E+15"  # what Excel kept (15 significant digits)
    rows = {r["nama"]: r for r in read_parquet(snapshot_path(snap))}
    assert str(rows["Ngadiyem"]["tanggal_lahir"]) == "1990-01-15"  # serial 32888 in a number cell
    assert str(rows["Serial teks"]["tanggal_lahir"]) == "1990-01-15"  # serial as 5-digit text
    assert str(rows["José"]["tanggal_lahir"]) == "2000-07-25"
    assert rows["Ngadiyem"]["row_number"] == 3 and rows["José"]["row_number"] == 6  # sheet rows
    assert rows["Ngadiyem"]["pekerjaan_kode"] == 9 and rows["Serial teks"]["jenis_kelamin"] == "L"


@pytest.mark.django_db
def test_xlsx_first_sheet_by_default_and_missing_sheet(reference, tmp_path):
    path = population_xlsx(tmp_path / "penduduk.xlsx")
    with pytest.raises(UserError) as first:
        snapshot_import(kind="population", path=path, as_of=AS_OF)  # first sheet has no NIK column
    assert first.value.code == "file.no_nik_column" and "bukan data" in str(first.value)
    with pytest.raises(UserError) as missing:
        snapshot_import(kind="population", path=path, as_of=AS_OF, sheet="Tidak Ada")
    assert missing.value.code == "file.sheet_not_found" and "Ringkasan, Data" in str(missing.value)


def roster_parquet(path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({
        "NIK": pa.array(["3402015501900001", None, "34020115019", None], pa.string()),
        "NAMA": pa.array(["Ngadiyem", "Wagiyo", "Sukir", None], pa.string()),
        "KODE_KEGIATAN": pa.array(["PK-01", "PK-01", "PK-02", "PK-02"], pa.string()),
        "TGL_MULAI": pa.array([dt.date(2026, 5, 4)] * 4, pa.date32()),
        "TGL_SELESAI": pa.array(["2026-05-25", "25/05/2026", "besok", None], pa.string()),
        "UPAH_HARIAN": pa.array([95000, 95000, 95000, None], pa.int64()),
    })
    pq.write_table(table, path)
    return path


@pytest.mark.django_db
def test_parquet_roster_keeps_bad_niks_and_unknown_columns(reference, tmp_path):
    path = roster_parquet(tmp_path / "padat_karya.parquet")
    report = snapshot_import(kind="roster", roster_kind="padat_karya", path=path, as_of=AS_OF)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (4, 3, 1)
    assert report.reasons == {"baris.kosong_identitas": 1}
    snap = Snapshot.objects.get(pk=report.snapshot_id)
    assert snap.data_path == f"snapshots/roster-padat_karya/{snap.pk}.parquet"
    rows = {r["nama"]: r for r in read_parquet(snapshot_path(snap))}
    assert rows["Ngadiyem"]["nik_valid"] is True and rows["Ngadiyem"]["roster_kind"] == "padat_karya"
    assert rows["Wagiyo"]["nik_error"] == "nik.missing" and rows["Sukir"]["nik_error"] == "nik.length"
    assert rows["Sukir"]["nik"] == "34020115019"
    assert str(rows["Ngadiyem"]["start_date"]) == "2026-05-04" and str(rows["Wagiyo"]["end_date"]) == "2026-05-25"
    assert rows["Sukir"]["end_date"] is None and "tanggal.invalid" in rows["Sukir"]["warnings"]
    assert json.loads(rows["Ngadiyem"]["extra"]) == {"UPAH_HARIAN": "95000"}
    assert rows["Ngadiyem"]["project_code"] == "PK-01" and rows["Ngadiyem"]["member_key"] == "row:2"
