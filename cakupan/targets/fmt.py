"""Indonesian number and date formats for this app's CLI and pages (115.463, 25,23 %, 27 Februari
2023), as the contract's cakupan.web.formatting (kept local so the CLI needs no web app)."""
from __future__ import annotations

from datetime import date

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
         "Oktober", "November", "Desember")


def angka(n: float | int | None) -> str:
    if n is None:
        return "–"
    s = f"{int(round(n)):,}".replace(",", ".")
    return s


def persen(x: float | None, digits: int = 2) -> str:
    if x is None:
        return "–"
    s = f"{x:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{s} %"


def tanggal(d: date | None) -> str:
    if d is None:
        return "–"
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def bulan(d: date) -> str:
    return f"{BULAN[d.month - 1][:3]} {d.year}"

