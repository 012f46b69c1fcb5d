"""NIK (Nomor Induk Kependudukan): parse and validate, without Django.

Layout ``PP RR SS DDMMYY NNNN`` (UU 23/2006 jo. UU 24/2013 tentang Administrasi Kependudukan,
Pasal 13; Perpres 96/2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk dan Pencatatan
Sipil): province, kabupaten/kota and kecamatan of FIRST registration (the NIK never changes when a
person moves), birth date with 40 added to the day for women, and a serial from 0001.

Rules and codes are documented in docs/nik.md; the contract is in docs/contracts.md ("NIK").
python-stdnum's ``stdnum.id.nik`` checks length and a birth date, but its region table uses BPS
codes (not the Kemendagri codes a NIK carries), reduces the day modulo 40 (so day 81 passes) and
picks the century from 1920; here the region comes from the Kemendagri list shipped in
``cakupan/reference/indonesia/wilayah.csv`` and stdnum serves as a cross-check in the tests.

A NIK is always text. Values a spreadsheet has turned into numbers (``3.40201E+15``,
``3402011201900001.0``, an integer cell ending in 0) are reported as ``nik.spreadsheet_mangled``
and never repaired: the lost digit cannot be known.
"""

from __future__ import annotations

import csv
import numbers
import re
from collections.abc import Iterable
from datetime import date
from functools import cache, lru_cache
from typing import NamedTuple

from cakupan.core.reference import NATIONAL_WILAYAH

__all__ = [
    "MESSAGES",
    "NikResult",
    "nik_check_record",
    "nik_validate_many",
    "parse_nik",
    "region_codes",
]


MESSAGES: dict[str, str] = {
    "nik.missing": "NIK kosong.",
    "nik.not_digits": "NIK hanya boleh berisi angka 0-9.",
    "nik.length": "NIK harus 16 digit.",
    "nik.spreadsheet_mangled": (
        "NIK rusak oleh spreadsheet (notasi ilmiah, desimal, atau angka yang kehilangan digit "
        "terakhir); simpan kolom NIK sebagai teks dan ekspor ulang dari sumbernya."
    ),
    "nik.region_unknown": "Kode provinsi/kabupaten pada NIK (digit 1-4) tidak dikenal.",
    "nik.month_invalid": "Bulan lahir pada NIK (digit 9-10) harus 01-12.",
    "nik.day_invalid": (
        "Tanggal lahir pada NIK (digit 7-8) harus 01-31 (laki-laki) atau 41-71 (perempuan)."
    ),
    "nik.date_invalid": "Tanggal lahir pada NIK (digit 7-12) bukan tanggal yang ada.",
    "nik.serial_zero": "Nomor urut pada NIK (digit 13-16) tidak boleh 0000.",
    "nik.kecamatan_unknown": (
        "Kode kecamatan pada NIK (digit 5-6) tidak ada di daftar Kemendagri saat ini "
        "(mungkin wilayah lama yang sudah dimekarkan); NIK tetap diterima."
    ),
    "nik.birthdate_mismatch": "Tanggal lahir pada NIK berbeda dengan tanggal lahir di data.",
    "nik.sex_mismatch": "Jenis kelamin pada NIK berbeda dengan jenis kelamin di data.",
}

_MISSING_TEXT = frozenset({"", "-", "--", "null", "none", "nan", "na", "n/a", "#n/a"})
# Scientific notation or a decimal part: 3.40201E+15, 3,40201E+15, 3402011201900001.0, 3,4E15
# or thousands separators (3.402.011.201.900.000): a number, not the NIK text.
_MANGLED_RE = re.compile(
    r"^[0-9]+([.,][0-9]*)?[eE][+-]?[0-9]+$|^[0-9]+[.,][0-9]+$|^[0-9]{1,3}([.,][0-9]{3})+$"
)
_DIGITS_RE = re.compile(r"^[0-9]+$")
_STRIP = " \t\r\n\u00a0\u200b\ufeff"


class NikResult(NamedTuple):
    """The outcome of reading one NIK. ``ok`` is False iff ``error`` is set."""

    nik: str | None
    ok: bool
    error: str | None
    message: str | None
    province: str = ""  # "34"
    kabupaten: str = ""  # "34.02"
    kecamatan: str = ""  # "34.02.01"
    birth_date: date | None = None
    sex: str | None = None  # "L" | "P"
    serial: str = ""
    is_local: bool | None = None
    warnings: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def region_codes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(province, kabupaten, kecamatan) codes as undotted digit strings ("34", "3402", "340201"),
    read once from the shipped Kemendagri list."""
    prov: set[str] = set()
    kab: set[str] = set()
    kec: set[str] = set()
    by_len = {2: prov, 5: kab, 8: kec}
    with NATIONAL_WILAYAH.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["code"]
            target = by_len.get(len(code))
            if target is not None:
                target.add(code.replace(".", ""))
    return frozenset(prov), frozenset(kab), frozenset(kec)


def _error(code: str, nik: str | None = None, **fields) -> NikResult:
    return NikResult(nik, False, code, MESSAGES[code], **fields)


def _clean(value: object) -> tuple[str | None, str | None]:
    """(text, error code). Turns the raw cell into stripped text or an early error."""
    if value is None:
        return None, "nik.missing"
    if isinstance(value, bool):
        return None, "nik.not_digits"
    if isinstance(value, numbers.Integral):
        text = str(int(value))
        # An Excel number cell keeps only 15 significant digits: a 16-digit number ending in 0
        # cannot be told apart from one whose last digit was lost.
        if len(text) >= 16 and text.endswith("0"):
            return None, "nik.spreadsheet_mangled"
        return text, None
    if isinstance(value, numbers.Real):
        if value != value:  # NaN: an empty cell read by pandas
            return None, "nik.missing"
        return None, "nik.spreadsheet_mangled"
    if not isinstance(value, str):
        value = str(value)  # Decimal, numpy scalars, pyarrow scalars
        if "." in value or "e" in value.lower():
            return None, "nik.spreadsheet_mangled"
    text = value.strip(_STRIP)
    if text.startswith("'"):  # Excel's text marker
        text = text[1:].strip(_STRIP)
    if text.lower() in _MISSING_TEXT:
        return None, "nik.missing"
    if _MANGLED_RE.match(text):
        return None, "nik.spreadsheet_mangled"
    return text, None


@cache
def _birth(ddmmyy: str, today: date) -> tuple[str | None, date | None, str | None]:
    """(error code, birth date, sex) for the six date digits; cached (at most 1,000,000 keys)."""
    day, month, yy = int(ddmmyy[0:2]), int(ddmmyy[2:4]), int(ddmmyy[4:6])
    if not 1 <= month <= 12:
        return "nik.month_invalid", None, None
    if 1 <= day <= 31:
        sex = "L"
    elif 41 <= day <= 71:
        sex, day = "P", day - 40
    else:
        return "nik.day_invalid", None, None
    # Century: the latest of 19yy / 20yy that is not after today (docs/contracts.md).
    for year in (2000 + yy, 1900 + yy):
        try:
            born = date(year, month, day)
        except ValueError:
            continue
        if born <= today:
            return None, born, sex
    return "nik.date_invalid", None, None


def _local_digits(local_prefix: str | None) -> str | None:
    if local_prefix is None:
        return None
    return "".join(ch for ch in str(local_prefix) if ch.isdigit())


def parse_nik(
    value: object, *, local_prefix: str | None = None, today: date | None = None
) -> NikResult:
    """Read one NIK. ``local_prefix`` ("34.02" or "3402") sets ``is_local``; ``today`` fixes the
    century rule for tests (default: the current date).

    >>> parse_nik("3402014501900001").sex
    'P'
    """
    return _parse(value, _local_digits(local_prefix), today or date.today())


_new = tuple.__new__  # positional construction: the bulk path makes 500,000 of these


def _parse(value: object, local: str | None, today: date) -> NikResult:
    if type(value) is str and len(value) == 16 and value.isascii() and value.isdigit():
        text = value  # fast path: the common, clean case
    else:
        text, err = _clean(value)
        if err:
            return _error(err)
        if not _DIGITS_RE.match(text):
            return _error("nik.not_digits")
        if len(text) != 16:
            return _error("nik.length", text)
    p, kab, kec, known, warnings = _region(text[0:6])
    serial = text[12:16]
    is_local = text.startswith(local) if local is not None else None
    if not known:
        return _new(
            NikResult,
            (
                text,
                False,
                "nik.region_unknown",
                MESSAGES["nik.region_unknown"],
                p,
                kab,
                kec,
                None,
                None,
                serial,
                is_local,
                (),
            ),
        )
    date_err, born, sex = _birth(text[6:12], today)
    if date_err:
        return _new(
            NikResult,
            (
                text,
                False,
                date_err,
                MESSAGES[date_err],
                p,
                kab,
                kec,
                None,
                None,
                serial,
                is_local,
                warnings,
            ),
        )
    if serial == "0000":
        return _new(
            NikResult,
            (
                text,
                False,
                "nik.serial_zero",
                MESSAGES["nik.serial_zero"],
                p,
                kab,
                kec,
                born,
                sex,
                serial,
                is_local,
                warnings,
            ),
        )
    return _new(
        NikResult, (text, True, None, None, p, kab, kec, born, sex, serial, is_local, warnings)
    )


_KEC_WARNING = ("nik.kecamatan_unknown",)
# Record sex values (docs/contracts.md "Sex values"); anything else is not compared.
_SEX = dict.fromkeys(("L", "LAKI LAKI", "LAKI", "PRIA", "1"), "L") | dict.fromkeys(
    ("P", "PEREMPUAN", "WANITA", "2"), "P"
)


@cache
def _region(prefix: str) -> tuple[str, str, str, bool, tuple[str, ...]]:
    """(province, kabupaten, kecamatan, province+kabupaten known, warnings) for the first six
    digits; an unknown kecamatan under a known kabupaten is only a warning (regions were split
    and renumbered since many NIKs were issued — cakupan/reference/indonesia/SOURCES.md)."""
    provinces, kabupatens, kecamatans = region_codes()
    p, kab = prefix[0:2], f"{prefix[0:2]}.{prefix[2:4]}"
    known = p in provinces and prefix[0:4] in kabupatens
    warnings = () if prefix in kecamatans else _KEC_WARNING
    return p, kab, f"{kab}.{prefix[4:6]}", known, warnings


def nik_check_record(
    result: NikResult, *, birth_date: date | None, sex: str | None
) -> tuple[str, ...]:
    """Warnings (never errors: a NIK is not reissued when a record is corrected) when the NIK's
    birth date or sex disagrees with the record's. Unknown record values are not compared."""
    if not result.ok:
        return ()
    out: list[str] = []
    if birth_date is not None and result.birth_date is not None and birth_date != result.birth_date:
        # The NIK only carries two year digits: a century apart is the same date of birth.
        b = result.birth_date
        if (birth_date.month, birth_date.day, birth_date.year % 100) != (
            b.month,
            b.day,
            b.year % 100,
        ):
            out.append("nik.birthdate_mismatch")
    record_sex = (
        _SEX.get(" ".join(str(sex).upper().replace("-", " ").split())) if sex is not None else None
    )
    if record_sex and result.sex and record_sex != result.sex:
        out.append("nik.sex_mismatch")
    return tuple(out)


def nik_validate_many(
    values: Iterable[object], *, local_prefix: str | None = None, today: date | None = None
) -> list[NikResult]:
    """``parse_nik`` over many values (a list, a pandas Series or a pyarrow Array/ChunkedArray)."""
    if hasattr(values, "to_pylist"):
        values = values.to_pylist()
    local = _local_digits(local_prefix)
    day = today or date.today()
    region_codes()
    return [_parse(v, local, day) for v in values]
