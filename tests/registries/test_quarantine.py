"""Quarantine export with the original headers + ALASAN columns, fixed and merged back (a plain
import of an export is refused: it holds only some rows)."""
from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from cakupan.errors import UserError
from cakupan.registries.cli import quarantine_app
from cakupan.registries.merge import snapshot_merge
from cakupan.registries.quarantine import quarantine_export
from cakupan.registries.services import snapshot_import

from .helpers import AS_OF, FIXTURES

POPULATION = FIXTURES / "population_bom_semicolon.csv"
HEADERS = ["NIK", "NO_KK", "NAMA_LGKP", "JENIS_KLMIN", "TMPT_LHR", "TGL_LHR", "KODE_WILAYAH", "DUSUN",
           "JENIS_PKRJN", "AGAMA", "KOLOM_LEBIH", "BARIS_ASAL", "ALASAN", "ALASAN_KETERANGAN"]
FIXES = {  # original row -> {column: corrected value}
    10: {"NIK": "3402011501900020"},
    18: {"NIK": "3402011601900021"},
    19: {"KODE_WILAYAH": "34.02.01.2001"},
    20: {"TGL_LHR": "18/01/1990"},
    21: {"JENIS_KLMIN": "L"},
    22: {"AGAMA": "ISLAM", "KOLOM_LEBIH": ""},
}


def fix(rows: list[dict]) -> list[dict]:
    return [{**row, **FIXES[int(row["BARIS_ASAL"])]} for row in rows if int(row["BARIS_ASAL"]) in FIXES]


@pytest.mark.django_db
def test_csv_export_fix_and_reimport(reference, tmp_path):
    first = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    out = tmp_path / "karantina.csv"
    assert quarantine_export(snapshot_id=first.snapshot_id, path=out) == 15
    with out.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=";")
        assert reader.fieldnames == HEADERS
        rows = list(reader)
    assert rows[3]["NIK"] == "3.40201E+15" and rows[3]["ALASAN"] == "nik.spreadsheet_mangled"
    fixed = tmp_path / "diperbaiki.csv"
    with fixed.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=HEADERS, delimiter=";")
        writer.writeheader()
        writer.writerows(fix(rows))
    with pytest.raises(UserError) as refused:  # it would be a snapshot of six people
        snapshot_import(kind="population", path=fixed, as_of=AS_OF)
    assert refused.value.code == "import.quarantine_export" and "snapshot asalnya" in str(refused.value)
    again = snapshot_merge(snapshot_id=first.snapshot_id, path=fixed)
    assert again.status == "loaded" and again.rows_read == 20
    assert (again.rows_loaded, again.rows_quarantined) == (5 + len(FIXES), 15 - len(FIXES)), again.reasons


@pytest.mark.django_db
def test_reexported_rows_do_not_repeat_the_alasan_columns(reference, tmp_path):
    from cakupan.registries.quarantine import quarantine_table

    first = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    out = tmp_path / "karantina.csv"
    quarantine_export(snapshot_id=first.snapshot_id, path=out)  # merged unfixed: all still bad
    again = snapshot_merge(snapshot_id=first.snapshot_id, path=out)
    assert again.rows_loaded == 5 and again.rows_quarantined == 15 and again.reasons == first.reasons
    headers, rows = quarantine_table(snapshot_id=again.snapshot_id)
    assert headers == HEADERS and len(rows) == 15  # no second BARIS_ASAL / ALASAN, KOLOM_LEBIH once


@pytest.mark.django_db
def test_xlsx_export_keeps_text_and_reimports(reference, tmp_path):
    from openpyxl import load_workbook

    first = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    out = tmp_path / "karantina.xlsx"
    result = CliRunner().invoke(quarantine_app, ["export", str(first.snapshot_id), str(out)])
    assert result.exit_code == 0 and "15 baris" in result.stdout
    book = load_workbook(out)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header == HEADERS
    values = [dict(zip(header, [c.value for c in row])) for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(v["NIK"], str) or v["NIK"] is None for v in values)  # NIK stays text
    for row in sheet.iter_rows(min_row=2):
        number = int(row[header.index("BARIS_ASAL")].value)
        for column, value in FIXES.get(number, {}).items():
            row[header.index(column)].value = value
    # rows not fixed are removed, as a user would
    for index in sorted((r[0].row for r in sheet.iter_rows(min_row=2)
                         if int(r[header.index("BARIS_ASAL")].value) not in FIXES), reverse=True):
        sheet.delete_rows(index)
    book.save(tmp_path / "diperbaiki.xlsx")
    assert load_workbook(tmp_path / "diperbaiki.xlsx", read_only=True).properties.keywords == \
        f"cakupan-snapshot:{first.snapshot_id}"  # which snapshot, kept through a save
    with pytest.raises(UserError) as refused:
        snapshot_import(kind="population", path=tmp_path / "diperbaiki.xlsx", as_of=AS_OF)
    assert refused.value.code == "import.quarantine_export"
    assert f"snapshot #{first.snapshot_id}" in str(refused.value) and "\n" not in str(refused.value)
    again = snapshot_merge(snapshot_id=first.snapshot_id, path=tmp_path / "diperbaiki.xlsx")
    assert (again.rows_read, again.rows_loaded, again.rows_quarantined) == (20, 11, 9), again.reasons


@pytest.mark.django_db
def test_show_and_unknown_snapshot(reference):
    first = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    shown = CliRunner().invoke(quarantine_app, ["show", str(first.snapshot_id), "--limit", "3"])
    assert shown.exit_code == 0 and "nik.missing" in shown.stdout and "Tanpa NIK" in shown.stdout
    missing = CliRunner().invoke(quarantine_app, ["show", "999"])
    assert missing.exit_code == 2 and "#999" in missing.stderr and "Traceback" not in missing.output
    bad = CliRunner().invoke(quarantine_app, ["export", str(first.snapshot_id), "x.pdf"])
    assert bad.exit_code == 2 and ".pdf" in bad.stderr
