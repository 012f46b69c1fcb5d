"""The monthly report's PDF, read back page by page as text (pdftotext), and its XLSX."""
from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from cakupan.reports.monthly import monthly_report_data
from cakupan.reports.monthly_render import monthly_pdf, monthly_xlsx
from cakupan.reports.svg import map_svg, trend_svg
from tests.reports.monthly_factories import FEB, JAN, months_make
from tests.web.factories import KAL_A, KAP_A, KAP_B
from tests.pdftext import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(db):
    from cakupan.targets.services import target_allocate, target_set

    _jan, feb = months_make(direction="rise")
    target_allocate(target_id=target_set(area_code="34.02", value_pct=40, due=FEB.replace(month=12, day=31),
                                         baseline_as_of=JAN).id)
    return monthly_report_data(run=feb)


def test_pdf_pages_hold_the_sentences_and_the_kapanewon_table(report, tmp_path):
    pages = pdf_pages(monthly_pdf(report), tmp_path)
    text = " ".join(pages)
    assert "Laporan cakupan BPJS Ketenagakerjaan — Kabupaten Bantul" in pages[0]
    assert "Februari 2023" in pages[0] and "27 Februari 2023" in pages[0] and "31 Januari 2023" in pages[0]
    for sentence in report.sentences:  # every sentence, as written (a long one may wrap: compare words)
        assert " ".join(sentence.replace("\u00a0", " ").split()) in text
    assert "Cakupan naik 9,3 poin menjadi 34,7 % (26 dari 75 pekerja)." in pages[0]
    assert "Status target per kapanewon" in text
    for c in report.children:  # the kapanewon table: name, coverage, status
        assert f"{c.name} {c.workforce} {c.active} {str(f'{c.pct:.2f}').replace('.', ',')} %" in text
        assert c.status_label in text
    assert "kalurahan tertinggi" in text and "Poncosari" in text
    assert "Tren cakupan per bulan" in text and "Peta cakupan per kapanewon" in text
    assert "Srandakan" in text and "Sanden" in text and "Dlingo" in text  # map labels (every kapanewon drawn)


def test_xlsx_sheets(report):
    wb = load_workbook(BytesIO(monthly_xlsx(report)))
    assert wb.sheetnames == ["Ringkasan", "Kapanewon", "Kalurahan"]
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Bulan"] == "Februari 2023" and summary["Pekerja"] == 75 and summary["Peserta aktif"] == 26
    assert summary["Peserta baru"] == 6 and summary["Target (%)"] == pytest.approx(40.0, abs=0.5)
    assert report.sentences[0] in summary
    kap = {r[0]: r for r in wb["Kapanewon"].iter_rows(min_row=2, values_only=True)}
    assert set(kap) == {KAP_A, KAP_B} and kap[KAP_A][2:4] == (51, 20) and kap[KAP_A][9] in (
        "Sesuai jalur", "Sedikit tertinggal", "Tertinggal")
    kal = {r[0]: r for r in wb["Kalurahan"].iter_rows(min_row=2, values_only=True)}
    assert kal[KAL_A][7] == 1  # the best kalurahan ranks first


def test_svg_parts_are_plain_and_escaped():
    from datetime import date

    assert trend_svg([]) == ""
    svg = trend_svg([(date(2023, 1, 31), 25.3), (date(2023, 2, 27), 26.0)], [(date(2023, 1, 31), 25.3), (date(2023, 12, 31), 40.0)])
    assert svg.startswith("<svg") and "stroke-dasharray" in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "Sanden" in map_svg(level="kapanewon", pct={KAP_B: 25.0}) and map_svg(level="padukuhan", pct={}) == ""
