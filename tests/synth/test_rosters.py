"""Rosters: sizes, structure, disjointness and the coverage facts they carry."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from cakupan.synth.plan import PADAT_KARYA_DAYS, padat_karya_sites
from tests.synth.conftest import AS_OF, SCALE
from tests.synth.recompute import load, totals

ECOSYSTEM_ROSTERS = ("opd", "padat_karya", "pasar", "umkm", "guru", "perangkat_desa")


def _roster(small, kind):
    return pd.read_csv(small.out / "rosters" / f"{kind}.csv", dtype=str, keep_default_na=False)


def test_padat_karya_site_structure_at_scale_one():
    sites = padat_karya_sites(
        np.random.default_rng(1), scale=1.0, year=2023, as_of=AS_OF, weights=np.ones(75)
    )
    sizes = [s.workers for s in sites]
    assert len(sites) == 355
    assert sizes.count(26) == 238 and sizes.count(52) == 117
    assert sum(sizes) == 12_272
    assert all(s.end - s.start == timedelta(days=PADAT_KARYA_DAYS - 1) for s in sites)
    assert all(s.start.year == 2023 and s.start.weekday() == 0 for s in sites)
    assert len({s.code for s in sites}) == 355
    # no site starts between the as-of date and the end of its month (snapshot = month end)
    assert not [s for s in sites if AS_OF < s.start <= date(2023, 2, 28)]


def test_roster_sizes_follow_the_scale(small):
    rows = small.summary["rosters"]
    assert rows["opd"] == round(2000 * SCALE)
    assert rows["pasar"] == round(12000 * SCALE)
    assert rows["umkm"] == round(10000 * SCALE)
    assert rows["guru"] == round(3000 * SCALE)
    assert rows["perangkat_desa"] >= 75  # at least the lurah of every kalurahan
    pk = _roster(small, "padat_karya")
    assert pk.groupby("KODE_PROYEK").size().isin([26, 52]).all()
    ages = 2023 - pd.to_datetime(pk["TGL_LAHIR"]).dt.year
    assert ages.max() <= 66 and ages.min() >= 17


def test_ecosystem_rosters_are_disjoint_and_residents_are_in_the_population(small):
    pop = load(small.out)[0]
    seen: set[str] = set()
    for kind in ECOSYSTEM_ROSTERS:
        niks = set(_roster(small, kind)["NIK"])
        assert not (niks & seen), kind
        seen |= niks
    pk = set(_roster(small, "padat_karya")["NIK"])
    assert pk <= set(pop["NIK"])


def test_asn_roster_is_consistent_with_dukcapil_occupation(small):
    pop = load(small.out)[0].set_index("NIK")
    asn = _roster(small, "asn")
    local = asn[asn["NIK"].isin(pop.index)]
    pns = local[local["STATUS_ASN"] == "PNS"]
    assert len(pns) and (pop.loc[pns["NIK"], "JENIS_PKRJN"] == "PNS").all()
    p3k = local[local["STATUS_ASN"] == "PPPK"]
    assert (
        len(p3k)
        and pop.loc[p3k["NIK"], "JENIS_PKRJN"]
        .isin(["GURU", "KARYAWAN HONORER", "PERAWAT", "BIDAN"])
        .all()
    )


def test_coverage_facts_of_the_rosters(small):
    got = totals(small.out, AS_OF)
    mem = got["members"]
    active = set(mem.loc[mem["active"] & (mem["person_nik"] != ""), "person_nik"])
    pop = load(small.out)[0]
    opd = _roster(small, "opd")
    local_opd = set(opd["NIK"]) & set(pop["NIK"])
    assert local_opd and local_opd <= active  # all OPD non-ASN workers covered
    pd_ = _roster(small, "perangkat_desa")
    by_kal = pd_.assign(active=pd_["NIK"].isin(active)).groupby("KODE_WILAYAH")["active"]
    share = by_kal.mean()
    assert set(share.round(6)) <= {0.0, 1.0}
    assert (share == 0).sum() == 43 and (share == 1).sum() == 32
    guru = _roster(small, "guru")
    assert guru["NIK"].isin(active).mean() < 0.4  # honorary teachers lag
