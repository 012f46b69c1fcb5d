"""Coverage reports: XLSX figures equal the selectors; PDF renders the same figures; scope holds."""
from __future__ import annotations

import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cakupan.accounts.scope import Scope
from cakupan.coverage import selectors as cov
from cakupan.reports.data import report_data
from cakupan.reports.render import report_pdf, report_xlsx
from tests.web.factories import KAL_A, KAP_A, run_make, users_make


@pytest.fixture
def run(db):
    return run_make().run


@pytest.mark.django_db
def test_xlsx_holds_the_selector_figures(run):
    data = report_data(run=run, scope=Scope(role="analis"))
    wb = load_workbook(BytesIO(report_xlsx(data)))
    assert wb.sheetnames == ["Ringkasan", "Kapanewon", "Kalurahan", "Ekosistem", "Segmen"]
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True)}
    total = cov.coverage_total(run=run, scope=Scope(role="analis"))
    assert summary["Pekerja"] == total.workforce and summary["Aktif"] == total.active
    kap = {r[0]: r for r in wb["Kapanewon"].iter_rows(min_row=2, values_only=True)}
    expected = {r.key: r for r in cov.coverage_by(run=run, by="kapanewon", scope=Scope(role="analis"))}
    assert set(kap) == set(expected)
    assert kap[KAP_A][2:5] == (expected[KAP_A].workforce, expected[KAP_A].active, expected[KAP_A].nonactive)


@pytest.mark.django_db
def test_kalurahan_operator_report_stays_in_scope(run):
    scope = Scope(role="kalurahan", area_code=KAL_A)
    data = report_data(run=run, scope=scope, area_code="34.02")  # asks for the kabupaten: refused
    assert data.area_code == KAL_A
    assert data.total == cov.coverage_total(run=run, scope=scope, within=KAL_A)
    assert "kapanewon" not in data.levels


@pytest.mark.django_db
def test_pdf_renders_figures(run, tmp_path):
    data = report_data(run=run, scope=Scope(role="analis"))
    pdf = report_pdf(data)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    try:
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext (poppler-utils) not installed")
    assert "Srandakan" in text and "27 Februari 2023" in text
    assert "Pekerja rentan" in text and "\nrentan " not in text  # ecosystem names, not codes
    assert "NONE" not in text  # segment of people never registered, named as such


@pytest.mark.django_db
def test_download_views(client, run):
    users = users_make()
    client.force_login(users["pimpinan"])
    resp = client.get("/laporan/cakupan.xlsx")
    assert resp.status_code == 200 and resp["Content-Disposition"].endswith('.xlsx"')
    assert client.get("/laporan/cakupan.doc").status_code == 404
    assert "Unduh PDF" in client.get("/laporan/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_cli_writes_xlsx_and_rejects_bad_suffix(run, tmp_path):
    from cakupan.cli import app

    out = tmp_path / "bantul.xlsx"
    result = CliRunner().invoke(app, ["laporan", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["Ringkasan"]["A1"].value == "Wilayah"
    bad = CliRunner().invoke(app, ["laporan", str(tmp_path / "x.txt")])
    assert bad.exit_code != 0
