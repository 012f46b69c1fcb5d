"""Successive month-end member extracts before the as-of date (`cakupan synth --history-months N`),
for the month-after-month drive (issue 15): `history/members-YYYY-MM-DD.csv`, one per month end,
of the same records as the main extract, with the truth per month beside them
(`history/truth-monthly.csv`: month, kalurahan_code, workforce, active, new, lapsed — the months
and the as-of date itself; new/lapsed are the flows since the row's previous month, blank on the
first).

A record as it stood at the end of month M, derived from the main extract (so the months agree with
it by construction):
- it is in the extract only if registered by then (TGL_KEPESERTAAN <= M);
- its paid-through month is min(IURAN_TERAKHIR, M's month): a member paying now was paid up then;
- an explicit non-active status (KELUAR, NON AKTIF …) whose payments ran past M was AKTIF at M.
Active at M follows the product rule (status not non-active and M's month − paid-through month <=
the segment's grace, cakupan/reference/status_rules.csv), so between months people are *new*
(registered since), *lapsed* (payments fell behind the grace limit) or unchanged; the truth counts
a workforce person active when any of their true records is. The dirt of the main extract (NIKs,
names, birth dates, addresses) is kept as it is: the same person looks the same every month.
"""
from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NONACTIVE = ("NON AKTIF", "NONAKTIF", "KELUAR", "MENINGGAL", "BERHENTI")


def history_months(as_of: date, n: int) -> list[date]:
    """The n month ends before as_of's month, oldest first."""
    out = []
    for k in range(n, 0, -1):
        m = as_of.year * 12 + as_of.month - 1 - k
        y, mo = divmod(m, 12)
        out.append(date(y, mo + 1, calendar.monthrange(y, mo + 1)[1]))
    return out


def _ym(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def members_at(members: pa.Table, month_end: date) -> tuple[pa.Table, pa.Array]:
    """The records as they stood at `month_end` and the mask of the main extract's rows kept."""
    keep = pc.less_equal(members["TGL_KEPESERTAAN"], pa.scalar(month_end, pa.date32()))
    keep = pc.fill_null(keep, False)
    t = members.filter(keep)
    ym = pa.scalar(_ym(month_end))
    paid = t["IURAN_TERAKHIR"]
    later = pc.fill_null(pc.greater(paid, ym), False)
    status = t["STATUS_KEPESERTAAN"]
    was_active = pc.and_(later, pc.is_in(status, value_set=pa.array(NONACTIVE)))
    t = t.set_column(t.schema.get_field_index("IURAN_TERAKHIR"), "IURAN_TERAKHIR", pc.if_else(later, ym, paid))
    t = t.set_column(t.schema.get_field_index("STATUS_KEPESERTAAN"), "STATUS_KEPESERTAAN",
                     pc.if_else(was_active, pa.scalar("AKTIF"), status))
    return t, keep


def active_at(t: pa.Table, month_end: date, grace: dict[str, int]) -> np.ndarray:
    """Bool per record of `t` (a members_at table): active at month_end by the product rule."""
    paid = t["IURAN_TERAKHIR"].to_numpy(zero_copy_only=False).astype(object)
    seg = t["SEGMEN"].to_numpy(zero_copy_only=False).astype(object)
    status = t["STATUS_KEPESERTAAN"].to_numpy(zero_copy_only=False).astype(object)
    m = month_end.year * 12 + month_end.month - 1
    out = np.zeros(len(paid), dtype=bool)
    for i, (p, s, st) in enumerate(zip(paid, seg, status)):
        if not p or st in NONACTIVE or s not in grace:
            continue
        pm = int(p[:4]) * 12 + int(p[5:7]) - 1
        out[i] = m - pm <= grace[s]
    return out


class MonthlyTruth:
    """Active workforce persons per month x kalurahan, and the flows between consecutive months
    (new: active now and not the month before; lapsed: the other way round), chunk by chunk.
    Persons never leave a chunk, so a chunk's months can be compared on their own."""

    def __init__(self) -> None:
        self.active: dict[tuple[date, str], int] = defaultdict(int)
        self.new: dict[tuple[date, str], int] = defaultdict(int)
        self.lapsed: dict[tuple[date, str], int] = defaultdict(int)

    def add(self, kalurahan: str, months: list[tuple[date, pa.Table, pa.Array]], wf_nik: np.ndarray,
            grace: dict[str, int]) -> None:
        """`months`: (month end, the records as they stood then, their true NIKs), oldest first."""
        before: set[int] | None = None
        for month_end, t, true_nik in months:
            act = active_at(t, month_end, grace)
            niks = np.asarray(pc.cast(true_nik, pa.int64()).to_numpy(zero_copy_only=False))[act]
            now = set(np.intersect1d(np.unique(niks), wf_nik).tolist())
            self.active[(month_end, kalurahan)] += len(now)
            if before is not None:
                self.new[(month_end, kalurahan)] += len(now - before)
                self.lapsed[(month_end, kalurahan)] += len(before - now)
            before = now

    def rows(self, workforce: dict[str, int], months: list[date]) -> list[dict]:
        return [{"month": m.isoformat(), "kalurahan_code": k, "workforce": int(w),
                 "active": self.active.get((m, k), 0),
                 "new": self.new.get((m, k), 0) if i else "", "lapsed": self.lapsed.get((m, k), 0) if i else ""}
                for i, m in enumerate(months) for k, w in sorted(workforce.items())]
