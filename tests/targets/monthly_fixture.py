"""The committed monthly aggregates fixture (monthly_srandakan.csv: month, kalurahan_code, segment,
enrolled, lapsed, active_end, workforce) as CoverageHistory rows (source 'history'): how the forecast
tests get a long, known history with a "future" after the as-of date. The product builds its history
from published runs (docs/flows.md); this loader lives with the tests that need it."""
from __future__ import annotations

import calendar
import csv
from collections import defaultdict
from datetime import date
from pathlib import Path

from cakupan.coverage.bulk import bulk_insert
from cakupan.coverage.history import HISTORY_FIELDS, _areas
from cakupan.coverage.models import CoverageHistory


def _month_end(text: str) -> date:
    try:
        y, m = (int(x) for x in text.strip()[:7].split("-"))
        return date(y, m, calendar.monthrange(y, m)[1])
    except ValueError as exc:
        raise ValueError(f"month not yyyy-mm: {text!r}") from exc


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


def monthly_fixture_load(path: Path) -> int:
    rows = history_rows_from_monthly(path)
    CoverageHistory.objects.filter(source="history", as_of__in=sorted({r[0] for r in rows})).delete()
    return bulk_insert(CoverageHistory, HISTORY_FIELDS, rows)
