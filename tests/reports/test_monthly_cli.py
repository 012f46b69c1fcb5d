"""`cakupan report send-monthly` (cakupan/reports/cli.py: report_app): one line of summary."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cakupan.reports.cli import report_app
from cakupan.reports.models import SentReport
from cakupan.reports.services import recipient_add
from tests.reports.monthly_factories import months_make
from tests.reports.test_monthly_send import free_port, smtp  # noqa: F401 - the local SMTP server fixture
from tests.reports.test_monthly_send import smtp_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def feb(db, cakupan_home):
    _jan, feb = months_make(direction="rise")
    recipient_add(area_code="34.02", email="bupati@bantulkab.go.id")
    return feb


def test_send_monthly_prints_one_line(feb, smtp):  # noqa: F811
    out = CliRunner().invoke(report_app, ["send-monthly"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == [
        "Laporan bulanan (2023-02-27): 1 terkirim, 0 tersimpan tanpa penerima, 0 gagal, 0 sudah dibuat sebelumnya."]
    again = CliRunner().invoke(report_app, ["send-monthly"])
    assert again.output.strip().endswith("0 terkirim, 0 tersimpan tanpa penerima, 0 gagal, 1 sudah dibuat sebelumnya.")
    assert len(smtp.envelopes) == 1


def test_send_monthly_failure_exits_1_without_traceback(feb, settings):
    smtp_settings(settings, free_port())
    out = CliRunner().invoke(report_app, ["send-monthly", "--run", str(feb.pk)])
    assert out.exit_code == 1 and (out.exception is None or isinstance(out.exception, SystemExit))
    assert "1 gagal" in out.stdout and "Traceback" not in out.stdout + out.stderr
    assert "Gagal 34.02: E-mail tidak terkirim" in out.stderr
    assert SentReport.objects.get().status == "failed"


def test_send_monthly_without_runs(db):
    out = CliRunner().invoke(report_app, ["send-monthly"])
    assert out.exit_code == 0 and out.output.strip() == "Laporan bulanan: belum ada hasil proses cakupan yang diterbitkan."
