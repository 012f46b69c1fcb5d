"""Reports: the provisional part of `active` apart from confirmed coverage (coverage report and
monthly report); the coverage report follows the reader's small-cell rule."""
from __future__ import annotations

from io import BytesIO

import pytest
from django.db.models import F
from openpyxl import load_workbook

from cakupan.accounts.scope import Scope
from cakupan.coverage.models import CoverageFact
from cakupan.coverage.selectors import CoverageRow
from cakupan.reports.data import report_data
from cakupan.reports.monthly import monthly_report_data
from cakupan.reports.monthly_render import monthly_xlsx
from cakupan.reports.render import report_xlsx
from cakupan.reports.sentences import provisional_sentence
from tests.web.factories import KAL_A, run_make

from tests.reports.monthly_factories import months_make

pytestmark = pytest.mark.django_db


def test_provisional_sentence():
    row = CoverageRow(key="34.02", workforce=457_718, active=115_427, nonactive=0, provisional=120)
    assert provisional_sentence(row) == (
        "Dari peserta aktif itu, 120 masih sementara: didaftarkan lewat cakupan, belum ada di data peserta BPJS; "
        "tanpa mereka cakupan 25,2\u00a0%.")
    assert provisional_sentence(CoverageRow(key="x", workforce=10, active=5, nonactive=0)) is None


def test_coverage_report_columns():
    run = run_make(provisional=2).run
    wb = load_workbook(BytesIO(report_xlsx(report_data(run=run, scope=Scope(role="analis")))))
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True)}
    assert summary["Aktif sementara (belum ada di data BPJS)"] == 2
    seg = {r[0]: r for r in wb["Segmen"].iter_rows(values_only=True)}
    assert seg["Kode"][-1] == "Aktif sementara" and sum(r[-1] for k, r in seg.items() if k != "Kode") == 2
    # a pimpinan's report: small cells written "< 5", no percentage from them
    wb = load_workbook(BytesIO(report_xlsx(report_data(run=run, scope=Scope(role="pimpinan")))))
    seg = {r[0]: r for r in wb["Segmen"].iter_rows(values_only=True)}
    assert seg["PMI"][2:5] == ("< 5", "< 5", "< 5") and seg["PMI"][6] is None
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True)}
    assert summary["Pekerja"] == 75 and summary["Aktif sementara (belum ada di data BPJS)"] == "< 5"


def test_monthly_report_sentence_and_column():
    jan, feb = months_make()
    CoverageFact.objects.filter(run=feb, kalurahan_code=KAL_A, active__gt=0).update(provisional=F("active"))
    data = monthly_report_data(run=feb)
    assert data.total.provisional > 0
    assert any(s.startswith("Dari peserta aktif itu, ") and "sementara" in s for s in data.sentences)
    wb = load_workbook(BytesIO(monthly_xlsx(data)))
    summary = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Aktif sementara (belum ada di data BPJS)"] == data.total.provisional
    kal = {r[0]: r for r in wb["Kalurahan"].iter_rows(values_only=True)}
    assert kal["Kode"][-1] == "Aktif sementara" and kal[KAL_A][-1] > 0
