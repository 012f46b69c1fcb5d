"""Indonesian number, percent and date formatting, written out so it does not depend on the
locale data of the platform: 115.463 · 25,23 % · 27 Februari 2023.

English (when the active language is ``en``) uses 115,463 · 25.23 % · 27 February 2023."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import translation

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _is_en(lang: str | None) -> bool:
    return (lang or translation.get_language() or "id").startswith("en")


def _seps(lang: str | None) -> tuple[str, str]:
    """(thousands separator, decimal mark)."""
    return (",", ".") if _is_en(lang) else (".", ",")


def angka(value: object, decimals: int = 0, *, lang: str | None = None) -> str:
    """115463 -> '115.463'; angka(1234.5, 1) -> '1.234,5'. None/'' -> '–'."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    thousands, mark = _seps(lang)
    text = f"{abs(number):,.{decimals}f}"  # 115,463.00
    whole, _, frac = text.partition(".")
    whole = whole.replace(",", thousands)
    sign = "-" if number < 0 and any(c not in "0.," for c in text) else ""
    return sign + whole + (mark + frac if frac else "")


def persen(value: object, decimals: int = 2, *, lang: str | None = None) -> str:
    """25.2345 -> '25,23 %' (two decimals, a space before the sign, as Indonesian style guides write)."""
    if value is None or value == "":
        return "–"
    return f"{angka(value, decimals, lang=lang)}\u00a0%"


def tanggal(value: object, *, lang: str | None = None) -> str:
    """date(2023, 2, 27) -> '27 Februari 2023'; also accepts 'yyyy-mm-dd' strings."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        return str(value)
    months = MONTHS_EN if _is_en(lang) else MONTHS_ID
    return f"{value.day} {months[value.month - 1]} {value.year}"


def bulan(value: date, *, lang: str | None = None) -> str:
    """date(2023, 2, 1) -> 'Feb 2023' (short month label for chart axes)."""
    months = MONTHS_EN if _is_en(lang) else MONTHS_ID
    return f"{months[value.month - 1][:3]} {value.year}"


def rupiah(value: object, *, lang: str | None = None) -> str:
    """2500000 -> 'Rp 2.500.000' (whole rupiah, as contribution amounts are)."""
    if value is None or value == "":
        return "–"
    return f"Rp {angka(value, lang=lang)}"
