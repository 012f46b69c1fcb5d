"""A population extract of a region whose areas are not loaded yet: the areas come from the packaged
national list on first use (issue 18, part 7); a file with nothing loadable says so."""
from __future__ import annotations

import pytest

from cakupan.registries.services import snapshot_import
from cakupan.wilayah.models import Area
from cakupan.wilayah.services import area_regions_ensure

from .helpers import AS_OF

HEADER = "NIK;NAMA_LGKP;JENIS_KLMIN;TGL_LHR;KODE_WILAYAH;DUSUN\n"


def _write(path, rows):
    path.write_text(HEADER + "".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.django_db
def test_kulon_progo_rows_load_its_areas_from_the_national_list(reference, tmp_path):
    assert not Area.objects.filter(code__startswith="34.01.").exists()
    csv = _write(tmp_path / "kp.csv", [
        ("3401011404550001", "KARJO", "LAKI-LAKI", "14-04-1955", "34.01.01.2001", "Sompokkulon"),
        ("3401016203500001", "NGATINI", "PEREMPUAN", "22-03-1950", "3401012001", "Sompokkulon"),
        ("3401014107800002", "SARIJEM", "PEREMPUAN", "01-07-1980", "34.01.01.2999", ""),  # no such desa
    ])
    report = snapshot_import(kind="population", path=csv, as_of=AS_OF)
    assert report.status == "loaded"
    assert (report.rows_loaded, report.reasons) == (2, {"wilayah.unknown": 1})
    assert Area.objects.get(code="34.01").name == "Kabupaten Kulon Progo"
    assert Area.objects.filter(parent_id="34.01", kind="kapanewon").count() == 12
    assert Area.objects.filter(code="34.01.01.2001.sompokkulon", kind="padukuhan").exists()


@pytest.mark.django_db
def test_a_few_rows_of_a_neighbour_do_not_bring_its_areas(reference):
    counts = {"34.04.01.2001": 3, "34.02.01.2001": 997}
    assert area_regions_ensure(kalurahan_counts=counts, rows=1000) == []
    assert not Area.objects.filter(code__startswith="34.04.").exists()
    assert area_regions_ensure(kalurahan_counts={"34.04.01.2001": 100}, rows=100_000) == ["34.04"]
    assert area_regions_ensure(kalurahan_counts={"34.04.01.2001": 100}, rows=100_000) == []  # once
    assert area_regions_ensure(kalurahan_counts={"99.99.01.2001": 5, "x": 1}, rows=6) == []


@pytest.mark.django_db
def test_a_file_with_no_loadable_row_is_not_reported_as_loaded(reference, tmp_path):
    csv = _write(tmp_path / "bad.csv", [
        ("3402011404550001", "KARJO", "LAKI-LAKI", "14-04-1955", "34.02.01.2999", ""),
        ("3402016203500001", "NGATINI", "PEREMPUAN", "22-03-1950", "", ""),
    ])
    report = snapshot_import(kind="population", path=csv, as_of=AS_OF)
    assert report.status == "quarantined"
    assert (report.rows_loaded, report.rows_quarantined) == (0, 2)
    assert "TIDAK ADA baris yang dimuat" in report.message and "wilayah.unknown" in report.message
