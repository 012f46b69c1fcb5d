from datetime import date, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from cakupan.core.formatting import angka, persen, tanggal


@pytest.mark.parametrize("value, expected", [
    (115463, "115.463"), (457718, "457.718"), (0, "0"), (999, "999"), (1000, "1.000"),
    (1234567, "1.234.567"), (-2500, "-2.500"), (None, "–"),
])
def test_angka_indonesian(value, expected):
    with translation.override("id"):
        assert angka(value) == expected


def test_angka_decimals():
    assert angka(1234.5, 1, lang="id") == "1.234,5"
    assert angka(1234.5, 1, lang="en") == "1,234.5"


def test_persen_bantul_feb_2023():
    # Bantul, February 2023: 115,463 active of 457,718 workers.
    assert persen(100 * 115463 / 457718, lang="id") == "25,23\u00a0%"
    assert persen(40, 0, lang="id") == "40\u00a0%"
    assert persen(25.2345, lang="en") == "25.23\u00a0%"


def test_tanggal():
    assert tanggal(date(2023, 2, 27), lang="id") == "27 Februari 2023"
    assert tanggal("2023-08-17", lang="id") == "17 Agustus 2023"
    assert tanggal(datetime(2023, 12, 1, 10, 0), lang="id") == "1 Desember 2023"
    assert tanggal(date(2023, 2, 27), lang="en") == "27 February 2023"
    assert tanggal(None) == "–"


def test_template_filters_follow_active_language():
    tpl = Template("{% load cakupan_format %}{{ n|angka }} {{ p|persen }} {{ d|tanggal }}")
    ctx = Context({"n": 115463, "p": 25.2312, "d": date(2023, 2, 27)})
    with translation.override("id"):
        assert tpl.render(ctx) == "115.463 25,23\u00a0% 27 Februari 2023"
    with translation.override("en"):
        assert tpl.render(ctx) == "115,463 25.23\u00a0% 27 February 2023"
