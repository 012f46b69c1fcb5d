"""The CLI is a thin wrapper: one pass through each command on the small fixture."""
import io

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cakupan.cli import app
from cakupan.outreach.models import Enrolment, WorklistItem

from .factories import KAL1, KAP, make_run, standard_persons

runner = CliRunner()


def ok(*args):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_quote_commands_no_database():
    assert "Rp 81.800" in ok("enrol", "quote", "--segment", "BPU", "--income", "2500000", "--jht", "--date", "2023-03-01")
    assert "Rp 488.000" in ok("enrol", "quote", "--segment", "PU", "--wage", "5000000", "--risk", "2", "--date", "2024-04-01")
    assert "Rp 1.375.000" in ok("enrol", "quote", "--segment", "JAKON", "--contract-value", "750000000", "--date", "2023-01-01")


@pytest.mark.django_db
def test_worklist_enrol_budget_lapse_commands(tmp_path):
    persons = standard_persons()
    make_run(persons)
    ok("worklist", "partner", "--name", "Lurah Poncosari", "--kind", "lurah", "--area", KAL1)
    assert "5 orang" in ok("worklist", "make", "--partner", "Lurah Poncosari", "--area", KAL1, "--by-padukuhan")
    wl_id = WorklistItem.objects.first().worklist_id
    out = tmp_path / "wl.xlsx"
    ok("worklist", "export", str(wl_id), "--out", str(out))
    wb = load_workbook(out)
    ws = wb.worksheets[0]
    ws.cell(row=2, column=13).value = "terdaftar"
    ws.cell(row=2, column=14).value = "10/03/2023"
    ws.cell(row=3, column=13).value = "entah"
    ws.cell(row=3, column=14).value = "10/03/2023"
    buf = io.BytesIO()
    wb.save(buf)
    back = tmp_path / "wl-filled.xlsx"
    back.write_bytes(buf.getvalue())
    text = ok("worklist", "import", str(back))
    assert "1 diterapkan" in text and "1 dikarantina" in text and "outcome.invalid" in text
    assert "selesai 1" in ok("worklist", "show", str(wl_id))
    nik = persons[7]["nik"]
    text = ok("enrol", "register", "--nik", nik, "--name", "Warga 8", "--segment", "BPU", "--income", "1000000",
              "--payer", "APBDES", "--months", "2023-03..2023-08")
    assert "Rp 16.800/bulan" in text and "Rp 100.800" in text and Enrolment.objects.count() == 1
    assert "perlu tambahan 1 orang" in ok("budget", "need", "--target-pct", "40", "--months", "10")
    assert "cukup untuk 2 orang" in ok("budget", "plan", "--budget", "403200", "--months", "12", "--area", KAP)
    assert "Warga 2" in ok("lapse", "list", "--within", "1")
    result = runner.invoke(app, ["enrol", "register", "--nik", "123", "--name", "X", "--months", "2023-03"])
    assert result.exit_code != 0
