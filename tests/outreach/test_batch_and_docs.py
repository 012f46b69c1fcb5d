from datetime import date
from pathlib import Path

import pytest

from cakupan.errors import UserError
from cakupan.outreach.contributions import rate_table
from cakupan.outreach.services import enrolment_register_batch, read_batch_csv

from .factories import make_run, standard_persons

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.django_db
def test_padat_karya_crew_registers_good_rows_and_lists_bad_ones():
    persons = standard_persons()
    make_run(persons)
    text = "\ufeffNIK;NAMA\n" + f"{persons[7]['nik']};Warga 8\n" + f"{persons[10]['nik']};Warga 11\n" \
        + "3402;Salah\n" + f"{persons[0]['nik']};Warga 1\n"
    rows = read_batch_csv(text)
    result = enrolment_register_batch(rows=rows, segment="PADAT_KARYA", payer="APBDES", batch="PK-2023-07",
                                      month_from=date(2023, 7, 1), month_to=date(2023, 7, 1))
    assert result.rows == 4 and len(result.registered) == 2
    assert [(r["row_number"], r["reason_code"]) for r in result.rejected] == [(4, "nik.length"), (5, "enrol.active")]
    assert {e.batch for e in result.registered} == {"PK-2023-07"}
    assert sum(e.payments.get().amount for e in result.registered) == 2 * 16_800


@pytest.mark.django_db
def test_pu_batch_wage_column_and_headers_checked():
    persons = standard_persons()
    make_run(persons)
    rows = read_batch_csv(f"NIK,NAMA_LGKP,UPAH\n{persons[9]['nik']},Warga 10,\"4.000.000\"\n{persons[7]['nik']},Warga 8,abc\n")
    result = enrolment_register_batch(rows=rows, segment="PU", payer="EMPLOYER", batch="CV-MAJU-2023-03", employer="CV Maju",
                                      risk_class=1, month_from=date(2023, 3, 1), month_to=date(2023, 3, 1))
    assert result.registered[0].income == 4_000_000 and result.rejected[0]["reason_code"] == "batch.income"
    with pytest.raises(UserError):
        read_batch_csv("NAMA,UPAH\nX,1\n")


def test_every_rate_and_cap_is_in_the_docs():
    text = (DOCS / "contributions.md").read_text(encoding="utf-8")
    for row in rate_table("caps"):
        assert f"{int(row.values['amount']):,}" in text, row
    for row in rate_table("pu"):
        assert row.values["percent"].rstrip("0").rstrip(".") in text, row
    for row in rate_table("jakon"):
        assert row.values["jkk_percent"] in text and row.values["jkm_percent"] in text
    for row in rate_table("pmi"):
        assert f"{int(row.values['amount']):,}" in text, row
    for table in ("bpu", "pu", "caps", "jakon", "pmi"):
        assert f"`{table}.csv`" in text
        for row in rate_table(table):
            for reg in row.regulation.replace(" jo. ", ";").split(";"):
                name = reg.split("(")[0].replace("Lampiran I", "").replace("art. 28", "").strip()
                if name and not name.startswith("BPJS"):
                    assert name in text, (table, name)
