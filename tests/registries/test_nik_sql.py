"""The NIK rules in DuckDB SQL (registries.nik_sql) give exactly what nik_validate_arrow gives."""
from __future__ import annotations

import itertools
import random
from datetime import date

import duckdb
import pyarrow as pa

from cakupan.nik_arrow import nik_validate_arrow
from cakupan.registries.nik_sql import RESULT, nik_sql, nik_sql_register, with_others

COLUMNS = list(RESULT)


def plain_niks() -> list[str]:
    """Every rule's edge: known / unknown province, kabupaten and kecamatan; day 00-79 (women +40);
    month 00-13; leap and non-leap years in both centuries, the century turn around today; serials."""
    regions = ["340201", "340299", "349901", "990101", "110101", "320101"]
    days = [f"{d:02d}" for d in (0, 1, 15, 28, 29, 30, 31, 32, 40, 41, 55, 68, 69, 70, 71, 72, 79)]
    months = [f"{m:02d}" for m in (0, 1, 2, 4, 12, 13)]
    years = ["00", "04", "23", "24", "25", "26", "27", "96", "99"]
    serials = ["0000", "0001", "9999"]
    values = ["".join(p) for p in itertools.product(regions, days, months, years, serials)]
    rnd = random.Random(16)
    values += ["".join(rnd.choice("0123456789") for _ in range(16)) for _ in range(5000)]
    return values


def checked(values: list[str | None], others: list[str], today: date) -> pa.Table:
    """nik_sql over ``values``, the not-plain ones (``others``) checked by nik_validate_arrow."""
    con = duckdb.connect()
    nik_sql_register(con)
    con.register("vals", pa.table({"raw": pa.array(values, pa.string())}))
    other = nik_validate_arrow(pa.array(others, pa.string()), today=today).select(COLUMNS)
    con.register("nikv", other.append_column("raw", pa.array(others, pa.string())))
    got = con.sql(f"SELECT * FROM ({nik_sql(with_others('vals', 'raw', 'nikv'), 'raw', prefix='', today=today)})"
                  " ORDER BY raw").to_arrow_table()
    con.close()
    return got


def test_sql_rules_equal_the_arrow_rules():
    values = plain_niks()
    for today in (date(2026, 12, 5), date(2024, 2, 28)):
        got = checked(values, [], today)
        want = nik_validate_arrow(pa.array(values, pa.string()), today=today).select(COLUMNS)
        want = want.append_column("raw", pa.array(values, pa.string())).sort_by("raw")
        assert got.num_rows == len(values) and got.column_names == ["raw", *COLUMNS]
        for name in COLUMNS:
            assert got.column(name).to_pylist() == want.column(name).to_pylist(), name
    errors = set(want.column("error").to_pylist())
    assert {None, "nik.region_unknown", "nik.month_invalid", "nik.day_invalid", "nik.date_invalid",
            "nik.serial_zero"} <= errors  # every rule was exercised
    assert "nik.kecamatan_unknown" in set(want.column("warnings").to_pylist())


def test_values_that_are_not_plain_take_the_python_results():
    others = ["3.40201E+15", "34020A1501900005", " 3402015501900001", "340201550190001"]
    got = checked(["3402015501900001", None, *others], others, date(2026, 12, 5)).to_pylist()
    by_raw = {r["raw"]: r for r in got}
    assert by_raw["3402015501900001"]["ok"] and by_raw["3402015501900001"]["sex"] == "P"
    assert by_raw[None]["ok"] is None and by_raw[None]["nik"] is None
    assert [by_raw[o]["error"] for o in others] == ["nik.spreadsheet_mangled", "nik.not_digits", None, "nik.length"]
    assert by_raw[" 3402015501900001"]["nik"] == "3402015501900001"  # parse_nik strips it
