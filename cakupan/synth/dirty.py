"""Dirty rows of the population extract: rows an import must quarantine."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from cakupan.synth.nikgen import nik_int

DIRTY_ROWS = 0.001  # extra population rows per resident that an import must quarantine


def dirty_rows(ctx, k: int, population: pa.Table, rng) -> tuple[pa.Table, dict[str, int]]:
    """Rows that are not residents of the snapshot: a spreadsheet-mangled, legacy (15-digit) or
    blank NIK, the same NIK twice (both copies quarantined), an unknown kalurahan code. Copies of
    real rows with a fresh identity (NIK from the shared allocator), so no truth depends on them."""
    n = int(rng.binomial(population.num_rows, DIRTY_ROWS))
    if not n:
        return population, {}
    src = population.take(pa.array(rng.integers(population.num_rows, size=n)))
    kind = rng.choice(5, size=n, p=[0.2, 0.15, 0.1, 0.35, 0.2])
    pre = np.full(n, int(ctx.plan.kalurahan[k].kapanewon.replace(".", "")), dtype=np.int64)
    dcode = np.array([int(x[6:12]) for x in src["NIK"].to_pylist()], dtype=np.int64)
    nik = nik_int(pre, dcode, ctx.serials.allocate(rng, pre, dcode)).astype(str).astype(object)
    nik[kind == 0] = [f"{int(v):.5E}".replace(".00000", "") for v in nik[kind == 0]]
    nik[kind == 1] = [v[:15] for v in nik[kind == 1]]
    nik[kind == 2] = ""
    kode = np.array(src["KODE_WILAYAH"].to_pylist(), dtype=object)
    kode[kind == 4] = ctx.plan.kalurahan[k].kapanewon + ".2999"
    i_kode = src.schema.get_field_index("KODE_WILAYAH")
    bad = src.set_column(0, "NIK", pa.array(nik, pa.string()))
    bad = bad.set_column(i_kode, "KODE_WILAYAH", pa.array(kode, pa.string()))
    reasons = {
        "nik.spreadsheet_mangled": int((kind == 0).sum()),
        "nik.length": int((kind == 1).sum()),
        "nik.missing": int((kind == 2).sum()),
        "nik.duplicate": 2 * int((kind == 3).sum()),
        "wilayah.unknown": int((kind == 4).sum()),
    }
    return pa.concat_tables([population, bad, bad.filter(pa.array(kind == 3))]), reasons
