"""The officer's column choice (snapshot_import(columns=...)) in place of header recognition."""
from __future__ import annotations

import pytest

from cakupan.errors import UserError
from cakupan.registries.detect import extract_detect
from cakupan.registries.models import Snapshot
from cakupan.registries.selectors import snapshot_path
from cakupan.registries.services import snapshot_import

from .helpers import AS_OF, read_parquet

ROWS = ("IDENTITAS;NAMA;KODE;NIK\n"
        "3402015501900001;Ngadiyem;34.02.01.2001;lama\n"
        "3402011203850002;Soeparman;3402012001;lama\n")


@pytest.fixture
def extract(tmp_path):
    path = tmp_path / "penduduk.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_chosen_columns_import_a_file_with_other_headers(reference, extract):
    found = extract_detect(path=extract, kind="population")
    assert found.mapping == {"nik": "NIK", "nama": "NAMA"} and found.missing == ["kode_wilayah"]
    chosen = {**found.mapping, "nik": "IDENTITAS", "kode_wilayah": "KODE"}
    report = snapshot_import(kind="population", path=extract, as_of=AS_OF, columns=chosen)
    assert (report.status, report.rows_loaded, report.rows_quarantined) == ("loaded", 2, 0), report.reasons
    assert report.notes == ("Kolom tidak dikenal diabaikan: NIK.",)  # displaced by the choice: unknown
    snap = Snapshot.objects.get(pk=report.snapshot_id)
    assert snap.column_map == {"nik": "IDENTITAS", "nama": "NAMA", "kode_wilayah": "KODE"}
    rows = read_parquet(snapshot_path(snap))
    assert [r["nik"] for r in rows] == ["3402015501900001", "3402011203850002"]


@pytest.mark.django_db
def test_only_the_named_columns_are_overridden(reference, extract):
    report = snapshot_import(kind="population", path=extract, as_of=AS_OF,
                             columns={"nik": "IDENTITAS", "kode_wilayah": "KODE"})
    rows = read_parquet(snapshot_path(Snapshot.objects.get(pk=report.snapshot_id)))
    assert report.rows_loaded == 2 and rows[0]["nama"] == "Ngadiyem"  # NAMA still recognised


@pytest.mark.django_db
def test_a_roster_keeps_unchosen_headers_in_extra(reference, tmp_path):
    path = tmp_path / "pasar.csv"
    path.write_text("NO IDENTITAS;NAMA;LOS\n3402015501900001;Ngadiyem;A-12\n", encoding="utf-8")
    report = snapshot_import(kind="roster", roster_kind="pasar", path=path, as_of=AS_OF,
                             columns={"nik": "NO IDENTITAS"})
    rows = read_parquet(snapshot_path(Snapshot.objects.get(pk=report.snapshot_id)))
    assert rows[0]["nik"] == "3402015501900001" and rows[0]["extra"] == '{"LOS":"A-12"}'


@pytest.mark.django_db
@pytest.mark.parametrize("columns,code,words", [
    ({"nik": "NOMOR"}, "import.columns", "'NOMOR' tidak ada di berkas"),
    ({"nik": "IDENTITAS", "kode_wilayah": "IDENTITAS"}, "import.columns", "dipilih untuk nik dan kode_wilayah"),
    ({"nik": "IDENTITAS", "kpj": "KODE"}, "import.columns", "kolom kpj tidak ada pada impor population"),
    ({"nik": "", "kode_wilayah": "KODE"}, "file.no_nik_column", "IDENTITAS, NAMA, KODE, NIK"),
    ({"nik": "IDENTITAS"}, "file.missing_column", "KODE_WILAYAH"),
])
def test_a_choice_that_cannot_be_used_is_a_user_error(reference, extract, columns, code, words):
    with pytest.raises(UserError) as failed:
        snapshot_import(kind="population", path=extract, as_of=AS_OF, columns=columns)
    assert failed.value.code == code and words in str(failed.value), str(failed.value)
    assert "\n" not in str(failed.value) and Snapshot.objects.count() == 0
