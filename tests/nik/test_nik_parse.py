"""Examples for cakupan.nik: each error and warning code, the spreadsheet cases, record checks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pyarrow as pa
import pytest

from cakupan.nik import MESSAGES, nik_check_record, nik_validate_many, parse_nik
from cakupan.nik_arrow import nik_validate_arrow

TODAY = date(2026, 11, 24)
GOOD = "3402014501900001"  # Bantul, Srandakan; woman born 5 Jan 1990; serial 0001


def p(value, **kw):
    return parse_nik(value, today=TODAY, **kw)


def test_valid_nik_is_read_into_its_parts():
    r = p(GOOD, local_prefix="34.02")
    assert r.ok and r.error is None and r.message is None
    assert (r.nik, r.province, r.kabupaten, r.kecamatan) == (GOOD, "34", "34.02", "34.02.01")
    assert (r.birth_date, r.sex, r.serial, r.is_local, r.warnings) == (
        date(1990, 1, 5),
        "P",
        "0001",
        True,
        (),
    )


def test_man_and_local_prefix():
    r = p("3402011201900001", local_prefix="3403")
    assert (r.sex, r.birth_date, r.is_local) == ("L", date(1990, 1, 12), False)
    assert p(GOOD).is_local is None


@pytest.mark.parametrize(
    "value",
    [f" {GOOD} ", f"'{GOOD}", f" '{GOOD}", f"\u00a0{GOOD}\t", f"\ufeff{GOOD}", int(GOOD)],
)
def test_tolerated_wrappings(value):
    r = p(value)
    assert r.ok and r.nik == GOOD


@pytest.mark.parametrize(
    "value, code",
    [
        (None, "nik.missing"),
        ("", "nik.missing"),
        ("   ", "nik.missing"),
        ("-", "nik.missing"),
        (float("nan"), "nik.missing"),
        ("34020145O1900001", "nik.not_digits"),  # letter O for zero
        ("3402-0145-0190-0001", "nik.not_digits"),
        (True, "nik.not_digits"),
        ("340201450190001", "nik.length"),
        ("34020145019000011", "nik.length"),
        ("3.40201E+15", "nik.spreadsheet_mangled"),
        ("3,40201E+15", "nik.spreadsheet_mangled"),
        ("3.402014501900E+15", "nik.spreadsheet_mangled"),
        ("3402014501900001.0", "nik.spreadsheet_mangled"),
        ("3402014501900001,00", "nik.spreadsheet_mangled"),
        ("3.402.014.501.900.000", "nik.spreadsheet_mangled"),
        (3402014501900001.0, "nik.spreadsheet_mangled"),
        (3.40201e15, "nik.spreadsheet_mangled"),
        (3402014501900000, "nik.spreadsheet_mangled"),  # a number cell that lost its last digit
        (Decimal("3402014501900001.0"), "nik.spreadsheet_mangled"),
        ("9902014501900001", "nik.region_unknown"),  # no province 99
        ("3499014501900001", "nik.region_unknown"),  # DIY has no kabupaten 99
        ("3402014513900001", "nik.month_invalid"),
        ("3402014500900001", "nik.month_invalid"),
        ("3402010001900001", "nik.day_invalid"),
        ("3402013201900001", "nik.day_invalid"),
        ("3402014001900001", "nik.day_invalid"),
        ("3402017201900001", "nik.day_invalid"),
        ("3402013002230001", "nik.date_invalid"),  # 30 Feb
        ("3402012902010001", "nik.date_invalid"),  # 29 Feb 1901/2001
        ("3402017104900001", "nik.date_invalid"),  # woman, 31 Apr
        ("3402014501900000", "nik.serial_zero"),
    ],
)
def test_each_error_code(value, code):
    r = p(value)
    assert not r.ok
    assert r.error == code
    assert r.message == MESSAGES[code]


def test_mangled_values_are_never_repaired():
    r = p("3.40201E+15")
    assert r.nik is None and r.province == "" and r.birth_date is None


def test_unknown_kecamatan_is_a_warning_not_an_error():
    r = p("3402994501900001")
    assert r.ok and r.warnings == ("nik.kecamatan_unknown",) and r.kecamatan == "34.02.99"


def test_leap_day_and_century_rule():
    assert p("3402012902000001").birth_date == date(2000, 2, 29)
    assert p("3402011201300001").birth_date == date(1930, 1, 12)  # 2030 is after today
    assert p("3402012411260001").birth_date == date(2026, 11, 24)  # today itself
    assert p("3402012511260001").birth_date == date(1926, 11, 25)  # tomorrow → a century back
    assert parse_nik("3402012511260001", today=date(2026, 11, 25)).birth_date == date(2026, 11, 25)


def test_every_code_has_an_indonesian_message():
    codes = {
        "nik.missing",
        "nik.not_digits",
        "nik.length",
        "nik.spreadsheet_mangled",
        "nik.region_unknown",
        "nik.month_invalid",
        "nik.day_invalid",
        "nik.date_invalid",
        "nik.serial_zero",
        "nik.kecamatan_unknown",
        "nik.birthdate_mismatch",
        "nik.sex_mismatch",
    }
    assert set(MESSAGES) == codes
    assert all(MESSAGES[c].strip() for c in codes)


def test_check_record_warnings():
    r = p(GOOD)
    assert nik_check_record(r, birth_date=date(1990, 1, 5), sex="P") == ()
    assert nik_check_record(r, birth_date=date(1990, 1, 6), sex="P") == ("nik.birthdate_mismatch",)
    assert nik_check_record(r, birth_date=date(1990, 1, 5), sex="L") == ("nik.sex_mismatch",)
    assert nik_check_record(r, birth_date=date(1991, 2, 5), sex="laki-laki") == (
        "nik.birthdate_mismatch",
        "nik.sex_mismatch",
    )
    for value in ("PRIA", "Laki Laki", "1", 1):
        assert nik_check_record(r, birth_date=None, sex=value) == ("nik.sex_mismatch",), value
    for value in ("wanita", "PEREMPUAN", "2", 2, "X"):
        assert nik_check_record(r, birth_date=None, sex=value) == (), value
    # Only two year digits in a NIK: a century apart is not a disagreement; unknowns are skipped.
    assert nik_check_record(r, birth_date=date(1890, 1, 5), sex=None) == ()
    assert nik_check_record(r, birth_date=None, sex="") == ()
    assert nik_check_record(p("12"), birth_date=date(1990, 1, 6), sex="L") == ()


def test_bulk_helpers_match_single_parse():
    values = [GOOD, "3.40201E+15", None, "3402994501900001", "3402014500900001", 3402011201900001]
    singles = [p(v, local_prefix="34.02") for v in values]
    assert nik_validate_many(values, local_prefix="34.02", today=TODAY) == singles
    assert nik_validate_many(pa.array([str(v) if v else None for v in values[:5]]), today=TODAY)[
        0
    ] == p(GOOD)
    table = nik_validate_arrow(pa.chunked_array([values[:5]]), local_prefix="34.02", today=TODAY)
    assert table.num_rows == 5
    assert table.column("ok").to_pylist() == [True, False, False, True, False]
    assert table.column("error").to_pylist()[1] == "nik.spreadsheet_mangled"
    assert table.column("warnings").to_pylist()[3] == "nik.kecamatan_unknown"
    assert table.column("birth_date").to_pylist()[0] == date(1990, 1, 5)
    assert table.schema.field("nik").type == pa.string()
    assert nik_validate_arrow([], today=TODAY).num_rows == 0


def test_every_code_is_documented_with_its_message():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "nik.md").read_text(encoding="utf-8")
    for code, message in MESSAGES.items():
        assert f"| `{code}` |" in text and message in text, code
