"""The area words follow the report area's province (core.terms): Klaten's (33.10) monthly report
and coverage report (PDF text, XLSX sheets, sentences) say kecamatan and desa/kelurahan, never
kapanewon/kalurahan/padukuhan; Bantul's (34.02) read as before."""
from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from cakupan.accounts.scope import Scope
from cakupan.reports.data import report_data
from cakupan.reports.monthly import monthly_report_data
from cakupan.reports.monthly_render import monthly_pdf, monthly_xlsx
from cakupan.reports.render import report_pdf, report_xlsx
from tests.reports.monthly_factories import months_make
from tests.web.test_region_terms_pages import KAB, klaten  # noqa: F401 - klaten is a fixture
from tests.pdftext import pdf_text

# every test here opens the database: the PostgreSQL pass of `make test` runs them too (tests/test_database_markers.py)
pytestmark = pytest.mark.django_db

DIY_WORDS = ("kapanewon", "kalurahan", "padukuhan")


def _no_diy_words(text: str) -> None:
    low = text.lower()
    assert not [w for w in DIY_WORDS if w in low], text[:3000]


def test_monthly_report_in_klaten_says_kecamatan_and_desa(klaten, tmp_path):
    data = monthly_report_data(run=klaten)
    assert data.area_code == KAB and data.level == "kabupaten"
    assert (data.child_word, data.ranked_word, data.map_word) == ("kecamatan", "desa/kelurahan", "kecamatan")
    assert data.child_level == "kapanewon" and data.ranked_level == "kalurahan"  # the stored kinds stay
    sentences = " ".join(data.sentences)
    assert "Belum ada target per kecamatan." in sentences
    assert "tertinggi di Desa Sanggrahan" in sentences and "terendah di Desa Joho" in sentences
    _no_diy_words(sentences)
    text = pdf_text(monthly_pdf(data), tmp_path)
    assert "Status target per kecamatan" in text and "Kecamatan" in text and "desa/kelurahan tertinggi" in text
    _no_diy_words(text)
    wb = load_workbook(BytesIO(monthly_xlsx(data)))
    assert wb.sheetnames == ["Ringkasan", "Kecamatan", "Desa-kelurahan"]
    _no_diy_words(" ".join(str(c) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for c in r if c))


def test_coverage_report_in_klaten_says_kecamatan_and_desa(klaten, tmp_path):
    data = report_data(run=klaten, scope=Scope(role="admin"))
    assert list(data.levels) == ["kapanewon", "kalurahan"]  # the stored kinds stay
    text = pdf_text(report_pdf(data), tmp_path)
    assert "Per kecamatan" in text and "Per desa/kelurahan" in text
    _no_diy_words(text)
    wb = load_workbook(BytesIO(report_xlsx(data)))
    assert wb.sheetnames == ["Ringkasan", "Kecamatan", "Desa-kelurahan", "Ekosistem", "Segmen"]


def test_monthly_and_coverage_reports_in_bantul_unchanged(db, tmp_path):
    _jan, feb = months_make(direction="rise")
    data = monthly_report_data(run=feb)
    assert (data.child_word, data.ranked_word, data.map_word) == ("kapanewon", "kalurahan", "kapanewon")
    text = pdf_text(monthly_pdf(data), tmp_path)
    assert "Status target per kapanewon" in text and "Peta cakupan per kapanewon" in text
    assert "kalurahan tertinggi" in text and "Kecamatan" not in text and "desa/kelurahan" not in text.lower()
    assert "Cakupan tertinggi di Kalurahan" in " ".join(data.sentences)
    assert load_workbook(BytesIO(monthly_xlsx(data))).sheetnames == ["Ringkasan", "Kapanewon", "Kalurahan"]
    cov = report_data(run=feb, scope=Scope(role="admin"))
    assert "Per kapanewon" in pdf_text(report_pdf(cov), tmp_path)
    assert load_workbook(BytesIO(report_xlsx(cov))).sheetnames[:3] == ["Ringkasan", "Kapanewon", "Kalurahan"]
