"""Merge rules beyond the happy path: members keys, duplicate NIKs against loaded rows, repeated
BARIS_ASAL, a parent that is no longer the latest, files that are not a fix of that snapshot,
the chosen columns of the parent, and atomicity."""
from __future__ import annotations

import csv

import pytest

from cakupan.errors import UserError
from cakupan.registries.merge import snapshot_merge
from cakupan.registries.models import Snapshot
from cakupan.registries.quarantine import quarantine_export, quarantine_table
from cakupan.registries.selectors import quarantine_rows, snapshot_path
from cakupan.registries.services import snapshot_import

from .helpers import AS_OF, FIXTURES, read_parquet, snapshot_files

POPULATION = FIXTURES / "population_bom_semicolon.csv"


def csv_fix(snapshot_id: int, out, fixes: dict[int, dict], *, keep=None, add=()):
    """A CSV quarantine export, fixed: rows in ``keep`` (default: those fixed) + ``add``."""
    headers, rows = quarantine_table(snapshot_id=snapshot_id)
    records = [dict(zip(headers, r)) for r in rows]
    keep = set(fixes) if keep is None else keep
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=headers, delimiter=";")
        writer.writeheader()
        for record in records:
            if int(record["BARIS_ASAL"]) in keep:
                writer.writerow({**record, **fixes.get(int(record["BARIS_ASAL"]), {})})
        writer.writerows({h: a.get(h, "") for h in headers} for a in add)
    return out


@pytest.mark.django_db
def test_members_merge_rekeys_a_kpj_now_on_two_rows(reference, tmp_path):
    parent = snapshot_import(kind="members", path=FIXTURES / "members_cp1252.csv", as_of=AS_OF)
    fixed = csv_fix(parent.snapshot_id, tmp_path / "perbaiki.csv", {
        6: {"KPJ": "11000000002", "NAMA_PESERTA": "Sukardi"},  # Soeparman's KPJ: the key is no longer unique
        10: {"KOLOM_LEBIH": ""},
    })
    report = snapshot_merge(snapshot_id=parent.snapshot_id, path=fixed)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (9, 9, 0), report.reasons
    rows = {r["row_number"]: r for r in read_parquet(snapshot_path(Snapshot.objects.get(pk=report.snapshot_id)))}
    assert len({r["member_key"] for r in rows.values()}) == 9  # staging requires a unique member_key
    assert (rows[3]["member_key"], rows[6]["member_key"], rows[10]["member_key"]) == ("row:3", "row:6", "11000000008")
    assert rows[3]["warnings"] == rows[6]["warnings"] == "kunci.duplicate" and rows[2]["warnings"] == "kunci.duplicate"
    assert report.warnings["kunci.duplicate"] == 4


@pytest.mark.django_db
def test_a_fixed_nik_already_loaded_quarantines_both_rows(reference, tmp_path):
    parent = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    fixed = csv_fix(parent.snapshot_id, tmp_path / "perbaiki.csv", {7: {"NIK": "3402015501900001"}})
    report = snapshot_merge(snapshot_id=parent.snapshot_id, path=fixed)
    assert report.rows_loaded == parent.rows_loaded - 1 and report.rows_read == parent.rows_read
    assert report.reasons["nik.duplicate"] == 4 and "kedua baris dikarantina" in report.notes[-1]
    rows = {r["row_number"]: r for r in quarantine_rows(snapshot=Snapshot.objects.get(pk=report.snapshot_id))}
    assert rows[3]["reason_code"] == rows[7]["reason_code"] == "nik.duplicate"
    assert rows[3]["raw"]["NIK"] == "3402015501900001" and rows[3]["raw"]["NAMA_LGKP"] == "Ngadiyem"


@pytest.mark.django_db
def test_a_row_named_twice_is_quarantined_twice(reference, tmp_path):
    parent = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    report = snapshot_merge(snapshot_id=parent.snapshot_id, path=FIXTURES / "population_fix.csv")
    # row 10 fixed; row 9 named twice (both copies quarantined, the old row 9 replaced); row 999 unknown
    assert report.rows_loaded == parent.rows_loaded + 1
    assert report.rows_read == parent.rows_read - 2 + 4 == report.rows_loaded + report.rows_quarantined
    rows = quarantine_rows(snapshot=Snapshot.objects.get(pk=report.snapshot_id))
    assert [r["reason_code"] for r in rows if r["row_number"] == 9] == ["merge.duplicate_row"] * 2
    assert [r["reason_code"] for r in rows if r["row_number"] == 999] == ["merge.unknown_row"]


@pytest.mark.django_db
def test_merging_into_an_older_snapshot_says_so(reference, tmp_path):
    parent = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    newer_file = tmp_path / "penduduk_juli.csv"
    newer_file.write_text("NIK;KODE_WILAYAH\n3402015501900001;34.02.01.2001\n", encoding="utf-8")
    newer = snapshot_import(kind="population", path=newer_file, as_of=AS_OF.replace(month=7))
    fixed = csv_fix(parent.snapshot_id, tmp_path / "perbaiki.csv", {10: {"NIK": "3402011501900020"}})
    report = snapshot_merge(snapshot_id=parent.snapshot_id, path=fixed)
    assert report.status == "loaded" and report.as_of == AS_OF
    assert f"bukan yang terbaru (ada #{newer.snapshot_id})" in report.message
    assert f"tetap memakai #{newer.snapshot_id}" in report.message


@pytest.mark.django_db
def test_files_that_are_not_a_fix_of_that_snapshot(reference, tmp_path):
    first = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    with pytest.raises(UserError) as failed:
        snapshot_merge(snapshot_id=first.snapshot_id, path=POPULATION)
    assert failed.value.code == "merge.not_export" and f"export {first.snapshot_id}" in str(failed.value)
    other = snapshot_import(kind="members", path=FIXTURES / "members_cp1252.csv", as_of=AS_OF)
    quarantine_export(snapshot_id=other.snapshot_id, path=tmp_path / "peserta.xlsx")
    with pytest.raises(UserError) as failed:
        snapshot_merge(snapshot_id=first.snapshot_id, path=tmp_path / "peserta.xlsx")
    assert failed.value.code == "merge.other_snapshot" and f"#{other.snapshot_id}" in str(failed.value)
    with pytest.raises(UserError) as failed:
        snapshot_merge(snapshot_id=999, path=POPULATION)
    assert failed.value.code == "snapshot.not_found"
    assert Snapshot.objects.count() == 2


@pytest.mark.django_db
def test_the_parents_chosen_columns_are_used(reference, tmp_path):
    extract = tmp_path / "penduduk.csv"
    extract.write_text("IDENTITAS;NAMA;KODE\n3402015501900001;Ngadiyem;34.02.01.2001\n;Tanpa NIK;34.02.01.2001\n",
                       encoding="utf-8")
    parent = snapshot_import(kind="population", path=extract, as_of=AS_OF,
                             columns={"nik": "IDENTITAS", "kode_wilayah": "KODE"})
    fixed = csv_fix(parent.snapshot_id, tmp_path / "perbaiki.csv", {3: {"IDENTITAS": "3402011203850002"}})
    report = snapshot_merge(snapshot_id=parent.snapshot_id, path=fixed)
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (2, 2, 0), report.reasons


@pytest.mark.django_db(transaction=True)
def test_a_failure_while_saving_leaves_nothing(reference, tmp_path, monkeypatch):
    import cakupan.wilayah.services as wilayah_services

    parent = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    files = snapshot_files(reference)
    fixed = csv_fix(parent.snapshot_id, tmp_path / "perbaiki.csv", {19: {"KODE_WILAYAH": "34.02.01.2001"}})

    def boom(**kwargs):
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(wilayah_services, "padukuhan_ensure_many", boom)
    with pytest.raises(RuntimeError):
        snapshot_merge(snapshot_id=parent.snapshot_id, path=fixed)
    assert Snapshot.objects.count() == 1 and snapshot_files(reference) == files
