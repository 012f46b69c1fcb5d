"""The plan: every count fixed before any person is drawn, so that each chunk (one kalurahan) can
be generated alone, in bounded memory, and the totals still come out exact.

Population per kapanewon follows the published shares; per kalurahan the published figures where
a whole kapanewon has them, else the padukuhan count. Workforce and active quotas are allocated to
kalurahan by largest remainder so they sum to round(457,718 x scale) and round(115,463 x scale).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from cakupan.errors import UserError
from cakupan.synth.places import padukuhan_names
from cakupan.synth.reference import RegionReference

# Shares of the population (synthetic, documented in docs/synth.md).
EXCLUDED_SHARE = 0.024  # PNS/TNI/Polri residents (occupation codes flagged `excluded`)
P3K_SHARE = 0.0021  # P3K of the Pemkab on the ASN roster (in-workforce occupations)
ASN_PNS_SHARE = 0.40  # of the resident PNS, those on the Pemkab's ASN roster
ROSTERS = {"opd": 2_000, "guru": 3_000, "umkm": 10_000, "pasar": 12_000}
LOCAL_SHARE = {"opd": 0.85, "guru": 0.95, "umkm": 0.97, "pasar": 0.93}
N_MARKETS = 32
PADAT_KARYA = ((238, 26), (117, 52))  # (sites, workers per site), Bantul 2023
PADAT_KARYA_DAYS = 21
PERANGKAT_NOT_COVERED = 43  # of 75 kalurahan (antaranews Jogja 393104)
PERANGKAT_STAFF = 10
PART_MAX = 60_000  # residents per chunk: larger kalurahan (scale > 1) are generated in parts  # lurah, carik, danarta, ... besides one dukuh per padukuhan


def allocate(total: int, weights) -> np.ndarray:
    """Largest-remainder integer allocation of `total` proportional to `weights`."""
    w = np.asarray(weights, dtype=float)
    if total <= 0 or w.sum() <= 0:
        return np.zeros(len(w), dtype=np.int64)
    raw = w / w.sum() * total
    out = np.floor(raw).astype(np.int64)
    rest = total - int(out.sum())
    if rest:
        order = np.lexsort((np.arange(len(w)), -(raw - out)))
        out[order[:rest]] += 1
    return out


@dataclass(frozen=True)
class Site:
    code: str
    kalurahan: int  # index into Plan.kalurahan
    workers: int
    start: date
    end: date


@dataclass
class Plan:
    ref: RegionReference
    seed: int
    scale: float
    as_of: date
    population: np.ndarray  # per kalurahan
    workforce: np.ndarray
    active: np.ndarray
    excluded: np.ndarray
    p3k: np.ndarray
    padukuhan: list[list[str]]
    roster_local: dict[str, np.ndarray]  # kind -> per kalurahan
    roster_outside: dict[str, int]
    markets: list[tuple[str, int]]  # (name, kalurahan index)
    market_quota: np.ndarray  # [market, kalurahan] local traders
    sites: list[Site]
    site_quota: np.ndarray  # [site, kalurahan] workers
    perangkat: np.ndarray  # per kalurahan
    perangkat_covered: np.ndarray  # bool per kalurahan
    extra: dict = field(default_factory=dict)

    @property
    def kalurahan(self):
        return self.ref.kalurahan


def padat_karya_sites(
    rng: np.random.Generator, *, scale: float, year: int, as_of: date, weights: np.ndarray
) -> list[Site]:
    """Sites of the padat karya programme: 238 of 26 and 117 of 52 workers at scale 1, 21 days each,
    on Mondays through the year (few in January-February, most mid-year)."""
    sizes = [size for count, size in PADAT_KARYA for _ in range(max(0, round(count * scale)))]
    mondays = [date(year, 1, 2) + timedelta(days=7 * i) for i in range(45)]
    mondays = [d for d in mondays if d.year == year and not (as_of < d <= _month_end(as_of))]
    season = np.array([0.4 if d.month <= 2 else 1.4 if 5 <= d.month <= 9 else 0.8 for d in mondays])
    starts = rng.choice(len(mondays), size=len(sizes), p=season / season.sum())
    where = rng.choice(len(weights), size=len(sizes), p=weights / weights.sum())
    order = np.lexsort((np.arange(len(sizes)), starts))
    return [
        Site(
            code=f"PK-{year}-{i + 1:03d}",
            kalurahan=int(where[j]),
            workers=sizes[j],
            start=mondays[starts[j]],
            end=mondays[starts[j]] + timedelta(days=PADAT_KARYA_DAYS - 1),
        )
        for i, j in enumerate(order)
    ]


def _month_end(d: date) -> date:
    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _padukuhan_counts(ref: RegionReference) -> np.ndarray:
    counts = np.zeros(len(ref.kalurahan), dtype=np.int64)
    for kap, total in ref.kapanewon_padukuhan.items():
        idx = [i for i, k in enumerate(ref.kalurahan) if k.kapanewon == kap]
        known = [i for i in idx if ref.kalurahan[i].n_padukuhan]
        unknown = [i for i in idx if not ref.kalurahan[i].n_padukuhan]
        for i in known:
            counts[i] = ref.kalurahan[i].n_padukuhan
        left = max(total - int(counts[known].sum()), len(unknown))
        counts[unknown] = 1 + allocate(
            left - len(unknown), [ref.kalurahan[i].area_km2 for i in unknown]
        )
    return counts


def plan_build(ref: RegionReference, *, seed: int, scale: float, as_of: date) -> Plan:
    if not 0.005 <= scale <= 100:
        raise UserError("--scale harus antara 0,005 dan 100.", code="synth.scale")
    rng = np.random.default_rng([seed, 10**6])
    kal = ref.kalurahan
    kap_codes = list(ref.kapanewon)
    kap_pop = allocate(round(ref.population * scale), [ref.kapanewon_pop[k] for k in kap_codes])
    n_pad = _padukuhan_counts(ref)
    population = np.zeros(len(kal), dtype=np.int64)
    for kc, total in zip(kap_codes, kap_pop):
        idx = [i for i, k in enumerate(kal) if k.kapanewon == kc]
        pub = [kal[i].published_pop for i in idx]
        w = pub if all(p for p in pub) and len(idx) > 1 else [n_pad[i] for i in idx]
        population[idx] = allocate(int(total), w)
    wf_weight = population * rng.lognormal(0, 0.04, len(kal))
    workforce = allocate(round(ref.workforce * scale), wf_weight)
    urban = {"34.02.12": 1.3, "34.02.15": 1.25, "34.02.16": 1.25, "34.02.08": 1.15, "34.02.14": 1.1}
    rate = np.array([urban.get(k.kapanewon, 0.9) for k in kal]) * rng.lognormal(0, 0.18, len(kal))
    active = allocate(round(ref.active * scale), workforce * rate)
    active = np.minimum(active, (workforce * 0.8).astype(np.int64))
    _fix_total(active, round(ref.active * scale), workforce * 0.8)
    excluded = np.round(population * EXCLUDED_SHARE).astype(np.int64)
    p3k = np.round(population * P3K_SHARE).astype(np.int64)
    pad_names = [
        padukuhan_names(np.random.default_rng([seed, i, 11]), int(n)) for i, n in enumerate(n_pad)
    ]
    roster_local, roster_outside = {}, {}
    for kind, size in ROSTERS.items():
        total = round(size * scale)
        local = round(total * LOCAL_SHARE[kind])
        roster_local[kind] = allocate(local, workforce)
        roster_outside[kind] = total - local
    kap_of = np.array([kap_codes.index(k.kapanewon) for k in kal])
    m_where = rng.choice(
        len(kal), size=min(N_MARKETS, len(kal)), replace=False, p=population / population.sum()
    )
    markets = [(f"PASAR {kal[i].name.upper()}", int(i)) for i in m_where]
    m_size = rng.lognormal(0, 0.5, len(markets))
    m_size[0] *= 3  # the pasar induk
    traders = allocate(int(roster_local["pasar"].sum()), m_size)
    market_quota = np.zeros((len(markets), len(kal)), dtype=np.int64)
    for m, (_, i) in enumerate(markets):
        same = kap_of == kap_of[i]
        market_quota[m] = allocate(int(traders[m]), np.where(same, workforce, 0))
    sites = padat_karya_sites(
        rng, scale=scale, year=as_of.year, as_of=as_of, weights=population.astype(float)
    )
    site_quota = np.zeros((len(sites), len(kal)), dtype=np.int64)
    for s, site in enumerate(sites):
        same = kap_of == kap_of[site.kalurahan]
        site_quota[s] = allocate(site.workers, np.where(same, workforce, 0))
    perangkat = np.maximum(1, np.round((PERANGKAT_STAFF + n_pad) * scale)).astype(np.int64)
    not_covered = round(PERANGKAT_NOT_COVERED / 75 * len(kal))
    covered = np.ones(len(kal), dtype=bool)
    covered[rng.choice(len(kal), size=not_covered, replace=False)] = False
    return Plan(
        ref=ref,
        seed=seed,
        scale=scale,
        as_of=as_of,
        population=population,
        workforce=workforce,
        active=active,
        excluded=excluded,
        p3k=p3k,
        padukuhan=pad_names,
        roster_local=roster_local,
        roster_outside=roster_outside,
        markets=markets,
        market_quota=market_quota,
        sites=sites,
        site_quota=site_quota,
        perangkat=perangkat,
        perangkat_covered=covered,
    )


def _fix_total(values: np.ndarray, total: int, cap: np.ndarray) -> None:
    """After capping, hand the shortfall to the areas with room left (largest room first)."""
    short = total - int(values.sum())
    room = np.floor(cap).astype(np.int64) - values
    for i in np.argsort(-room, kind="stable"):
        if short <= 0:
            break
        add = min(short, int(room[i]))
        values[i] += add
        short -= add


def plan_parts(plan: Plan, k: int) -> int:
    return max(1, -(-int(plan.population[k]) // PART_MAX))


def plan_part(plan: Plan, k: int, part: int, parts: int) -> Plan:
    """The plan as seen by one part of kalurahan k: its quotas split evenly over the parts (the
    perangkat desa all in part 0), so that memory stays bounded at any scale."""
    if parts == 1:
        return plan

    def cut(arr: np.ndarray) -> np.ndarray:
        out = arr.copy()
        out[k] = allocate(int(arr[k]), np.ones(parts))[part]
        return out

    def cut2(mat: np.ndarray) -> np.ndarray:
        out = mat.copy()
        for row in range(mat.shape[0]):
            out[row, k] = allocate(int(mat[row, k]), np.ones(parts))[part]
        return out

    perangkat = plan.perangkat.copy()
    perangkat[k] = plan.perangkat[k] if part == 0 else 0
    return replace(
        plan,
        population=cut(plan.population),
        workforce=cut(plan.workforce),
        active=cut(plan.active),
        excluded=cut(plan.excluded),
        p3k=cut(plan.p3k),
        roster_local={kind: cut(v) for kind, v in plan.roster_local.items()},
        market_quota=cut2(plan.market_quota),
        site_quota=cut2(plan.site_quota),
        perangkat=perangkat,
    )
