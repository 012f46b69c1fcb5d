"""CoverageHistory rows: from a run's workforce persons, and from the monthly history CSV.

Grain: one row per as-of date x area (kabupaten, kapanewon, kalurahan) x segment (ALL and each
segment). For a segment row, `workforce` is the area's whole workforce (the denominator), and
active / non-active count the persons whose deciding record is in that segment, so the segment
shares add up to ALL.
"""
from __future__ import annotations

import calendar
import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

import pyarrow as pa

from cakupan.errors import UserError

HISTORY_FIELDS = ["as_of", "area_code", "area_kind", "segment", "workforce", "active", "nonactive", "enrolled",
                  "lapsed", "source"]
LEVELS = (("kabupaten", 5), ("kapanewon", 8), ("kalurahan", None))


def _areas(kalurahan_code: str) -> list[tuple[str, str]]:
    return [(kind, kalurahan_code[:n] if n else kalurahan_code) for kind, n in LEVELS]


def history_counts(persons: pa.Table) -> pa.Table:
    """Workforce persons -> counts by kalurahan x status x segment (column `n`)."""
    groups = persons.group_by(["kalurahan_code", "status", "segment"]).aggregate([([], "count_all")])
    return groups.rename_columns(["kalurahan_code", "status", "segment", "n"])


def history_rows_from_counts(counts: list[pa.Table], *, as_of: date) -> list[tuple]:
    """history_counts of every batch -> history rows for one run (source='run')."""
    if not counts:
        return []
    groups = pa.concat_tables(counts).group_by(["kalurahan_code", "status", "segment"]).aggregate([("n", "sum")])
    acc: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # workforce, active, nonactive
    for k, st, seg, n in zip(*(groups[c].to_pylist() for c in ("kalurahan_code", "status", "segment", "n_sum"))):
        for kind, code in _areas(k):
            tot = acc[(kind, code, "ALL")]
            tot[0] += n
            if st in ("active", "nonactive"):
                idx = 1 if st == "active" else 2
                tot[idx] += n
                acc[(kind, code, seg)][idx] += n
    rows = []
    for (kind, code, seg), (w, a, n) in sorted(acc.items()):
        workforce = w if seg == "ALL" else acc[(kind, code, "ALL")][0]
        rows.append((as_of, code, kind, seg, workforce, a, n, 0, 0, "run"))
    return rows


def _month_end(text: str) -> date:
    try:
        y, m = (int(x) for x in text.strip()[:7].split("-"))
        return date(y, m, calendar.monthrange(y, m)[1])
    except ValueError as exc:
        raise UserError(f"Bulan tidak dikenali di riwayat: {text!r} (harus yyyy-mm)", code="history.month") from exc


def history_rows_from_monthly(path: Path) -> list[tuple]:
    """The synthetic history/monthly.csv -> history rows (source='history').
    Workforce per kalurahan-month is the area's workforce (repeated on each segment's line), so
    ALL takes it once; enrolled, lapsed and active add up over segments."""
    seg_acc: dict[tuple[date, str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # active, enrolled, lapsed
    workforce: dict[tuple[date, str], int] = {}
    with open(path, newline="", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            month = _month_end(r["month"])
            kal, seg = r["kalurahan_code"].strip(), r["segment"].strip().upper()
            workforce[(month, kal)] = max(workforce.get((month, kal), 0), int(r["workforce"] or 0))
            for kind, code in _areas(kal):
                for s in (seg, "ALL"):
                    v = seg_acc[(month, kind, code, s)]
                    v[0] += int(r["active_end"] or 0)
                    v[1] += int(r["enrolled"] or 0)
                    v[2] += int(r["lapsed"] or 0)
    area_wf: dict[tuple[date, str, str], int] = defaultdict(int)
    for (month, kal), w in workforce.items():
        for kind, code in _areas(kal):
            area_wf[(month, kind, code)] += w
    return [
        (month, code, kind, seg, area_wf[(month, kind, code)], a, 0, e, lapsed, "history")
        for (month, kind, code, seg), (a, e, lapsed) in sorted(seg_acc.items())
    ]
