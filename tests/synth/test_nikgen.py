"""NIK building blocks: unique serials across chunks, the typo functions, and the density trap."""

from __future__ import annotations

import numpy as np

from cakupan.nik import parse_nik
from cakupan.synth.nikgen import (
    SerialAllocator,
    date_code,
    nik_excel,
    nik_int,
    nik_one_digit,
    nik_swap,
)


def _people(rng, n):
    days = np.datetime64("1940-01-01") + rng.integers(0, 30_000, n).astype("timedelta64[D]")
    y = days.astype("M8[Y]").astype(int) + 1970
    m = days.astype("M8[M]").astype(int) % 12 + 1
    d = (days - days.astype("M8[M]")).astype(int) + 1
    return date_code(d, m, y, rng.random(n) < 0.5)


def test_serials_are_unique_per_prefix_and_date_across_calls():
    rng = np.random.default_rng(1)
    alloc = SerialAllocator()
    niks = []
    for _ in range(3):  # three chunks of the same kapanewon
        dcode = _people(rng, 20_000)
        pre = np.full(len(dcode), 340201)
        niks.append(nik_int(pre, dcode, alloc.allocate(rng, pre, dcode)))
    allniks = np.concatenate(niks)
    assert len(np.unique(allniks)) == len(allniks)
    assert (allniks % 10_000 >= 1).all()
    assert all(parse_nik(str(v)).ok for v in allniks[:2000])


def test_typos_change_the_nik_and_keep_its_length():
    rng = np.random.default_rng(2)
    for _ in range(200):
        nik = "3402015506890013"
        one, two = nik_one_digit(nik, rng), nik_swap(nik, rng)
        assert one != nik and len(one) == 16 and one.isdigit()
        assert two != nik and sorted(two) == sorted(nik)
    forms = {nik_excel("3402015506890013", rng) for _ in range(50)}
    assert forms == {"3.40202E+15", "3402015506890010"}
    assert {parse_nik(f).error for f in forms} == {"nik.spreadsheet_mangled", None}


def test_dense_serials_make_some_typos_hit_another_person():
    """The trap of linkage-notes.md: in a kapanewon-sized population, roughly one mistyped NIK in
    ten is another real person's NIK."""
    rng = np.random.default_rng(3)
    alloc = SerialAllocator()
    dcode = _people(rng, 60_000)
    pre = np.full(len(dcode), 340201)
    niks = nik_int(pre, dcode, alloc.allocate(rng, pre, dcode))
    typos = [int(nik_one_digit(str(v), rng)) for v in niks[:3000]]
    typos += [int(nik_swap(str(v), rng)) for v in niks[3000:6000]]
    rate = np.isin(np.array(typos), niks).mean()
    assert 0.03 < rate < 0.25
