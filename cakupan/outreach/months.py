"""Month arithmetic for paid-through months (always the first day of the month). No Django."""
from __future__ import annotations

import re
from datetime import date

from cakupan.errors import UserError

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def month_start(d: date) -> date:
    return d.replace(day=1)


def month_add(d: date, n: int) -> date:
    index = d.year * 12 + (d.month - 1) + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(a: date, b: date) -> int:
    """b - a in whole months (month of b minus month of a)."""
    return (b.year - a.year) * 12 + (b.month - a.month)


def parse_month(text: str) -> date:
    m = _MONTH.match(text or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or not 1 <= int(m.group(1)) <= 9999:
        raise UserError(f"Bulan '{str(text)[:40]}' tidak dikenali; tulis yyyy-mm, misalnya 2023-03.", code="month.format")
    return date(int(m.group(1)), int(m.group(2)), 1)


def parse_month_range(text: str) -> tuple[date, date]:
    """'2023-03..2023-08' -> (2023-03-01, 2023-08-01); a single month 'yyyy-mm' is a range of one."""
    parts = (text or "").split("..")
    if len(parts) == 1:
        start = end = parse_month(parts[0])
    elif len(parts) == 2:
        start, end = parse_month(parts[0]), parse_month(parts[1])
    else:
        raise UserError(f"Rentang bulan '{text}' tidak dikenali; tulis 2023-03..2023-08.", code="month.range")
    if end < start:
        raise UserError(f"Rentang bulan '{text}' terbalik: bulan akhir sebelum bulan awal.", code="month.range")
    return start, end


def month_count(start: date, end: date) -> int:
    return months_between(start, end) + 1
