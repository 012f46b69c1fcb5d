"""Quarantined rows fixed in Excel and merged: a new snapshot = the parent's loaded rows + the rows
that now pass, original row numbers kept, every row accounted for."""
from __future__ import annotations

import hashlib

import pytest
from openpyxl import load_workbook

from cakupan.errors import UserError
from cakupan.registries.detect import extract_detect
from cakupan.registries.merge import snapshot_merge
from cakupan.registries.models import Snapshot
from cakupan.registries.quarantine import quarantine_export
from cakupan.registries.selectors import quarantine_rows, snapshot_latest, snapshot_path, snapshots_for_run
from cakupan.registries.services import snapshot_import

from .helpers import AS_OF, FIXTURES, read_parquet, snapshot_files

POPULATION = FIXTURES / "population_bom_semicolon.csv"
FIXES = {  # original row -> {column: value}
    10: {"NIK": "3402011501900020"},
    19: {"KODE_WILAYAH": "34.02.01.2001", "DUSUN": "Gunungan"},
    20: {"TGL_LHR": "18/01/1990"},
    22: {"AGAMA": "ISLAM", "KOLOM_LEBIH": ""},
    9: {"NIK": "3402011513900031"},  # still wrong, now for another reason: month 13
}


def fix_export(path, out, *, fixes=FIXES, delete=(7,), add=()):
    """Edit an XLSX export as an officer would: change cells, delete rows, append rows."""
    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    origin = header.index("BARIS_ASAL")
    for row in sheet.iter_rows(min_row=2):
        for column, value in fixes.get(int(row[origin].value), {}).items():
            row[header.index(column)].value = value
    for index in sorted((r[0].row for r in sheet.iter_rows(min_row=2) if int(r[origin].value) in delete),
                        reverse=True):
        sheet.delete_rows(index)
    for values in add:
        sheet.append([values.get(h, "") for h in header])
    book.save(out)
    return out


def digest(paths) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture
def parent(reference, tmp_path):
    report = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF, user_name="uji")
    export = tmp_path / "karantina.xlsx"
    quarantine_export(snapshot_id=report.snapshot_id, path=export)
    return Snapshot.objects.get(pk=report.snapshot_id), export


@pytest.mark.django_db
def test_fixed_rows_join_the_parent_rows_in_a_new_snapshot(parent, tmp_path, reference):
    from cakupan.wilayah.models import Area

    snap, export = parent
    before = digest(snapshot_files(reference))
    fixed = fix_export(export, tmp_path / "perbaiki.xlsx",
                       add=[{"NIK": "3402011501900099", "NAMA_LGKP": "Orang baru", "BARIS_ASAL": "999",
                             "KODE_WILAYAH": "34.02.01.2001"}])
    report = snapshot_merge(snapshot_id=snap.pk, path=fixed, user_name="petugas")
    new = Snapshot.objects.get(pk=report.snapshot_id)
    assert report.status == "loaded" and new.parent == snap and new.merged_rows == 4
    assert (new.kind, new.roster_kind, new.as_of) == (snap.kind, snap.roster_kind, snap.as_of)
    assert new.rows_loaded == snap.rows_loaded + 4 == 9
    assert new.rows_read == snap.rows_read + 1 == 21  # the made-up row 999 is one row more
    assert new.rows_read == new.rows_loaded + new.rows_quarantined == report.rows_read
    assert new.lineage["parent"] == snap.pk and new.lineage["fixed_rows"] == [10, 19, 20, 22]
    assert f"perbaikan snapshot #{snap.pk}" in report.message and "Perhatian" not in report.message
    # the parent is untouched
    snap.refresh_from_db()
    assert (snap.rows_read, snap.rows_loaded, snap.rows_quarantined) == (20, 5, 15)
    assert {k: v for k, v in digest(snapshot_files(reference)).items() if k in before} == before
    # the merged snapshot is what the next run reads: parent rows + fixed rows, original numbers
    assert snapshot_latest(kind="population") == new and snapshots_for_run(as_of=AS_OF)["population"] == new
    loaded = {r["row_number"]: r for r in read_parquet(snapshot_path(new))}
    assert set(loaded) == {3, 4, 5, 6, 23} | {10, 19, 20, 22}
    assert loaded[10]["nik"] == "3402011501900020" and loaded[19]["padukuhan_code"] == "34.02.01.2001.gunungan"
    assert str(loaded[20]["tanggal_lahir"]) == "1990-01-18"
    assert Area.objects.filter(code="34.02.01.2001.gunungan", kind="padukuhan").exists()
    # still broken: the new reason; absent from the fix: the old one; made up: merge.unknown_row
    quarantined = {r["row_number"]: r for r in quarantine_rows(snapshot=new)}
    assert quarantined[9]["reason_code"] == "nik.month_invalid" and quarantined[9]["raw"]["NIK"] == "3402011513900031"
    assert quarantined[7]["reason_code"] == "nik.missing" and quarantined[7]["raw"]["NAMA_LGKP"] == "Tanpa NIK"
    assert quarantined[999]["reason_code"] == "merge.unknown_row"
    assert "BARIS_ASAL" not in quarantined[999]["raw"] and "ALASAN" not in quarantined[9]["raw"]
    assert set(quarantined).isdisjoint(loaded) and len(quarantined) == new.rows_quarantined == 12
    assert new.reasons == report.reasons and sum(new.reasons.values()) == 12
    assert not [p for p in snapshot_files(reference) if p.name.startswith(".")]  # no temporaries left


@pytest.mark.django_db
def test_the_export_is_refused_as_an_import_and_recognised_by_detection(parent, tmp_path):
    snap, export = parent
    found = extract_detect(path=export, kind="population")
    assert found.quarantine_export and found.export_of == snap.pk and "KOLOM_LEBIH" not in found.headers
    with pytest.raises(UserError) as refused:
        snapshot_import(kind="population", path=export, as_of=AS_OF)
    message = str(refused.value)
    assert refused.value.code == "import.quarantine_export" and f"snapshot #{snap.pk}" in message
    assert f"cakupan quarantine merge {snap.pk} karantina.xlsx" in message
    assert Snapshot.objects.count() == 1


@pytest.mark.django_db
def test_the_same_fix_twice_is_a_duplicate(parent, tmp_path):
    snap, export = parent
    fixed = fix_export(export, tmp_path / "perbaiki.xlsx")
    first = snapshot_merge(snapshot_id=snap.pk, path=fixed)
    again = snapshot_merge(snapshot_id=snap.pk, path=fixed)
    assert again.status == "duplicate" and again.snapshot_id == first.snapshot_id
    assert Snapshot.objects.count() == 2


@pytest.mark.django_db
def test_a_fix_can_be_fixed_again(parent, tmp_path):
    """The merged snapshot's own quarantine export goes back the same way, numbers unchanged."""
    snap, export = parent
    child = snapshot_merge(snapshot_id=snap.pk, path=fix_export(export, tmp_path / "perbaiki.xlsx"))
    second = tmp_path / "karantina2.xlsx"
    quarantine_export(snapshot_id=child.snapshot_id, path=second)
    fixed = fix_export(second, tmp_path / "perbaiki2.xlsx", fixes={9: {"NIK": "3402011501900031"}}, delete=())
    grandchild = snapshot_merge(snapshot_id=child.snapshot_id, path=fixed)
    assert grandchild.rows_loaded == child.rows_loaded + 1 and grandchild.rows_read == child.rows_read
    rows = read_parquet(snapshot_path(Snapshot.objects.get(pk=grandchild.snapshot_id)))
    assert 9 in {r["row_number"] for r in rows}
    # the first export still belongs to this line of snapshots; its rows that are loaded by now
    # replace nothing: they are rows more, quarantined as merge.unknown_row, never loaded twice
    again = snapshot_merge(snapshot_id=grandchild.snapshot_id, path=export)
    assert again.rows_loaded == grandchild.rows_loaded and again.rows_read == grandchild.rows_read + 5
    assert again.reasons["merge.unknown_row"] == 5
