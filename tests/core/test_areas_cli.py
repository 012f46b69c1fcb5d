from datetime import date

import pytest

from cakupan.core.areas import ancestors, child_level, level_of, parent_of
from cakupan.core.cli import num, parse_date, pct, rp
from cakupan.errors import UserError


@pytest.mark.parametrize("code, level", [
    ("34", "provinsi"), ("34.02", "kabupaten"), ("34.02.01", "kapanewon"),
    ("34.02.01.2001", "kalurahan"), ("34.02.01.2001.krajan", "padukuhan"),
])
def test_level_of(code, level):
    assert level_of(code) == level


def test_shape_helpers():
    assert child_level("34.02") == "kapanewon" and child_level("34.02.01.2001.x") is None
    assert ancestors("34.02.01.2001") == ["34.02", "34.02.01", "34.02.01.2001"]
    assert ancestors("34.02", from_level="provinsi") == ["34", "34.02"]
    assert parent_of("34.02.01") == "34.02" and parent_of("34") is None


def test_parse_date_and_numbers():
    assert parse_date("2023-02-27") == date(2023, 2, 27) and parse_date(None) is None
    with pytest.raises(UserError) as err:
        parse_date("27-02-2023", option="--due")
    assert err.value.code == "cli.date" and "--due" in str(err.value)
    assert num(115463) == "115.463" and pct(25.2345) == "25,23 %" and rp(2500000) == "Rp 2.500.000"
