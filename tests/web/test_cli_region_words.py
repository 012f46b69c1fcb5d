"""What the CLI prints follows the province's words too (issue 18, part 7): in Klaten (33.10) the
target allocation, the padat karya list and the lapse list say kecamatan / desa/kelurahan, never
kapanewon / kalurahan; a padat karya list with nothing in it says so instead of an empty table."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cakupan.cli import app
from cakupan.targets.models import Target
from tests.web.test_region_terms_pages import klaten  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def ready(klaten, monkeypatch):  # noqa: F811
    import cakupan.home

    monkeypatch.setattr(cakupan.home, "_READY", True)  # pytest-django has set up the test database
    return klaten


def invoke(*args):
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, (args, r.output, r.exception)
    return r.output


def test_target_allocation_counts_areas_in_the_regions_words(ready):
    invoke("target", "set", "--area", "33.10", "--pct", "40", "--due", "2023-12-31", "--baseline", "2023-02-27")
    out = invoke("target", "allocate", str(Target.objects.get(parent__isnull=True).id), "--rule", "equal_rate")
    assert "1 kecamatan, 2 desa/kelurahan" in out and "kapanewon" not in out


def test_padat_karya_list_names_the_desa_and_says_when_empty(ready):
    empty = invoke("proyek", "daftar", "--hari-ini", "2023-03-01")
    assert "Tidak ada proyek yang mulai dalam 14 hari sejak 1 Maret 2023" in empty and "--semua" in empty
    invoke("proyek", "tambah", "PK-K1", "--nama", "Talud Joho", "--kalurahan", "33.10.01.2002",
           "--mulai", "2023-03-06", "--kru", "26", "--dana", "APBDES")
    out = invoke("proyek", "daftar", "--semua")
    assert "desa/kelurahan" in out and "Joho" in out and "kalurahan " not in out.replace("desa/kelurahan", "")


def test_lapse_list_summary_in_the_regions_words(ready):
    out = invoke("lapse", "list", "--within", "2", "--user", "admin")
    assert "Per desa/kelurahan:" in out and "Per kalurahan" not in out
