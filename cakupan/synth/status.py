"""Who in a kalurahan is a member, and whether active on the as-of date.

Exactly the plan's quota of workforce persons get an active record (roster obligations first:
OPD non-ASN, perangkat desa of covered kalurahan, padat karya on running sites); about a third as
many more get only lapsed records; a few residents outside the workforce (housekeeping, students,
retirees, P3K) are members too and must not be counted by the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cakupan.core.vocab import SEGMENTS as VOCAB_SEGMENTS
from cakupan.synth.people import CHILD, WORK, People, _topk

SEGMENTS = VOCAB_SEGMENTS.codes
PRIORITY = {"PU": 0, "JAKON": 1, "PMI": 2, "BPU": 3}  # contracts.md: PU > JAKON > PMI > BPU
NONACTIVE_RATIO = 0.34  # lapsed-only workforce members per active one (DIY Dec 2023: 190k / 559k)
NONWORK_MEMBERS = 0.05  # members outside the workforce, per active workforce member
EXTRA_LAPSED = 0.12  # active people who also carry an older lapsed record
EXTRA_ACTIVE = 0.02  # PU actives who also pay BPU


@dataclass
class Decisions:
    active: np.ndarray  # person indices, active workforce members
    active_seg: np.ndarray  # segment per active person
    active_site: np.ndarray  # padat karya site index (or -1)
    lapsed: np.ndarray  # workforce persons with only non-active records
    lapsed_seg: np.ndarray
    lapsed_site: np.ndarray
    other: np.ndarray  # residents outside the workforce with a record
    other_active: np.ndarray  # bool


def by_code(
    table: dict[int, tuple], codes: np.ndarray, *, column: int, default: float
) -> np.ndarray:
    """table[code][column] for every code (vectorised lookup; unknown codes -> default)."""
    size = max(max(table, default=0), int(codes.max(initial=0))) + 1
    values = np.full(size, default, dtype=float)
    for code, row in table.items():
        values[code] = row[column]
    return values[codes.astype(np.int64)]


def _segments(rng, occupation, age, weights) -> np.ndarray:
    pu = by_code(weights, occupation, column=2, default=0.2)
    jk = by_code(weights, occupation, column=3, default=0.0)
    u = rng.random(len(occupation))
    seg = np.where(u < pu, "PU", np.where(u < pu + jk, "JAKON", "BPU")).astype(object)
    pmi = (age >= 20) & (age <= 45) & (rng.random(len(occupation)) < 0.015)
    seg[pmi] = "PMI"
    return seg


def decide(
    rng: np.random.Generator,
    pp: People,
    *,
    quota: int,
    cons: dict,
    weights: dict,
    roster_factor: np.ndarray,
) -> Decisions:
    work = pp.category == WORK
    forced = {i: v for i, v in cons["forced"].items() if work[i]}
    f_idx = np.array(sorted(forced), dtype=np.int64)
    if len(f_idx) > quota:
        raise ValueError(f"roster obligations ({len(f_idx)}) exceed the active quota ({quota})")
    prop = by_code(weights, pp.occupation, column=1, default=0.2) * roster_factor
    prop = np.where(work, prop * np.where(pp.age > 65, 0.3, 1.0), 0.0)
    prop[f_idx] = 0
    prop[cons["forbid"]] = 0
    chosen = _topk(rng, prop, quota - len(f_idx))
    active = np.r_[f_idx, chosen].astype(np.int64)
    seg = np.r_[
        np.array([forced[i][0] for i in f_idx], dtype=object),
        _segments(rng, pp.occupation[chosen], pp.age[chosen], weights),
    ]
    site = np.r_[np.array([forced[i][1] for i in f_idx], dtype=np.int64), np.full(len(chosen), -1)]
    # lapsed-only members: ended padat karya projects first, then by propensity
    is_act = np.zeros(pp.n, dtype=bool)
    is_act[active] = True
    ended = np.array([i for i in cons["ended"] if work[i] and not is_act[i]], dtype=np.int64)
    prop2 = np.where(work & ~is_act, 0.2 + prop, 0.0)
    prop2[ended] = 0
    n_lapsed = max(0, min(round(quota * NONACTIVE_RATIO), int((prop2 > 0).sum())))
    lap = _topk(rng, prop2, n_lapsed)
    lapsed = np.r_[ended, lap].astype(np.int64)
    lseg = np.r_[
        np.full(len(ended), "JAKON", dtype=object),
        rng.choice(np.array(SEGMENTS, dtype=object), size=len(lap), p=[0.35, 0.6, 0.04, 0.01]),
    ]
    lsite = np.r_[
        np.array([cons["ended"][i] for i in ended], dtype=np.int64), np.full(len(lap), -1)
    ]
    # members outside the workforce (their Dukcapil occupation says otherwise, or excluded)
    pool = (~work) & (pp.category != CHILD) & (pp.age >= 17)
    other = _topk(rng, pool.astype(float), min(round(quota * NONWORK_MEMBERS), int(pool.sum())))
    return Decisions(
        active=active,
        active_seg=seg,
        active_site=site,
        lapsed=lapsed,
        lapsed_seg=lseg,
        lapsed_site=lsite,
        other=other,
        other_active=rng.random(len(other)) < 0.5,
    )
