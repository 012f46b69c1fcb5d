"""Names of places and organisations: padukuhan, markets, schools, OPD, companies, UMKM.

Padukuhan names follow the usual Javanese patterns (Krajan, Kauman, Jetis, Karanganyar, compound
names such as Karangrejo or Tegalsari, and Lor/Kidul/Wetan/Kulon halves); they are synthetic, not
the real padukuhan of any kalurahan.
"""

from __future__ import annotations

import numpy as np

from cakupan.synth.reference import synth_lists

# Word lists: cakupan/synth/data/places.csv
_L = synth_lists("places.csv")
COMMON, PREFIX, SUFFIX, HALVES = _L["COMMON"], _L["PREFIX"], _L["SUFFIX"], _L["HALVES"]
OPD, OPD_JOBS, ASN_JOBS, PERANGKAT = _L["OPD"], _L["OPD_JOBS"], _L["ASN_JOBS"], _L["PERANGKAT"]
SCHOOL_KIND, COMPANY_KIND, COMPANY_WORDS = (
    _L["SCHOOL_KIND"],
    _L["COMPANY_KIND"],
    _L["COMPANY_WORDS"],
)
UMKM_KIND, GOODS = _L["UMKM_KIND"], _L["GOODS"]


def padukuhan_names(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct padukuhan names for one kalurahan."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        u = rng.random()
        if u < 0.45:
            name = COMMON[
                min(int(rng.zipf(1.6)) - 1, len(COMMON) - 1)
                if rng.random() < 0.5
                else int(rng.integers(len(COMMON)))
            ]
        elif u < 0.92:
            name = PREFIX[int(rng.integers(len(PREFIX)))] + SUFFIX[int(rng.integers(len(SUFFIX)))]
        else:
            name = (
                COMMON[int(rng.integers(len(COMMON)))]
                + " "
                + HALVES[int(rng.integers(len(HALVES)))]
            )
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def company_names(rng: np.random.Generator, n: int) -> list[str]:
    kinds = rng.integers(len(COMPANY_KIND), size=n)
    w1 = rng.integers(len(COMPANY_WORDS), size=n)
    w2 = rng.integers(len(COMPANY_WORDS), size=n)
    return [
        f"{COMPANY_KIND[k]} {COMPANY_WORDS[a]} {COMPANY_WORDS[b]}"
        if a != b
        else f"{COMPANY_KIND[k]} {COMPANY_WORDS[a]}"
        for k, a, b in zip(kinds, w1, w2)
    ]
