"""People who are in the member extract or on a roster but not in the region's population:
commuters with a NIK from elsewhere, people who moved away (a local NIK prefix, another address),
and the outside-resident part of the OPD, market, teacher, UMKM and ASN rosters.
Their member records link to nobody (truth person_nik empty). Some commuters and people who moved
away are namesakes of a resident: the same name (or another spelling of it) and birth year, their
own NIK or none on the record, and most of them moved in (an address in the region, not yet in its
register): the trap a linkage on name, birth date and address falls into."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from cakupan.synth import places
from cakupan.synth.chunk import roster_table
from cakupan.synth.members import Persons, records_build, truth_links
from cakupan.synth.names import name_variant, names_build
from cakupan.synth.nikgen import date_code, nik_int
from cakupan.synth.people import ymd
from cakupan.synth.rosters import Pick

COMMUTERS = 0.12  # non-local NIK member records per active workforce member
MOVED_AWAY = 0.012
ASN_OUTSIDE = 500  # Pemkab ASN living outside the region, at scale 1
NAMESAKES = 0.05  # commuters and people who moved away who share a resident's name and birth year
NAMESAKE_SAME_DATE = 0.3  # ... and the whole birth date
NAMESAKE_VARIANT = 0.3  # ... with the name spelled otherwise
NAMESAKE_HERE = 0.6  # ... who moved in: their address is a kalurahan of the region


def outside_build(ctx, k: int):
    plan = ctx.plan
    rng = np.random.default_rng([plan.seed, k, 2])
    A = int(plan.active.sum())
    n_comm, n_moved = round(A * COMMUTERS), round(A * MOVED_AWAY)
    ro = plan.roster_outside
    kinds = ["opd", "pasar", "guru", "umkm", "asn"]
    n_asn = round(ASN_OUTSIDE * plan.scale)
    sizes = [ro["opd"], ro["pasar"], ro["guru"], ro["umkm"], n_asn]
    n = n_comm + n_moved + sum(sizes)
    age = rng.integers(20, 60, n)
    birth = np.datetime64(plan.as_of) - (age * 365.25 + rng.random(n) * 365).astype(
        "timedelta64[D]"
    )
    female = rng.random(n) < 0.45
    namesake, src = _namesakes(ctx, rng, n_comm + n_moved, n, birth, female)
    pre = rng.choice(ctx.other_prefixes, size=n, p=ctx.other_weights)
    pre[n_comm : n_comm + n_moved] = rng.choice(ctx.local_prefixes, n_moved)
    y, m, d = ymd(birth)
    dcode = date_code(d, m, y, female)
    nik = nik_int(pre, dcode, ctx.serials.allocate(rng, pre, dcode))
    kode = np.array([ctx.desa_of(int(p), rng) for p in pre], dtype=object)
    moved = slice(n_comm, n_comm + n_moved)
    kode[moved] = [ctx.desa_of(int(p), rng) for p in rng.choice(ctx.neighbour_prefixes, n_moved)]
    here = namesake & (rng.random(n) < NAMESAKE_HERE)
    kode[here] = ctx.region_codes[rng.integers(len(ctx.region_codes), size=int(here.sum()))]
    name = names_build(rng, sex_f=female, birth_year=y)
    if len(src):
        same = ctx.namesakes["name"].take(pa.array(src)).to_pylist()
        who = np.flatnonzero(namesake)
        same = [
            name_variant(x, rng, bool(female[w])) if rng.random() < NAMESAKE_VARIANT else x
            for x, w in zip(same, who)
        ]
        name = pc.replace_with_mask(name, pa.array(namesake), pa.array(same, pa.string()))
    persons = Persons(
        nik=nik,
        name=name,
        birth=birth,
        female=female,
        kode=kode,
        in_population=False,
        namesake=namesake,
    )
    # records: commuters 65 % active; moved away 20 % active; roster outsiders by kind
    comm = np.arange(n_comm)
    mv = np.arange(n_comm, n_comm + n_moved)
    start = n_comm + n_moved
    ranges = {}
    for kind, size in zip(kinds, sizes):
        ranges[kind] = np.arange(start, start + size)
        start += size
    rec_person = [comm, mv, ranges["opd"]]
    rec_active = [
        rng.random(n_comm) < 0.65,
        rng.random(n_moved) < 0.2,
        np.ones(len(ranges["opd"]), bool),
    ]
    rec_seg = [
        rng.choice(np.array(["PU", "BPU", "JAKON"], dtype=object), n_comm, p=[0.7, 0.25, 0.05]),
        rng.choice(np.array(["PU", "BPU"], dtype=object), n_moved),
        np.full(len(ranges["opd"]), "PU", dtype=object),
    ]
    for kind, share, seg in (("pasar", 0.3, "BPU"), ("guru", 0.2, "PU"), ("umkm", 0.2, "BPU")):
        who = ranges[kind][rng.random(len(ranges[kind])) < share]
        rec_person.append(who)
        rec_active.append(np.ones(len(who), bool))
        rec_seg.append(np.full(len(who), seg, dtype=object))
    rp = np.concatenate(rec_person).astype(np.int64)
    members, truth, kpj_next = records_build(
        rng,
        persons=persons,
        rec_person=rp,
        rec_seg=np.concatenate(rec_seg),
        rec_active=np.concatenate(rec_active),
        rec_site=np.full(len(rp), -1),
        plan=plan,
        grace=ctx.grace,
        kpj_next=ctx.kpj_next,
        region_codes=ctx.region_codes,
        employer=ctx.employers,
    )
    perm = rng.permutation(members.num_rows)
    members = members.take(pa.array(perm))
    links = truth_links(truth, pa.nulls(len(rp), pa.string()), perm)
    rosters: dict[str, list[pa.Table]] = {}
    for kind in kinds:
        idx = ranges[kind]
        if not len(idx):
            continue
        if kind == "pasar":
            mk = rng.integers(len(plan.markets), size=len(idx))
            pick = Pick(
                kind,
                idx,
                [plan.markets[i][0] for i in mk],
                ["PEDAGANG"] * len(idx),
                {
                    "JENIS_DAGANGAN": list(rng.choice(places.GOODS, len(idx))),
                    "NO_LOS": [None] * len(idx),
                },
            )
        elif kind == "asn":
            pick = Pick(
                kind,
                idx,
                list(rng.choice(places.OPD, len(idx))),
                list(rng.choice(places.ASN_JOBS, len(idx))),
                {"STATUS_ASN": list(rng.choice(["PNS", "PPPK"], len(idx), p=[0.8, 0.2]))},
            )
        elif kind == "guru":
            pick = Pick(
                kind,
                idx,
                [
                    f"SD NEGERI {i % 7 + 1} {plan.ref.name.split()[-1].upper()}"
                    for i in range(len(idx))
                ],
                ["GURU HONORER"] * len(idx),
            )
        elif kind == "umkm":
            bid = list(rng.choice(places.UMKM_KIND, len(idx)))
            pick = Pick(
                kind,
                idx,
                [f"{b} {rng.choice(places.COMPANY_WORDS)}" for b in bid],
                ["PEMILIK"] * len(idx),
                {"BIDANG_USAHA": bid},
            )
        else:
            pick = Pick(
                kind,
                idx,
                list(rng.choice(places.OPD, len(idx))),
                list(rng.choice(places.OPD_JOBS, len(idx))),
            )
        rosters.setdefault(kind, []).append(
            roster_table(pick, nik=nik, name=name, birth=birth, female=female, kode=kode)
        )
    return members, links, rosters, kpj_next


def _namesakes(ctx, rng, m: int, n: int, birth: np.ndarray, female: np.ndarray):
    """Make about NAMESAKES of the first `m` outsiders namesakes of residents drawn from
    ctx.namesakes (in place: sex and birth year, or the whole birth date). Returns the mask over
    the n outsiders and, per namesake in order, the resident's row in ctx.namesakes."""
    namesake = np.zeros(n, dtype=bool)
    pool = getattr(ctx, "namesakes", None)
    if pool is None or not pool.num_rows:
        return namesake, np.empty(0, dtype=np.int64)
    who = np.flatnonzero(rng.random(m) < NAMESAKES)
    src = rng.integers(pool.num_rows, size=len(who))
    born = pool["birth"].to_numpy(zero_copy_only=False).astype("M8[D]")[src]
    female[who] = pool["female"].to_numpy(zero_copy_only=False)[src]
    jan1 = born.astype("M8[Y]").astype("M8[D]")
    other_day = jan1 + rng.integers(0, 365, len(who)).astype("m8[D]")
    birth[who] = np.where(rng.random(len(who)) < NAMESAKE_SAME_DATE, born, other_day)
    namesake[who] = True
    return namesake, src
