"""CoverageHistory rows from a run's workforce persons (the month's flows are filled in from the
run's CoverageFlow rows at publish, cakupan/coverage/services.py).

Grain: one row per as-of date x area (kabupaten, kapanewon, kalurahan) x segment (ALL and each
segment). For a segment row, `workforce` is the area's whole workforce (the denominator), and
active / non-active count the persons whose deciding record is in that segment, so the segment
shares add up to ALL.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

import pyarrow as pa

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
