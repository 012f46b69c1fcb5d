"""Coverage reports: XLSX and PDF figures equal the persons tallied by tests/oracle.py; scope holds."""
from __future__ import annotations

import re
import subprocess
from collections import Counter
from io import BytesIO

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cakupan.accounts.scope import Scope
from cakupan.coverage.models import PersonStatus
from cakupan.reports.data import report_data
from cakupan.reports.render import report_pdf, report_xlsx
from tests.oracle import tally_by, tally_total
from tests.web.factories import KAL_A, KAL_A2, KAL_B, KAP_A, KAP_B, run_make, users_make


@pytest.fixture
def run(db):
    return run_make().run


@pytest.mark.django_db
def test_xlsx_holds_the_persons_figures(run):
    data = report_data(run=run, scope=Scope(role="analis"))
    wb = load_workbook(BytesIO(report_xlsx(data)))
    assert wb.sheetnames == ["Ringkasan", "Kapanewon", "Kalurahan", "Ekosistem", "Segmen"]
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True)}
    total = tally_total(run)  # the person rows tallied independently of the selectors
    assert summary["Pekerja"] == total.workforce == 75 and summary["Aktif"] == total.active == 19
    kap = {r[0]: r for r in wb["Kapanewon"].iter_rows(min_row=2, values_only=True)}
    expected = tally_by(run, "kapanewon")
    assert set(kap) == set(expected)
    for code, t in expected.items():
        assert kap[code][2:5] == (t.workforce, t.active, t.nonactive), code


@pytest.mark.django_db
def test_kalurahan_operator_report_stays_in_scope(run):
    scope = Scope(role="kalurahan", area_code=KAL_A)
    data = report_data(run=run, scope=scope, area_code="34.02")  # asks for the kabupaten: refused
    assert data.area_code == KAL_A
    mine = tally_total(run, within=KAL_A)
    assert (data.total.workforce, data.total.active, data.total.nonactive) == tuple(mine)
    assert mine.workforce == 27  # Poncosari: Krajan 15 + Ngentak 12
    assert "kapanewon" not in data.levels


def _pct(active: int, workforce: int) -> str:
    """Coverage as the report prints it (Indonesian decimal comma, two places)."""
    return f"{100 * active / workforce:.2f} %".replace(".", ",")


def _pdf_rows(text: str, heading: str, next_heading: str | None) -> dict[str, tuple[str, ...]]:
    """The rows of one table of `pdftotext -layout` output: name -> the figures after it."""
    section = text.split(heading, 1)[1]
    if next_heading:
        section = section.split(next_heading, 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"^\s*(\S.*?)\s{2,}(\d.*)$", line)
        if m:
            rows[m.group(1)] = tuple(re.split(r"\s{2,}", m.group(2).strip()))
    return rows


@pytest.mark.django_db
def test_pdf_renders_figures(run, tmp_path):
    """The PDF's figures against an oracle independent of the selectors: the PersonStatus rows the
    factory wrote, tallied here in Python, and the headline worked out by hand from the factory's
    recipe (6 padukuhan of 12 persons, Krajan 15; status cycles active/nonactive/none/none)."""
    data = report_data(run=run, scope=Scope(role="analis"))
    pdf = report_pdf(data)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    try:
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext (poppler-utils) not installed")
    assert "Srandakan" in text and "27 Februari 2023" in text
    assert "NONE" not in text  # segment of people never registered, named as such

    # Headline by hand: 6 x 12 + 3 = 75 workers; active i % 4 == 0: 5 x 3 + 4 (Krajan) = 19;
    # nonactive i % 4 == 1: likewise 19; coverage 19 / 75 = 25,33 %.
    headline = re.search(r"Pekerja\s+Peserta aktif\s+Cakupan\s+Tidak aktif\s*\n\s*(.+)", text).group(1)
    assert re.split(r"\s{2,}", headline.strip()) == ["75", "19", "25,33 %", "19"]

    people = list(PersonStatus.objects.filter(run=run).values_list(
        "kapanewon_code", "kalurahan_code", "ecosystem", "segment", "status"))
    assert len(people) == 75

    def tally(index: int) -> dict[str, Counter]:
        out: dict[str, Counter] = {}
        for p in people:
            c = out.setdefault(p[index], Counter())
            c["workforce"] += 1
            c[p[4]] += 1
        return out

    names = {KAP_A: "Srandakan", KAP_B: "Sanden", KAL_A: "Poncosari", KAL_A2: "Trimurti", KAL_B: "Gadingsari"}
    for heading, nxt, index in (("Per kapanewon", "Per kalurahan", 0), ("Per kalurahan", "Per ekosistem", 1)):
        rows = _pdf_rows(text, heading, nxt)
        expected = {names[code]: (str(c["workforce"]), str(c["active"]), "0", str(c["nonactive"]),
                                  _pct(c["active"], c["workforce"]), "–")
                    for code, c in tally(index).items()}
        assert {k: v for k, v in rows.items() if k in expected} == expected, heading
    # Srandakan by hand: Poncosari 27 + Trimurti 24 workers; 7 + 6 active
    assert _pdf_rows(text, "Per kapanewon", "Per kalurahan")["Srandakan"][:2] == ("51", "13")

    eco_names = {"desa": "Desa", "pasar": "Pasar", "umkm": "UMKM", "rentan": "Pekerja rentan"}
    rows = _pdf_rows(text, "Per ekosistem", "Per segmen")
    expected = {eco_names[e]: (str(c["workforce"]), str(c["active"]), "0", _pct(c["active"], c["workforce"]))
                for e, c in tally(2).items()}
    assert {k: v for k, v in rows.items() if k in expected} == expected
    assert "\nrentan " not in text  # ecosystem names, not codes

    seg_names = {"PU": "PU", "BPU": "BPU", "JAKON": "JAKON", "PMI": "PMI", "NONE": "Belum terdaftar"}
    rows = _pdf_rows(text, "Per segmen", "Pekerja: penduduk")
    expected = {seg_names[s]: (str(c["workforce"]), str(c["active"]), "0", str(c["nonactive"]))
                for s, c in tally(3).items()}
    assert {k: v for k, v in rows.items() if k in expected} == expected


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
