"""Property-based tests for cakupan.nik: generated valid NIKs pass and round-trip; each invalid
generator breaks exactly one rule and must produce that rule's code."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.id import nik as stdnum_nik

from cakupan.nik import nik_validate_many, parse_nik, region_codes
from cakupan.nik_arrow import nik_validate_arrow

TODAY = date(2026, 11, 24)
PROVINCES, KABUPATENS, KECAMATANS = region_codes()
KEC_LIST = sorted(KECAMATANS)
# Dates whose two-digit year resolves back to themselves under "latest century not after today".
EARLIEST = date(TODAY.year - 100, TODAY.month, TODAY.day) + timedelta(days=1)

prop = settings(max_examples=150, deadline=None)  # local to this module, no global profile


def encode(kec: str, born: date, sex: str, serial: int) -> str:
    day = born.day + (40 if sex == "P" else 0)
    return f"{kec}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"


valid_parts = st.tuples(
    st.sampled_from(KEC_LIST),
    st.dates(min_value=EARLIEST, max_value=TODAY),
    st.sampled_from("LP"),
    st.integers(1, 9999),
)
valid_niks = valid_parts.map(lambda t: encode(*t))


@prop
@given(valid_parts)
def test_valid_niks_pass_and_round_trip(parts):
    kec, born, sex, serial = parts
    r = parse_nik(encode(kec, born, sex, serial), today=TODAY)
    assert r.ok, r
    assert (r.birth_date, r.sex, r.serial) == (born, sex, f"{serial:04d}")
    assert r.kecamatan.replace(".", "") == kec and r.warnings == ()


@prop
@given(valid_niks)
def test_valid_niks_agree_with_stdnum_on_length_and_date(nik):
    # stdnum picks another century and knows BPS (not Kemendagri) region codes: compare day/month.
    ours = parse_nik(nik, today=TODAY).birth_date
    theirs = stdnum_nik.get_birth_date(nik)
    assert (ours.month, ours.day, ours.year % 100) == (theirs.month, theirs.day, theirs.year % 100)
    assert len(stdnum_nik.compact(nik)) == 16


@prop
@given(valid_niks, st.sampled_from([" ", "\t", "\u00a0", ""]), st.booleans())
def test_wrappings_and_clean_int_cells_are_accepted(nik, pad, apostrophe):
    text = pad + ("'" if apostrophe else "") + nik + pad
    assert parse_nik(text, today=TODAY).nik == nik
    if not nik.endswith("0"):
        assert parse_nik(int(nik), today=TODAY).ok


@prop
@given(valid_niks, st.sampled_from(["34", "34.02", "3402", "34.02.01", "31"]))
def test_is_local_is_a_digit_prefix_test(nik, prefix):
    assert parse_nik(nik, local_prefix=prefix, today=TODAY).is_local == nik.startswith(
        prefix.replace(".", "")
    )


@prop
@given(st.lists(st.one_of(valid_niks, st.none(), st.text(max_size=18)), max_size=30))
def test_bulk_equals_single(values):
    assert nik_validate_many(values, today=TODAY) == [parse_nik(v, today=TODAY) for v in values]


def code_of(value):
    return parse_nik(value, today=TODAY).error


@prop
@given(st.sampled_from([None, "", " ", "\t\n", "-", "NULL", "nan", float("nan")]))
def test_missing(value):
    assert code_of(value) == "nik.missing"


letters = st.sampled_from("abcdfghijklmnopqrstuvwxyzABCDFGHIJKLMNOPQRSTUVWXYZ/_#*+ ")


@prop
@given(valid_niks, st.integers(1, 14), letters)
def test_not_digits(nik, pos, ch):
    assert code_of(nik[:pos] + ch + nik[pos + 1 :]) == "nik.not_digits"


@prop
@given(valid_niks, st.integers(1, 30).filter(lambda n: n != 16))
def test_length(nik, n):
    assert code_of((nik * 2)[:n]) == "nik.length"


@prop
@given(valid_niks, st.sampled_from(["float", "sci", "sci_comma", "dot0", "int0"]))
def test_spreadsheet_mangled(nik, how):
    mangled = {
        "float": float(nik),
        "sci": f"{int(nik):.5E}",
        "sci_comma": f"{int(nik):.5E}".replace(".", ","),
        "dot0": nik + ".0",
        "int0": int(nik[:15] + "0"),
    }[how]
    assert code_of(mangled) == "nik.spreadsheet_mangled"


unknown_provinces = st.sampled_from(sorted({f"{i:02d}" for i in range(100)} - PROVINCES))


@prop
@given(valid_niks, unknown_provinces)
def test_region_unknown_province(nik, prov):
    assert code_of(prov + nik[2:]) == "nik.region_unknown"


@prop
@given(valid_niks, st.integers(0, 99))
def test_region_unknown_kabupaten(nik, kab):
    candidate = f"{nik[:2]}{kab:02d}{nik[4:]}"
    if candidate[:4] not in KABUPATENS:
        assert code_of(candidate) == "nik.region_unknown"
    else:
        assert code_of(candidate) is None


@prop
@given(valid_niks, st.integers(0, 99).filter(lambda m: not 1 <= m <= 12))
def test_month_invalid(nik, month):
    assert code_of(f"{nik[:8]}{month:02d}{nik[10:]}") == "nik.month_invalid"


SHORT_MONTHS = [m for m in range(1, 13) if calendar.monthrange(2000, m)[1] < 31]  # 2, 4, 6, 9, 11
bad_days = st.sampled_from([0, *range(32, 41), *range(72, 100)])


@prop
@given(valid_niks, bad_days)
def test_day_invalid(nik, day):
    assert code_of(f"{nik[:6]}{day:02d}{nik[8:]}") == "nik.day_invalid"


@prop
@given(valid_niks, st.sampled_from(SHORT_MONTHS), st.integers(0, 99), st.sampled_from([0, 40]))
def test_date_invalid(nik, month, yy, offset):
    # The day after the month's last day in either century the two-digit year may resolve to:
    # a day the day rule allows (<= 31) that no calendar has. Only months shorter than 31 days
    # have one, so only those are generated: every example asserts.
    day = max(calendar.monthrange(y, month)[1] for y in (1900 + yy, 2000 + yy)) + 1
    assert day <= 31
    assert (
        code_of(f"{nik[:6]}{day + offset:02d}{month:02d}{yy:02d}{nik[12:]}") == "nik.date_invalid"
    )


@prop
@given(valid_niks)
def test_serial_zero(nik):
    r = parse_nik(nik[:12] + "0000", today=TODAY)
    assert r.error == "nik.serial_zero" and r.birth_date is not None


@prop
@given(valid_niks, st.integers(0, 99))
def test_unknown_kecamatan_only_warns(nik, kec):
    candidate = f"{nik[:4]}{kec:02d}{nik[6:]}"
    r = parse_nik(candidate, today=TODAY)
    assert r.ok
    assert (r.warnings == ("nik.kecamatan_unknown",)) == (candidate[:6] not in KECAMATANS)


def _as_row(result):
    row = result._asdict()
    row["warnings"] = ",".join(row["warnings"])
    return row


digit_soup = st.text(alphabet="0123456789", min_size=16, max_size=16)
near_valid = st.tuples(valid_niks, st.integers(0, 15), st.sampled_from("0123456789")).map(
    lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
)


@prop
@given(
    st.lists(st.one_of(valid_niks, near_valid, digit_soup, st.none(), st.text(max_size=18))),
    st.sampled_from([None, "34.02", "31"]),
)
def test_arrow_kernels_equal_single_parse(values, prefix):
    import pyarrow as pa

    table = nik_validate_arrow(pa.array(values, type=pa.string()), local_prefix=prefix, today=TODAY)
    expected = [_as_row(parse_nik(v, local_prefix=prefix, today=TODAY)) for v in values]
    assert table.to_pylist() == expected
