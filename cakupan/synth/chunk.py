"""One chunk = one kalurahan: residents, their rosters, their member records and their truth.
Seeded from (seed, chunk id) alone, so every chunk is reproducible on its own."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cakupan.core.vocab import ECOSYSTEMS as VOCAB_ECOSYSTEMS
from cakupan.synth.dirty import dirty_rows
from cakupan.synth.members import Persons, records_build, truth_links
from cakupan.synth.nikgen import nik_int
from cakupan.synth.people import WORK, RetryChunk, people_build
from cakupan.synth.rosters import Pick, rosters_pick
from cakupan.synth.status import EXTRA_ACTIVE, EXTRA_LAPSED, SEGMENTS, decide

ECO_ROSTER = {
    "opd": "opd",
    "padat_karya": "padat_karya",
    "pasar": "pasar",
    "umkm": "umkm",
    "guru": "guru",
    "perangkat_desa": "desa",
}
STATUS = ("none", "active", "nonactive")
SEGS = (*SEGMENTS, "none")  # int8 codes of a person's segment; "none": no member record
ECOSYSTEMS = VOCAB_ECOSYSTEMS.codes
ROSTER_FACTOR = {"guru": 0.35, "pasar": 1.3, "umkm": 1.0, "padat_karya": 1.0}
# Residents offered to the outsiders as namesakes (outside.py), per workforce resident aged 20-59.
NAMESAKE_POOL = 0.01


@dataclass
class ChunkOut:
    population: pa.Table
    members: pa.Table
    links: pa.Table  # kpj, person_nik, dirt columns
    rosters: dict[str, list[pa.Table]]
    wf: dict[str, np.ndarray]  # workforce persons: status, seg, eco (strings)
    niks: np.ndarray
    wf_nik: np.ndarray  # NIKs (int64) of the workforce persons, for the monthly truth
    pk_active: dict[int, int]  # site -> padat karya workers active at the as-of date
    kpj_next: int
    dirty: dict[str, int]  # extra population rows the import must quarantine, by reason
    twins: pa.Table  # truth/twins.csv rows: nik_a, nik_b, no_kk, birth_date, same_sex
    namesakes: pa.Table  # a few residents (name, birth, female) an outsider may share a name with


def _codes(values: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Small integer codes (int8) for the truth accumulators; unknown names -> the last one."""
    out = np.full(len(values), len(names) - 1, dtype=np.int8)
    for i, name in enumerate(names):
        out[values == name] = i
    return out


def roster_table(pick: Pick, *, nik, name, birth, female, kode) -> pa.Table:
    from cakupan.synth.rosters import EXTRA, ORG_HEADER

    i = pa.array(pick.idx, pa.int64())
    cols = {
        "NIK": pc.cast(pa.array(nik[pick.idx]), pa.string()),
        "NAMA": name.take(i),
        "TGL_LAHIR": pa.array(birth[pick.idx]),
        "JENIS_KELAMIN": pa.array(np.where(female[pick.idx], "P", "L").astype(object), pa.string()),
        "KODE_WILAYAH": pa.array(kode[pick.idx].astype(object), pa.string()),
        ORG_HEADER[pick.kind]: pa.array(pick.org, pa.string()),
        "JABATAN": pa.array(pick.jabatan, pa.string()),
    }
    for col in EXTRA.get(pick.kind, []):
        vals = pick.extra.get(col, [None] * len(pick.idx))
        cols[col] = (
            pa.array(vals, pa.date32()) if col.startswith("TGL") else pa.array(vals, pa.string())
        )
    return pa.table(cols)


def chunk_build(ctx, k: int, part: int = 0) -> ChunkOut:
    """Kalurahan k (or one part of it, when plan.plan_part split a large one)."""
    plan = ctx.plan
    for attempt in range(8):
        key = [plan.seed, k, 1, attempt] + ([part] if part else [])
        rng = np.random.default_rng(key)
        try:
            return _build(ctx, k, rng)
        except RetryChunk:
            continue
    raise RuntimeError(f"kalurahan chunk {k} could not meet its quotas")


def _build(ctx, k: int, rng: np.random.Generator) -> ChunkOut:
    plan, kal = ctx.plan, ctx.plan.kalurahan[k]
    pp = people_build(
        rng,
        n=int(plan.population[k]),
        n_pad=len(plan.padukuhan[k]),
        workforce=int(plan.workforce[k]),
        excluded=int(plan.excluded[k]),
        p3k=int(plan.p3k[k]),
        kapanewon_prefix=int(kal.kapanewon.replace(".", "")),
        local_prefixes=ctx.local_prefixes,
        other_prefixes=ctx.other_prefixes,
        other_weights=ctx.other_weights,
        occ=ctx.occ,
        weights=ctx.weights,
        as_of=plan.as_of,
        serials=None,
        home_place=ctx.home_place,
        kk_serials=ctx.kk_serials,
    )
    picks, cons = rosters_pick(
        rng, pp, k=k, plan=plan, allowed=ctx.allowed, excl_pns=5 in ctx.excluded_codes
    )
    factor = np.ones(pp.n)
    for p in picks:
        if p.kind in ROSTER_FACTOR:
            factor[p.idx] = ROSTER_FACTOR[p.kind]
    dec = decide(
        rng, pp, quota=int(plan.active[k]), cons=cons, weights=ctx.weights, roster_factor=factor
    )
    # serials last: a retry above must not consume NIK serials
    pp.nik = nik_int(
        pp.nik_prefix, pp.nik_dcode, ctx.serials.allocate(rng, pp.nik_prefix, pp.nik_dcode)
    )
    # member records
    extra_l = dec.active[rng.random(len(dec.active)) < EXTRA_LAPSED]
    pu = dec.active[(dec.active_seg == "PU") & (rng.random(len(dec.active)) < EXTRA_ACTIVE)]
    twice = (rng.random(len(dec.lapsed)) < 0.2) & (
        dec.lapsed_site < 0
    )  # same segment: "latest" is unambiguous
    rec_person = np.r_[dec.active, extra_l, pu, dec.lapsed, dec.lapsed[twice], dec.other]
    rec_seg = np.r_[
        dec.active_seg,
        rng.choice(np.array(["PU", "BPU"], dtype=object), len(extra_l)),
        np.full(len(pu), "BPU", dtype=object),
        dec.lapsed_seg,
        dec.lapsed_seg[twice],
        rng.choice(np.array(["BPU", "PU"], dtype=object), len(dec.other), p=[0.7, 0.3]),
    ]
    rec_active = np.r_[
        np.ones(len(dec.active), bool),
        np.zeros(len(extra_l), bool),
        np.ones(len(pu), bool),
        np.zeros(len(dec.lapsed) + int(twice.sum()), bool),
        dec.other_active,
    ]
    rec_site = np.r_[
        dec.active_site,
        np.full(len(extra_l) + len(pu), -1),
        dec.lapsed_site,
        np.full(int(twice.sum()) + len(dec.other), -1),
    ]
    kode = np.full(pp.n, kal.code, dtype=object)
    persons = Persons(
        nik=pp.nik,
        name=pp.name,
        birth=pp.birth,
        female=pp.female,
        kode=kode,
        in_population=True,
        twin=pp.twin,
    )
    members, truth, kpj_next = records_build(
        rng,
        persons=persons,
        rec_person=rec_person,
        rec_seg=rec_seg,
        rec_active=rec_active,
        rec_site=rec_site,
        plan=plan,
        grace=ctx.grace,
        kpj_next=ctx.kpj_next,
        region_codes=ctx.region_codes,
        employer=ctx.employers,
    )
    perm = rng.permutation(members.num_rows)
    members = members.take(pa.array(perm))
    links = truth_links(truth, pc.cast(pa.array(truth["true_nik"]), pa.string()), perm)
    # population extract
    occ_names = np.array(
        [ctx.occ[c].name if c in ctx.occ else "" for c in range(max(ctx.occ) + 1)], dtype=object
    )
    pads = np.array(plan.padukuhan[k], dtype=object)
    population = pa.table(
        {
            "NIK": pc.cast(pa.array(pp.nik), pa.string()),
            "NO_KK": pc.cast(pa.array(pp.no_kk), pa.string()),
            "NAMA_LGKP": pp.name,
            "JENIS_KLMIN": pa.array(
                np.where(pp.female, "PEREMPUAN", "LAKI-LAKI").astype(object), pa.string()
            ),
            "TMPT_LHR": pp.birthplace,
            "TGL_LHR": pa.array(pp.birth),
            "KODE_WILAYAH": pa.array(kode, pa.string()),
            "DUSUN": pa.array(pads[pp.padukuhan], pa.string()),
            "JENIS_PKRJN": pa.array(occ_names[pp.occupation], pa.string()),
        }
    )
    population, dirty = dirty_rows(ctx, k, population, rng)
    rosters: dict[str, list[pa.Table]] = {}
    eco_of = np.full(max(ctx.occ) + 1, "lainnya", dtype=object)
    for code, o in ctx.occ.items():
        eco_of[code] = o.ecosystem
    eco = eco_of[pp.occupation.astype(np.int64)]
    for p in picks:
        rosters.setdefault(p.kind, []).append(
            roster_table(p, nik=pp.nik, name=pp.name, birth=pp.birth, female=pp.female, kode=kode)
        )
        if p.kind in ECO_ROSTER:
            eco[p.idx] = ECO_ROSTER[p.kind]
    # truth for the workforce persons (ASN roster persons are never in the workforce here)
    wf = pp.category == WORK
    status = np.full(pp.n, "none", dtype=object)
    seg = np.full(pp.n, "none", dtype=object)
    status[dec.lapsed], seg[dec.lapsed] = "nonactive", dec.lapsed_seg
    status[dec.active], seg[dec.active] = "active", dec.active_seg
    pk_active: dict[int, int] = {}
    for s in dec.active_site[dec.active_site >= 0]:
        pk_active[int(s)] = pk_active.get(int(s), 0) + 1
    a = np.flatnonzero(pp.twin > np.arange(pp.n))
    b = pp.twin[a]
    twins = pa.table(
        {
            "nik_a": pc.cast(pa.array(pp.nik[a]), pa.string()),
            "nik_b": pc.cast(pa.array(pp.nik[b]), pa.string()),
            "no_kk": pc.cast(pa.array(pp.no_kk[a]), pa.string()),
            "birth_date": pa.array(pp.birth[a]),
            "same_sex": pa.array(pp.female[a] == pp.female[b]),
        }
    )
    pool = np.flatnonzero(wf & (pp.age >= 20) & (pp.age <= 59))
    pool = np.sort(rng.choice(pool, size=round(NAMESAKE_POOL * len(pool)), replace=False))
    namesakes = pa.table(
        {
            "name": pp.name.take(pa.array(pool, pa.int64())),
            "birth": pa.array(pp.birth[pool]),
            "female": pa.array(pp.female[pool]),
        }
    )
    return ChunkOut(
        population=population,
        members=members,
        links=links,
        rosters=rosters,
        wf={
            "status": _codes(status[wf], STATUS),
            "seg": _codes(seg[wf], SEGS),
            "eco": _codes(eco[wf], ECOSYSTEMS),
        },
        niks=pp.nik,
        wf_nik=np.asarray(pp.nik[wf], dtype=np.int64),
        pk_active=pk_active,
        kpj_next=kpj_next,
        dirty=dirty,
        twins=twins,
        namesakes=namesakes,
    )


__all__ = ["ECOSYSTEMS", "SEGMENTS", "SEGS", "STATUS", "chunk_build", "roster_table"]
