"""Monthly history, January of the year before the as-of date to December of its year, per
kalurahan x segment: enrolments, lapses, active workforce members at month end, workforce.

Anchored on the snapshot: active_end of the as-of month equals the truth's active workforce
members of each kalurahan x segment. Before it, a slow rise; after it, the drive (from the month
after the as-of date) lifts BPU mostly, so most kalurahan end the year between 30 and 40 % and a
few above. Padat karya projects appear as JAKON enrolments in their start month and lapses the
month after they end (grace 0). These months are the "future" a forecast is scored against.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cakupan.core.vocab import SEGMENTS
from cakupan.synth.members import month_index
from cakupan.synth.output import write_csv

SEGS = SEGMENTS.codes
LAPSE = {"PU": 0.012, "BPU": 0.04, "JAKON": 0.05, "PMI": 0.02}
DRIVE_SHARE = {"PU": 0.25, "BPU": 0.70, "JAKON": 0.03, "PMI": 0.02}


def history_write(
    path: Path, *, plan, wf_k: np.ndarray, act_seg: dict[str, np.ndarray], pk_workers: np.ndarray
) -> list[dict]:
    """pk_workers[site, kalurahan]: covered padat karya workers per site and home kalurahan."""
    y = plan.as_of.year
    months = [(y - 1) * 12 + i for i in range(24)]
    a = month_index(plan.as_of)
    ai = months.index(a)
    rows = []
    site_m = [(month_index(s.start), month_index(s.end)) for s in plan.sites]
    for k, kal in enumerate(plan.kalurahan):
        rng = np.random.default_rng([plan.seed, k, 3])
        pk = np.zeros(len(months) + 1)
        for s, (m0, m1) in enumerate(site_m):
            w = pk_workers[s, k]
            if w:
                for j, m in enumerate([months[0] - 1, *months]):
                    pk[j] += w if m0 <= m <= m1 else 0
        wf0 = int(wf_k[k])
        total_a = sum(int(act_seg[s][k]) for s in SEGS)
        uplift = rng.uniform(1.12, 1.55)
        extra = max(0.0, min(0.9 * wf0, total_a * uplift) - total_a)
        for seg in SEGS:
            s_a = int(act_seg[seg][k])
            base_a = s_a - (pk[ai + 1] if seg == "JAKON" else 0)
            r_pre = rng.uniform(0.002, 0.008)
            series = []
            for j, m in enumerate([months[0] - 1, *months]):
                t = m - a
                if t < 0:
                    v = base_a * (1 + r_pre) ** t * (1 + rng.normal(0, 0.004))
                elif t == 0:
                    v = base_a
                else:
                    span = months[-1] - a
                    v = base_a + extra * DRIVE_SHARE[seg] * (t / span) ** 0.8 * (
                        1 + rng.normal(0, 0.01)
                    )
                v = max(0, round(v)) + (pk[j] if seg == "JAKON" else 0)
                series.append(int(v))
            series[ai + 1] = s_a
            prev = series[0]
            for j, m in enumerate(months):
                cur = series[j + 1]
                lapsed = round(prev * LAPSE[seg] * rng.uniform(0.8, 1.2))
                if seg == "JAKON":
                    lapsed = max(lapsed, int(pk[j] - pk[j + 1]) if pk[j] > pk[j + 1] else 0)
                enrolled = cur - prev + lapsed
                if enrolled < 0:
                    lapsed, enrolled = lapsed - enrolled, 0
                lapsed = min(lapsed, prev)
                enrolled = cur - prev + lapsed
                wf = round(wf0 * (1 + 0.0006 * (m - a)))
                rows.append(
                    {
                        "month": f"{m // 12}-{m % 12 + 1:02d}",
                        "kalurahan_code": kal.code,
                        "segment": seg,
                        "enrolled": enrolled,
                        "lapsed": lapsed,
                        "active_end": cur,
                        "workforce": wf,
                    }
                )
                prev = cur
    rows.sort(key=lambda r: (r["month"], r["kalurahan_code"], SEGS.index(r["segment"])))
    write_csv(
        path,
        rows,
        ["month", "kalurahan_code", "segment", "enrolled", "lapsed", "active_end", "workforce"],
    )
    return rows
