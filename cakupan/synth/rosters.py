"""Rosters picked among one kalurahan's residents: perangkat desa, OPD non-ASN, padat karya,
market traders, honorary teachers, UMKM owners and the ASN/P3K list.

A person sits on at most one of the ecosystem rosters, so the truth's ecosystem (roster kind wins)
is never ambiguous. Roster NIKs are the population's own (clean): a roster is matched by NIK.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cakupan.synth import places
from cakupan.synth.people import EXCL, P3K, WORK, People, _topk

KINDS = ("opd", "asn", "padat_karya", "pasar", "umkm", "guru", "perangkat_desa")
ORG_HEADER = {
    "opd": "NAMA_OPD",
    "asn": "NAMA_OPD",
    "padat_karya": "KALURAHAN",
    "pasar": "NAMA_PASAR",
    "umkm": "NAMA_USAHA",
    "guru": "NAMA_SEKOLAH",
    "perangkat_desa": "KALURAHAN",
}
EXTRA = {
    "asn": ["STATUS_ASN"],
    "padat_karya": ["KODE_PROYEK", "KODE_KALURAHAN_LOKASI", "TGL_MULAI", "TGL_SELESAI"],
    "pasar": ["JENIS_DAGANGAN", "NO_LOS"],
    "umkm": ["BIDANG_USAHA"],
}
PK_COVERED = 0.97  # share of padat karya workers (up to 65) registered for their project


@dataclass
class Pick:
    kind: str
    idx: np.ndarray
    org: list[str]
    jabatan: list[str]
    extra: dict[str, list] = field(default_factory=dict)


def _office_pick(kind: str, idx: np.ndarray, jobs, rng, extra: dict | None = None) -> Pick:
    """A roster of government offices (OPD non-ASN, ASN): a random OPD and job per person."""
    return Pick(kind, idx, list(rng.choice(places.OPD, len(idx))), list(rng.choice(jobs, len(idx))), extra or {})


def _override(occupation, idx, codes, probs, rng, allowed):
    ok = [c for c in codes if c in allowed]
    if not ok or not len(idx):
        return
    p = np.array([probs[codes.index(c)] for c in ok])
    occupation[idx] = rng.choice(ok, size=len(idx), p=p / p.sum())


def rosters_pick(
    rng: np.random.Generator, pp: People, *, k: int, plan, allowed: set[int], excl_pns: bool
) -> tuple[list[Pick], dict]:
    """Pick this kalurahan's roster members. Returns the picks and the status constraints:
    forced active (index -> segment), forbidden active (indices), ended padat karya (nonactive JAKON)."""
    kal = plan.kalurahan[k]
    taken = np.zeros(pp.n, dtype=bool)
    picks: list[Pick] = []
    forced: dict[int, tuple[str, int]] = {}  # person -> (segment, site index or -1)
    forbid: list[int] = []
    ended: dict[int, int] = {}

    def choose(count, lo, hi):
        ok = (pp.category == WORK) & ~taken & (pp.age >= lo) & (pp.age <= hi)
        got = _topk(rng, ok.astype(float), min(int(count), int(ok.sum())))
        taken[got] = True
        return got

    # perangkat desa: lurah, staff, one dukuh per padukuhan (as far as the count goes)
    idx = choose(plan.perangkat[k], 25, 60)
    pads = plan.padukuhan[k]
    jab = [
        places.PERANGKAT[i]
        if i < len(places.PERANGKAT)
        else f"DUKUH {pads[(i - 10) % len(pads)].upper()}"
        for i in range(len(idx))
    ]
    if len(idx):
        _override(pp.occupation, idx[1:], [85], [1.0], rng, allowed)
        _override(pp.occupation, idx[:1], [86], [1.0], rng, allowed)
    picks.append(Pick("perangkat_desa", idx, [kal.name.upper()] * len(idx), jab))
    for i in idx:
        (
            forced.__setitem__(int(i), ("PU", -1))
            if plan.perangkat_covered[k]
            else forbid.append(int(i))
        )
    # OPD non-ASN: all covered (PU)
    idx = choose(plan.roster_local["opd"][k], 20, 57)
    _override(pp.occupation, idx, [18], [1.0], rng, allowed)
    picks.append(_office_pick("opd", idx, places.OPD_JOBS, rng))
    forced.update({int(i): ("PU", -1) for i in idx})
    # padat karya: workers up to 65 from this kalurahan for each site of the kapanewon
    as_of = plan.as_of
    for s in np.flatnonzero(plan.site_quota[:, k]):
        site = plan.sites[s]
        idx = choose(plan.site_quota[s, k], 18, 65)
        keep = np.isin(pp.occupation[idx], [9, 10, 19, 20, 22, 26, 27, 89])
        _override(pp.occupation, idx[~keep], [19, 20, 26], [0.7, 0.2, 0.1], rng, allowed)
        loc = plan.kalurahan[site.kalurahan]
        jab = ["PEKERJA"] * len(idx)
        if len(idx):
            jab[0] = "MANDOR" if site.workers == 26 else "KEPALA TUKANG"
        picks.append(
            Pick(
                "padat_karya",
                idx,
                [loc.name.upper()] * len(idx),
                jab,
                {
                    "KODE_PROYEK": [site.code] * len(idx),
                    "KODE_KALURAHAN_LOKASI": [loc.code] * len(idx),
                    "TGL_MULAI": [site.start] * len(idx),
                    "TGL_SELESAI": [site.end] * len(idx),
                },
            )
        )
        covered = rng.random(len(idx)) < PK_COVERED
        started = site.start <= as_of
        running = (site.end.year, site.end.month) >= (as_of.year, as_of.month)
        for i, c in zip(idx, covered):
            if started and c and running:
                forced[int(i)] = ("JAKON", int(s))
            elif started and c:
                ended[int(i)] = int(s)
    # market traders
    for m in np.flatnonzero(plan.market_quota[:, k]):
        idx = choose(plan.market_quota[m, k], 20, 75)
        _override(pp.occupation, idx, [84, 8], [0.75, 0.25], rng, allowed)
        picks.append(
            Pick(
                "pasar",
                idx,
                [plan.markets[m][0]] * len(idx),
                ["PEDAGANG"] * len(idx),
                {
                    "JENIS_DAGANGAN": list(rng.choice(places.GOODS, len(idx))),
                    "NO_LOS": [
                        f"{chr(65 + int(a))}-{int(b):03d}"
                        for a, b in zip(
                            rng.integers(6, size=len(idx)), rng.integers(1, 300, size=len(idx))
                        )
                    ],
                },
            )
        )
    # honorary teachers
    idx = choose(plan.roster_local["guru"][k], 22, 58)
    _override(pp.occupation, idx, [65], [1.0], rng, allowed)
    schools = [
        f"{rng.choice(places.SCHOOL_KIND)} {rng.choice(pads).upper()}" for _ in range(len(idx))
    ]
    picks.append(
        Pick(
            "guru",
            idx,
            schools,
            list(rng.choice(["GURU HONORER", "GTT", "PTT"], len(idx), p=[0.6, 0.3, 0.1]))
            if len(idx)
            else [],
        )
    )
    # UMKM owners
    idx = choose(plan.roster_local["umkm"][k], 20, 70)
    _override(pp.occupation, idx, [88, 12, 30, 32], [0.6, 0.2, 0.1, 0.1], rng, allowed)
    kinds = list(rng.choice(places.UMKM_KIND, len(idx)))
    names = [
        f"{kd} {rng.choice(pp_names)}"
        for kd, pp_names in zip(kinds, [places.COMPANY_WORDS] * len(idx))
    ]
    picks.append(Pick("umkm", idx, names, ["PEMILIK"] * len(idx), {"BIDANG_USAHA": kinds}))
    # ASN roster: part of the resident PNS (when PNS is an excluded occupation) and every P3K
    pns = (
        np.flatnonzero((pp.category == EXCL) & (pp.occupation == 5))
        if excl_pns
        else np.empty(0, np.int64)
    )
    pns = pns[rng.random(len(pns)) < plan.extra.get("asn_pns_share", 0.40)]
    p3k = np.flatnonzero(pp.category == P3K)
    idx = np.r_[pns, p3k].astype(np.int64)
    status = ["PNS"] * len(pns) + ["PPPK"] * len(p3k)
    picks.append(_office_pick("asn", idx, places.ASN_JOBS, rng, {"STATUS_ASN": status}))
    return picks, {"forced": forced, "forbid": np.array(forbid, dtype=np.int64), "ended": ended}
