"""One kalurahan's residents: households, ages and sexes, NIKs, names, occupations.

Households are drawn first (head, spouse, children, sometimes an elderly parent), which gives a
plausible age-sex pyramid without fitting one. The workforce is then chosen among the residents
aged 15 or more so that its size is exactly the plan's quota for the kalurahan (the contract's
definition: age >= 15 on the as-of date, an `in_workforce` occupation, not excluded).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cakupan.synth.names import names_build, twin_names
from cakupan.synth.nikgen import SerialAllocator, date_code, nik_int
from cakupan.synth.reference import Occupation

HOUSEHOLD_SIZE = np.array([0.12, 0.22, 0.26, 0.23, 0.11, 0.06])  # sizes 1..6
MIN_BIRTH = np.datetime64("1927-01-01")  # NIK YY of older people would read as 20YY
NIK_DATE_QUIRK = 0.006  # NIK birth date differs from the recorded one
NIK_SEX_QUIRK = 0.0004  # NIK day not matching the recorded sex
TWINS = 0.015  # share of residents who are one of a pair of twins (docs/synth.md "Twins")
TWINS_SAME_SEX = 0.65  # identical twins (about a third) and half of the fraternal ones
MALE_ONLY = {6, 7, 13, 25, 26, 27, 29, 35, 66, 79, 81}
FEMALE_MOSTLY = {23, 30, 32, 33, 34, 38, 73, 87}

# Category codes
WORK, EXCL, P3K, NONWORK, CHILD = 0, 1, 2, 3, 4


class RetryChunk(Exception):
    """The drawn households have too few adults for the quotas; draw again."""


@dataclass
class People:
    n: int
    birth: np.ndarray  # datetime64[D]
    age: np.ndarray
    female: np.ndarray
    household: np.ndarray  # household number within the chunk
    padukuhan: np.ndarray  # index into the kalurahan's padukuhan list
    category: np.ndarray
    occupation: np.ndarray  # int16 code
    nik: np.ndarray  # int64
    nik_prefix: np.ndarray  # int (e.g. 340201)
    nik_dcode: np.ndarray  # DDMMYY of the NIK (day + 40 for women)
    no_kk: np.ndarray  # int64 per person
    name: pa.Array
    birthplace: pa.Array
    twin: np.ndarray  # index of the person's twin, -1: none


def ages_on(birth: np.ndarray, as_of: date) -> np.ndarray:
    y = birth.astype("M8[Y]").astype(np.int64) + 1970
    m = birth.astype("M8[M]").astype(np.int64) % 12 + 1
    d = (birth - birth.astype("M8[M]")).astype(np.int64) + 1
    later = (m > as_of.month) | ((m == as_of.month) & (d > as_of.day))
    return as_of.year - y - later


def ymd(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = days.astype("M8[Y]").astype(np.int64) + 1970
    m = days.astype("M8[M]").astype(np.int64) % 12 + 1
    d = (days - days.astype("M8[M]")).astype(np.int64) + 1
    return y, m, d


def _households(rng: np.random.Generator, n: int, n_pad: int, as_of: date):
    sizes = rng.choice(6, size=n // 2 + 10, p=HOUSEHOLD_SIZE) + 1
    cum = np.cumsum(sizes)
    h = int(np.searchsorted(cum, n)) + 1
    sizes = sizes[:h].copy()
    sizes[-1] -= int(cum[h - 1]) - n
    hh = np.repeat(np.arange(h), sizes)
    pos = np.arange(n) - np.repeat(np.r_[0, np.cumsum(sizes)[:-1]], sizes)
    head_age = np.clip(rng.normal(50, 14, h), 20, 94).astype(np.int64)
    spouse = (sizes >= 2) & (rng.random(h) < 0.85)
    head_f = np.where(spouse, rng.random(h) < 0.04, rng.random(h) < 0.45)
    elder = (sizes >= 5) & (rng.random(h) < 0.3)
    ha, hs = head_age[hh], sizes[hh]
    age = np.empty(n, dtype=np.int64)
    female = rng.random(n) < 0.5
    is_head = pos == 0
    age[is_head] = ha[is_head]
    female[is_head] = head_f[hh][is_head]
    is_sp = (pos == 1) & spouse[hh]
    age[is_sp] = np.clip(ha[is_sp] + np.round(rng.normal(-3, 4, is_sp.sum())), 18, 95)
    female[is_sp] = ~head_f[hh][is_sp]
    is_el = (pos == hs - 1) & elder[hh] & ~is_head & ~is_sp
    age[is_el] = np.clip(ha[is_el] + rng.integers(22, 36, is_el.sum()), 40, 95)
    kid = ~is_head & ~is_sp & ~is_el
    child = ha[kid] - rng.integers(21, 41, int(kid.sum()))
    young = child < 0
    child[young] = (rng.random(int(young.sum())) * np.clip(ha[kid][young] - 19, 1, 45)).astype(
        np.int64
    )
    age[kid] = np.minimum(child, 95)
    weights = rng.lognormal(0, 0.35, n_pad)
    pad = rng.choice(n_pad, size=h, p=weights / weights.sum())[hh]
    as_of_d = np.datetime64(as_of)
    birth = as_of_d - (age * 365.25 + rng.random(n) * 365).astype("timedelta64[D]")
    birth = np.maximum(birth, MIN_BIRTH)
    return hh, pos, pad, birth, female, kid


def _twins(rng, n: int, hh: np.ndarray, kid: np.ndarray, birth: np.ndarray, female: np.ndarray):
    """Make the first two children of some households twins (in place): the second gets the
    first's birth date and, for TWINS_SAME_SEX of the pairs, the first's sex. Households with two
    children or more are the candidates; about n * TWINS / 2 pairs. Returns (a, b) indices.
    Done before the workforce is chosen, so the quotas (and the totals) are untouched."""
    sibling = kid[:-1] & kid[1:] & (hh[:-1] == hh[1:])  # j and j + 1: children of one household
    i = np.flatnonzero(sibling)
    cand = i[~np.r_[False, sibling][i]]  # the household's first child
    p = min(1.0, n * TWINS / 2 / max(1, len(cand)))
    a = cand[rng.random(len(cand)) < p]
    b = a + 1
    birth[b] = birth[a]
    same = rng.random(len(a)) < TWINS_SAME_SEX
    female[b] = np.where(same, female[a], ~female[a])
    return a, b


def _topk(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """k indices drawn without replacement with probability ~ weights (Efraimidis-Spirakis)."""
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    ok = np.flatnonzero(weights > 0)
    if k > len(ok):
        raise RetryChunk()
    keys = np.log(rng.random(len(ok))) / weights[ok]
    return np.sort(ok[np.argpartition(-keys, k - 1)[:k]])


def _work_propensity(age: np.ndarray, female: np.ndarray) -> np.ndarray:
    band = np.clip(age // 5, 3, 16)
    male = np.array(
        [0, 0, 0, 0.25, 0.65, 0.92, 0.96, 0.97, 0.97, 0.96, 0.94, 0.90, 0.85, 0.70, 0.55, 0.4, 0.25]
    )
    fem = np.array(
        [0, 0, 0, 0.18, 0.50, 0.62, 0.64, 0.66, 0.66, 0.65, 0.62, 0.57, 0.50, 0.40, 0.30, 0.2, 0.1]
    )
    return np.where(female, fem[band], male[band])


def people_build(
    rng: np.random.Generator,
    *,
    n: int,
    n_pad: int,
    workforce: int,
    excluded: int,
    p3k: int,
    kapanewon_prefix: int,
    local_prefixes: np.ndarray,
    other_prefixes: np.ndarray,
    other_weights: np.ndarray,
    occ: dict[int, Occupation],
    weights: dict[int, tuple],
    as_of: date,
    serials: SerialAllocator | None,
    home_place: str = "BANTUL",
    kk_serials: SerialAllocator | None = None,
) -> People:
    hh, _pos, pad, birth, female, kid = _households(rng, n, n_pad, as_of)
    tw_a, tw_b = _twins(rng, n, hh, kid, birth, female)
    age = ages_on(birth, as_of)
    adult = age >= 15
    cat = np.where(adult, NONWORK, CHILD)
    w = np.where(adult, _work_propensity(age, female), 0.0)
    work = _topk(rng, w, workforce)
    cat[work] = WORK
    free = (cat == NONWORK) & (age >= 20) & (age <= 57)
    excl_codes = [c for c, o in occ.items() if o.excluded]
    n_excl = min(excluded if excl_codes else 0, int(free.sum()))
    cat[_topk(rng, free.astype(float), n_excl)] = EXCL
    free = (cat == NONWORK) & (age >= 22) & (age <= 56)
    cat[_topk(rng, free.astype(float), min(p3k, int(free.sum())))] = P3K
    occupation = _occupations(rng, cat, age, female, occ, weights, excl_codes)
    # NIK: kecamatan of first registration
    u = rng.random(n)
    own = np.where(age < 18, 0.97, 0.85)
    pre = np.full(n, kapanewon_prefix, dtype=np.int64)
    other_bantul = (u >= own) & (u < own + 0.08)
    pre[other_bantul] = local_prefixes[
        rng.integers(len(local_prefixes), size=int(other_bantul.sum()))
    ]
    outside = u >= own + 0.08
    pre[outside] = rng.choice(other_prefixes, size=int(outside.sum()), p=other_weights)
    pre[tw_b] = pre[tw_a]  # twins are registered together
    y, m, d = ymd(birth)
    quirk = rng.random(n) < NIK_DATE_QUIRK
    ny, nm, nd = y.copy(), m.copy(), d.copy()
    kind = rng.integers(3, size=n)
    nm[quirk & (kind == 0)], nd[quirk & (kind == 0)] = 1, 1
    nd[quirk & (kind == 1)] = np.clip(
        d[quirk & (kind == 1)] + rng.choice([-2, -1, 1, 2], int((quirk & (kind == 1)).sum())), 1, 28
    )
    ny[quirk & (kind == 2)] += rng.choice([-1, 1], int((quirk & (kind == 2)).sum()))
    ny = np.minimum(ny, as_of.year)
    # a year shift must not make 29 February in a common year (the NIK must stay a real date)
    common = ~(((ny % 4 == 0) & (ny % 100 != 0)) | (ny % 400 == 0))
    nd[(nm == 2) & (nd == 29) & common] = 28
    nik_f = female ^ (rng.random(n) < NIK_SEX_QUIRK)
    # twins: the same NIK date (quirks included); same-sex twins differ only in the serial
    ny[tw_b], nm[tw_b], nd[tw_b] = ny[tw_a], nm[tw_a], nd[tw_a]
    nik_f[tw_b] = np.where(female[tw_b] == female[tw_a], nik_f[tw_a], female[tw_b])
    dcode = date_code(nd, nm, ny, nik_f)
    nik = (
        nik_int(pre, dcode, serials.allocate(rng, pre, dcode)) if serials else np.zeros(n, np.int64)
    )
    # KK: kecamatan + issue date (DDMMYY) + serial, one per household
    h = int(hh.max()) + 1
    issue = np.datetime64("2005-01-01") + rng.integers(0, 6500, h).astype("timedelta64[D]")
    iy, im, idd = ymd(issue)
    kk_pre = np.full(h, kapanewon_prefix, dtype=np.int64)
    kk_code = idd * 10_000 + im * 100 + iy % 100
    kk_serial = (
        kk_serials.allocate(rng, kk_pre, kk_code) if kk_serials else rng.integers(1, 9999, h)
    )
    kk = np.int64(kapanewon_prefix) * 10**10 + kk_code * 10**4 + kk_serial
    names = twin_names(rng, names_build(rng, sex_f=female, birth_year=y), tw_a, tw_b, female, y)
    place = np.where(
        pre == kapanewon_prefix,
        0,
        np.where(np.isin(pre, local_prefixes), 0, 1 + rng.integers(6, size=n)),
    )
    place[(rng.random(n) < 0.12) & (place == 0)] = 1
    place[tw_b] = place[tw_a]
    twin = np.full(n, -1, dtype=np.int64)
    twin[tw_a], twin[tw_b] = tw_b, tw_a
    places = pa.array(
        [home_place, "YOGYAKARTA", "SLEMAN", "GUNUNGKIDUL", "KULON PROGO", "KLATEN", "JAKARTA"]
    )
    return People(
        n=n,
        birth=birth,
        age=age,
        female=female,
        household=hh,
        padukuhan=pad,
        category=cat,
        occupation=occupation,
        nik=nik,
        nik_prefix=pre,
        nik_dcode=dcode,
        no_kk=kk[hh],
        name=names,
        birthplace=pc.take(places, pa.array(place)),
        twin=twin,
    )


def _occupations(rng, cat, age, female, occ, weights, excl_codes) -> np.ndarray:
    out = np.where(age < 5, 1, 3).astype(np.int16)
    work_codes = np.array([c for c, o in occ.items() if o.in_workforce and not o.excluded])
    nonwork = {c for c, o in occ.items() if not o.in_workforce}
    base = np.array([weights.get(int(c), (0.01,))[0] for c in work_codes])
    for f in (False, True):
        sel = np.flatnonzero((cat == WORK) & (female == f))
        if len(sel) and len(work_codes):
            adj = np.array(
                [
                    0.05 if (f and c in MALE_ONLY) or (not f and c in FEMALE_MOSTLY) else 1.0
                    for c in work_codes
                ]
            )
            p = base * adj
            out[sel] = rng.choice(work_codes, size=len(sel), p=p / p.sum())
    sel = np.flatnonzero(cat == EXCL)
    if len(sel):
        ex = np.array(excl_codes)
        p = np.array([8.0 if c == 5 else 1.0 for c in ex])
        out[sel] = rng.choice(ex, size=len(sel), p=p / p.sum())
    sel = np.flatnonzero(cat == P3K)
    if len(sel):
        out[sel] = rng.choice([65, 65, 65, 18, 74, 73], size=len(sel))
    sel = np.flatnonzero(cat == NONWORK)
    a, f, u = age[sel], female[sel], rng.random(len(sel))
    want = np.where(
        a < 25,
        np.where(u < 0.8, 3, 1),
        np.where(a >= 60, np.where(u < 0.3, 4, np.where(f, 2, 1)), np.where(f & (u < 0.8), 2, 1)),
    )
    fallback = min(nonwork) if nonwork else 1
    out[sel] = np.where(np.isin(want, list(nonwork)), want, fallback)
    return out
