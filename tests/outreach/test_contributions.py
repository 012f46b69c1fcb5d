"""Worked examples for each contribution rule (rates from cakupan/reference/rates, see
docs/contributions.md). No database."""
from datetime import date

import pytest

from cakupan.errors import UserError
from cakupan.outreach.contributions import (
    bpu_minimum_monthly, quote_bpu, quote_jakon, quote_padat_karya, quote_pmi, quote_pu, rate_table,
)


def test_bpu_minimum_income_gives_16800():
    # PP 44/2015 jo. PP 82/2019: JKK 1 % of income with Rp 1,000,000 minimum -> Rp 10,000; JKM Rp 6,800
    q = quote_bpu(income=800_000, on=date(2023, 2, 1))
    assert q.by_program() == {"JKK": 10_000, "JKM": 6_800}
    assert q.total == 16_800 == bpu_minimum_monthly(on=date(2023, 2, 1))
    assert q.notes  # the minimum was applied and said so


def test_bpu_with_jht_minimum_is_36800():
    assert bpu_minimum_monthly(on=date(2023, 3, 1), jht=True) == 36_800


def test_bpu_declared_income_2_5_million_with_jht():
    q = quote_bpu(income=2_500_000, on=date(2023, 3, 1), jht=True)
    assert q.by_program() == {"JKK": 25_000, "JKM": 6_800, "JHT": 50_000}
    assert q.total == 81_800
    assert all("PP" in line.regulation for line in q.lines)


def test_bpu_rounding_half_up_to_whole_rupiah():
    # 1 % of 1,234,550 = 12,345.5 -> 12,346
    assert quote_bpu(income=1_234_550, on=date(2023, 3, 1)).by_program()["JKK"] == 12_346


@pytest.mark.parametrize("risk,jkk", [(1, 24_000), (2, 54_000), (3, 89_000), (4, 127_000), (5, 174_000)])
def test_pu_jkk_by_risk_class(risk, jkk):
    q = quote_pu(wage=10_000_000, risk_class=risk, on=date(2023, 4, 1))
    assert q.by_program()["JKK"] == jkk
    assert q.by_program()["JKM"] == 30_000
    assert q.by_program()["JHT"] == 570_000  # 3.7 % employer + 2 % worker


@pytest.mark.parametrize("on,cap,jp", [
    (date(2023, 2, 1), 9_077_600, 272_328),  # 2022 cap still in force in February 2023
    (date(2023, 4, 1), 9_559_600, 286_788),  # from March 2023
    (date(2024, 4, 1), 10_042_300, 300_000),  # from March 2024 the wage is under the cap
])
def test_pu_jp_dated_wage_cap(on, cap, jp):
    q = quote_pu(wage=10_000_000, risk_class=2, on=on)
    jp_lines = [line for line in q.lines if line.program == "JP"]
    assert {line.base for line in jp_lines} == {min(cap, 10_000_000)}
    assert sum(line.amount for line in jp_lines) == jp
    employer = next(line.amount for line in jp_lines if line.payer == "pemberi_kerja")
    assert employer * 1 == round(min(cap, 10_000_000) * 2 / 100)


def test_pu_worked_example_5_million_class_2_april_2024():
    q = quote_pu(wage=5_000_000, risk_class=2, on=date(2024, 4, 1))
    assert q.by_payer() == {"pemberi_kerja": 27_000 + 15_000 + 185_000 + 100_000,
                            "pekerja": 100_000 + 50_000, "pemerintah": 11_000}
    assert q.total == 488_000


def test_pu_jkp_government_part_capped_at_5_million():
    q = quote_pu(wage=8_000_000, risk_class=1, on=date(2023, 4, 1))
    assert q.by_program()["JKP"] == 11_000  # 0.22 % of Rp 5,000,000 (PP 37/2021)
    jkk = next(line for line in q.lines if line.program == "JKK")
    assert "0.14" in jkk.note  # recomposition shown, not charged twice


def test_pu_before_jkp_has_no_jkp_line():
    q = quote_pu(wage=4_000_000, risk_class=1, on=date(2020, 1, 1), programs=("JKK", "JKM", "JHT"))
    assert q.by_program() == {"JKK": 9_600, "JKM": 12_000, "JHT": 228_000}


def test_pu_jp_before_first_cap_row_is_a_user_error():
    with pytest.raises(UserError):
        quote_pu(wage=4_000_000, risk_class=1, on=date(2020, 1, 1))


def test_jakon_marginal_tiers_750_million():
    q = quote_jakon(contract_value=750_000_000, on=date(2023, 1, 1))
    # JKK 0.21 % x 100M + 0.17 % x 400M + 0.13 % x 250M; JKM 0.03 % x 100M + 0.02 % x 400M + 0.02 % x 250M
    assert q.by_program() == {"JKK": 210_000 + 680_000 + 325_000, "JKM": 30_000 + 80_000 + 50_000}
    assert q.total == 1_375_000 and q.per == "kontrak"


def test_jakon_top_tier_6_billion():
    q = quote_jakon(contract_value=6_000_000_000, on=date(2024, 1, 1))
    assert q.by_program()["JKK"] == 210_000 + 680_000 + 650_000 + 4_400_000 + 900_000
    assert q.by_program()["JKM"] == 30_000 + 80_000 + 100_000 + 400_000 + 100_000


@pytest.mark.parametrize("months, expected", [
    (6, 37_500 + 108_000),            # Permenaker 4/2023 ps. 18 (1): before work + the 6-month package
    (12, 37_500 + 189_000),
    (24, 37_500 + 332_500),
    (4, 37_500 + 108_000),            # shorter than a package: the smallest one
    (18, 37_500 + 189_000 + 6 * 13_500),   # ps. 18 (3): the 12-month package + 6 months beyond
    (30, 37_500 + 332_500 + 6 * 13_500),
])
def test_pmi_packages(months, expected):
    q = quote_pmi(contract_months=months, on=date(2024, 1, 15))
    assert q.total == expected and q.per == "kontrak" and q.segment == "PMI"
    assert all("Permenaker 4/2023" in line.regulation for line in q.lines)


def test_pmi_placed_abroad_pays_no_pre_departure_and_old_dates_are_a_user_error():
    assert quote_pmi(contract_months=12, on=date(2024, 1, 15), pre_departure=False).total == 189_000
    with pytest.raises(UserError, match="PMI .*sebelum bekerja.*15 Januari 2020"):
        quote_pmi(contract_months=12, on=date(2020, 1, 15))
    with pytest.raises(UserError, match="1 sampai 120 bulan"):
        quote_pmi(contract_months=0, on=date(2024, 1, 15))


def test_padat_karya_crew_months_touched():
    crew = quote_padat_karya(workers=26, start=date(2023, 7, 3), end=date(2023, 7, 31))
    assert crew.months == 1 and crew.total == 26 * 16_800
    assert quote_padat_karya(workers=26, start=date(2023, 7, 20), end=date(2023, 8, 15)).total == 2 * 26 * 16_800


def test_bad_input_is_a_user_error():
    with pytest.raises(UserError):
        quote_bpu(income=0, on=date(2023, 1, 1))
    with pytest.raises(UserError):
        quote_pu(wage=5_000_000, risk_class=6, on=date(2023, 1, 1))


def test_every_rate_row_has_regulation_and_start_date():
    for table in ("bpu", "pu", "caps", "jakon"):
        rows = rate_table(table)
        assert rows
        for row in rows:
            assert row.regulation.strip() and row.effective_from
            assert row.effective_to is None or row.effective_to >= row.effective_from


def test_jp_cap_rows_do_not_overlap():
    rows = sorted((r for r in rate_table("caps") if r.values["cap"] == "JP_WAGE"), key=lambda r: r.effective_from)
    for a, b in zip(rows, rows[1:]):
        assert a.effective_to is not None and a.effective_to < b.effective_from
