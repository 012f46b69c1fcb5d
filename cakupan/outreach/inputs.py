"""What an officer types, read the Indonesian way, with sane bounds (one place for every form,
the services and the CLI).

    parse_rupiah("45.000.000") == parse_rupiah("Rp 2.500.000") * 18 == 45_000_000
    parse_rupiah("2500000") == 2_500_000 ; parse_rupiah("1.500,50") == 1_500   (',' = decimals)

Bounds (documented in docs/outreach.md):
- money: at least Rp 1 and at most MAX_RUPIAH (Rp 1 miliar) a month for an income/wage; a budget
  at most MAX_BUDGET (Rp 1 triliun);
- paid months: from MONTHS_BACK months before to MONTHS_AHEAD months after the data month (the
  latest coverage run's as-of date, or today when there is no run yet).
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from cakupan.errors import UserError

from .months import month_add, month_start

MAX_RUPIAH = 1_000_000_000  # income / wage per month: Rp 1 miliar
MAX_BUDGET = 1_000_000_000_000  # a sponsorship budget: Rp 1 triliun
MONTHS_BACK = 12
MONTHS_AHEAD = 12

_RUPIAH = re.compile(r"^(?:rp\.?)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(?:,-)?$", re.IGNORECASE)


def parse_rupiah(text, *, what: str = "Jumlah", maximum: int = MAX_RUPIAH, minimum: int = 1) -> int:
    """'45.000.000', 'Rp 2.500.000', '2500000', '2.500.000,00' -> whole rupiah (decimals dropped).
    Dots are thousands separators (in groups of three), a comma starts the decimals. Raises a
    UserError (code 'amount.format' or 'amount.range') with an Indonesian message."""
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        raw = " ".join(str(text or "").split())
        m = _RUPIAH.match(raw.replace(" ", "") if raw.lower().startswith("rp") else raw)
        if not m or len(m.group(1).replace(".", "")) > 15:
            raise UserError(f"{what} '{raw[:40]}' bukan angka rupiah; tulis misalnya 2.500.000.", code="amount.format")
        value = int(m.group(1).replace(".", ""))
    if value < minimum:
        raise UserError(f"{what} harus paling sedikit Rp {_angka(minimum)}.", code="amount.range")
    if value > maximum:
        raise UserError(f"{what} paling banyak Rp {_angka(maximum)}.", code="amount.range")
    return value


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def parse_decimal(text, *, what: str = "Angka") -> Decimal:
    """'40', '40,5' or '40.5' -> Decimal; anything else a UserError."""
    raw = str(text or "").strip().replace(",", ".")
    if not re.fullmatch(r"\d{1,6}(?:\.\d{1,4})?", raw):
        raise UserError(f"{what} '{str(text)[:40]}' bukan angka.", code="number.format")
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern already refuses it
        raise UserError(f"{what} '{str(text)[:40]}' bukan angka.", code="number.format") from None


def data_month(as_of: date | None = None) -> date:
    """The month the window is centred on: the latest run's as-of date, else today."""
    if as_of is None:
        from cakupan.coverage.selectors import run_latest

        run = run_latest()
        as_of = run.as_of if run is not None else date.today()
    return month_start(as_of)


def month_window(as_of: date | None = None) -> tuple[date, date]:
    centre = data_month(as_of)
    return month_add(centre, -MONTHS_BACK), month_add(centre, MONTHS_AHEAD)


def check_months(month_from: date, month_to: date, *, as_of: date | None = None) -> None:
    """Refuse paid months outside the window around the data month, or reversed."""
    from cakupan.core.formatting import MONTHS_ID

    def label(d: date) -> str:
        return f"{MONTHS_ID[d.month - 1]} {d.year}"

    if month_to < month_from:
        raise UserError("Bulan akhir sebelum bulan awal.", code="month.range")
    low, high = month_window(as_of)
    if month_from < low or month_to > high:
        raise UserError(f"Bulan dibayar harus di antara {label(low)} dan {label(high)} "
                        f"(12 bulan sebelum sampai 12 bulan sesudah bulan data {label(data_month(as_of))}).",
                        code="month.window")
