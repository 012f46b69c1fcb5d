"""The generation context shared by all chunks (built once per run)."""

from __future__ import annotations

import numpy as np

from cakupan.synth import places
from cakupan.errors import UserError
from cakupan.synth.nikgen import SET_FOREIGN_FIRST, SerialAllocator, prefix_int
from cakupan.synth.reference import indonesia_areas


def serial_band(index: int, count: int) -> tuple[int, int]:
    """(first, last) NIK serial for other regions' prefixes of the `index`-th of `count` kabupaten."""
    width = (9999 - SET_FOREIGN_FIRST + 1) // count
    if width < 8:
        raise UserError(f"Satu set wilayah paling banyak {(9999 - SET_FOREIGN_FIRST + 1) // 8} kabupaten.",
                        code="synth.set_too_large")
    first = SET_FOREIGN_FIRST + index * width
    return first, first + width - 1


def kpj_band(count: int) -> int:
    """KPJ numbers per kabupaten of a set of `count` (a KPJ is yy * 10^9 + a running number)."""
    return 10**9 // count


class SynthContext:
    """What every chunk shares: the plan, the mapping, the NIK/KK serial allocators, the KPJ
    counter, NIK prefixes of other regions and the employers."""

    def __init__(self, plan, occ, grace, weights, slot: tuple[int, int] | None = None):
        """`slot` (index, count): this kabupaten's place in a region set (`regionset.py`): its
        own bands of NIK serials for other regions' prefixes and of KPJ numbers."""
        self.plan, self.occ, self.grace, self.weights = plan, occ, grace, weights
        self.allowed = {c for c, o in occ.items() if o.in_workforce and not o.excluded}
        self.excluded_codes = {c for c, o in occ.items() if o.excluded}
        ref = plan.ref
        local = frozenset(prefix_int(c) for c in ref.kapanewon)
        self.serials = SerialAllocator(local=local, band=slot and serial_band(*slot))
        self.kk_serials = SerialAllocator()
        self.namesakes = None  # residents the outsiders may share a name with (set before outside.py)
        self.kpj_next = 1 if slot is None else 1 + slot[0] * kpj_band(slot[1])
        self.kpj_last = None if slot is None else (slot[0] + 1) * kpj_band(slot[1])
        self.home_place = ref.name.replace("Kabupaten ", "").replace("Kota ", "").upper()
        self.local_prefixes = np.array([prefix_int(c) for c in ref.kapanewon], dtype=np.int64)
        self.region_codes = np.array([k.code for k in ref.kalurahan], dtype=object)
        areas = indonesia_areas()
        kec = [(c, p) for c, _, lvl, p in areas if lvl == "kecamatan" and p != ref.code]
        prov = ref.code[:2]
        weight = np.array(
            [0.55 if p[:2] == prov else 0.30 if p[0] == prov[0] else 0.15 for _, p in kec]
        )
        per_kab: dict[str, int] = {}
        for _, p in kec:
            per_kab[p] = per_kab.get(p, 0) + 1
        bucket = {}
        for (_, p), w in zip(kec, weight):
            bucket[w] = bucket.get(w, 0) + 1 / per_kab[p]
        w = np.array([w / bucket[w] / per_kab[p] for (_, p), w in zip(kec, weight)])
        self.other_prefixes = np.array([prefix_int(c) for c, _ in kec], dtype=np.int64)
        self.other_weights = w / w.sum()
        self.neighbour_prefixes = np.array(
            [prefix_int(c) for c, p in kec if p[:2] == prov]
            or [prefix_int(c) for c, _ in kec[:50]],
            dtype=np.int64,
        )
        self._desa: dict[int, list[str]] = {}
        for c, _, lvl, p in areas:
            if lvl == "desa_kelurahan":
                self._desa.setdefault(prefix_int(p), []).append(c)
        rng = np.random.default_rng([plan.seed, 10**6, 5])
        n_emp = max(30, round(4000 * plan.scale))
        self.employers = (
            np.array(
                [f"{int(x):08d}" for x in rng.choice(10**8, n_emp, replace=False)], dtype=object
            ),
            np.array(places.company_names(rng, n_emp), dtype=object),
        )

    def desa_of(self, prefix: int, rng) -> str | None:
        desa = self._desa.get(prefix)
        return desa[int(rng.integers(len(desa)))] if desa else None
