"""`synth_generate`: the whole synthetic region, chunk by chunk (one kalurahan at a time), in
bounded memory, byte-for-byte reproducible from (seed, scale, region, as-of)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa

from cakupan.errors import UserError
from cakupan.synth import places
from cakupan.synth.chunk import chunk_build
from cakupan.synth.history import history_write
from cakupan.synth.nikgen import SerialAllocator, prefix_int
from cakupan.synth.output import TableSink, manifest_write
from cakupan.synth.outside import outside_build
from cakupan.synth.plan import plan_build
from cakupan.synth.reference import (
    indonesia_areas,
    occupation_weights,
    occupations,
    region_reference,
    status_rules,
)
from cakupan.synth.rosters import KINDS
from cakupan.synth.truth import truth_write

log = logging.getLogger(__name__)
ROSTER_DATES = {"pasar": "%d/%m/%Y", "umkm": "%d-%m-%Y"}  # other rosters: yyyy-mm-dd


@dataclass
class SynthResult:
    out: Path
    summary: dict
    manifest: dict
    seconds: float


class _Context:
    def __init__(self, plan, occ, grace, weights):
        self.plan, self.occ, self.grace, self.weights = plan, occ, grace, weights
        self.allowed = {c for c, o in occ.items() if o.in_workforce and not o.excluded}
        self.excluded_codes = {c for c, o in occ.items() if o.excluded}
        self.serials = SerialAllocator()
        self.kk_serials = SerialAllocator()
        self.kpj_next = 1
        ref = plan.ref
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


def synth_generate(
    *,
    out: Path,
    region: str = "34.02",
    as_of: date = date(2023, 2, 27),
    seed: int = 1,
    scale: float = 1.0,
    fmt: str = "both",
    progress: Callable[[str, int, int], None] | None = None,
) -> SynthResult:
    """Write the synthetic region to `out` (layout: docs/contracts.md "Synthetic region")."""
    if fmt not in ("csv", "parquet", "both"):
        raise UserError("--format harus csv, parquet, atau both.", code="synth.format")
    t0 = time.perf_counter()
    final = Path(out)
    if final.exists() and any(final.iterdir()) and not (final / "MANIFEST.json").exists():
        raise UserError(
            f"Folder {final} tidak kosong dan bukan keluaran synth; pilih folder lain.",
            code="synth.out",
        )
    # Written beside the target and swapped in at the end: readers never see a half-written region.
    final.parent.mkdir(parents=True, exist_ok=True)
    out = final.parent / f".{final.name}.partial-{os.getpid()}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    try:
        summary, manifest = _write(
            out, region=region, as_of=as_of, seed=seed, scale=scale, fmt=fmt, progress=progress
        )
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        final.rename(old)
    out.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    secs = time.perf_counter() - t0
    log.info(
        "synth %s scale %s: %d residents, workforce %d, active %d in %.1f s",
        region,
        scale,
        summary["population"],
        summary["workforce"],
        summary["active"],
        secs,
    )
    return SynthResult(out=final, summary=summary, manifest=manifest, seconds=secs)


def _write(
    out: Path, *, region: str, as_of: date, seed: int, scale: float, fmt: str, progress
) -> tuple[dict, dict]:
    plan = plan_build(region_reference(region), seed=seed, scale=scale, as_of=as_of)
    ctx = _Context(plan, occupations(), status_rules(), occupation_weights())
    pop = TableSink(
        out / "population", fmt=fmt, delimiter=";", bom=True, date_format="%d-%m-%Y", quoting="none"
    )
    mem = TableSink(out / "members", fmt=fmt)
    links = TableSink(out / "truth" / "links", fmt="csv")
    rosters: dict[str, list[pa.Table]] = {k: [] for k in KINDS}
    wf_parts, niks, pk_active = (
        [],
        [],
        np.zeros((len(plan.sites), len(plan.kalurahan)), dtype=np.int64),
    )
    n = len(plan.kalurahan)
    dirty: dict[str, int] = {}
    dirt_acc = _Dirt()
    for k in range(n):
        c = chunk_build(ctx, k)
        ctx.kpj_next = c.kpj_next
        pop.write(c.population)
        for reason, count in c.dirty.items():
            dirty[reason] = dirty.get(reason, 0) + count
        mem.write(c.members)
        links.write(c.links)
        dirt_acc.add(c.links)
        for kind, tables in c.rosters.items():
            rosters[kind].extend(tables)
        wf_parts.append((np.full(len(c.wf["status"]), k, dtype=np.int32), c.wf))
        niks.append(c.niks)
        for s, v in c.pk_active.items():
            pk_active[s, k] = v
        if progress:
            progress("kalurahan", k + 1, n + 1)
    o_members, o_links, o_rosters, ctx.kpj_next = outside_build(ctx, n)
    mem.write(o_members)
    links.write(o_links)
    dirt_acc.add(o_links)
    for kind, tables in o_rosters.items():
        rosters[kind].extend(tables)
    for sink in (pop, mem, links):
        sink.close()
    if progress:
        progress("kalurahan", n + 1, n + 1)
    roster_rows = {}
    for kind in KINDS:
        tables = [t for t in rosters[kind] if t.num_rows] or rosters[kind][:1]
        sink = TableSink(
            out / "rosters" / kind, fmt=fmt, date_format=ROSTER_DATES.get(kind, "%Y-%m-%d")
        )
        if tables:
            sink.write(pa.concat_tables(tables))
        sink.close()
        roster_rows[kind] = sink.rows
    kal_idx = np.concatenate([p[0] for p in wf_parts])
    status = np.concatenate([p[1]["status"] for p in wf_parts])
    seg = np.concatenate([p[1]["seg"] for p in wf_parts])
    eco = np.concatenate([p[1]["eco"] for p in wf_parts])
    t = truth_write(out / "truth", plan=plan, kal_idx=kal_idx, status=status, seg=seg, eco=eco)
    pk_cov = np.where(pk_active > 0, pk_active, np.round(plan.site_quota * 0.97).astype(np.int64))
    for s, site in enumerate(plan.sites):
        if site.start <= as_of:
            pk_cov[s] = pk_active[s]
    history_write(
        out / "history" / "monthly.csv",
        plan=plan,
        wf_k=t["workforce_by_kalurahan"],
        act_seg=t["active_by_kalurahan_segment"],
        pk_workers=pk_cov,
    )
    dirt = dirt_acc.stats(np.concatenate(niks))
    summary = {
        "as_of": as_of.isoformat(),
        "region": plan.ref.code,
        "region_name": plan.ref.name,
        "seed": seed,
        "scale": scale,
        "workforce": t["workforce"],
        "active": t["active"],
        "pct": t["pct"],
        "nonactive": t["nonactive"],
        "population": int(plan.population.sum()),
        "member_records": mem.rows,
        "population_rows": pop.rows,
        "population_quarantine_expected": {k: v for k, v in sorted(dirty.items()) if v},
        "rosters": roster_rows,
        "target_pct": 40.0,
        "target_date": f"{as_of.year}-12-31",
        "dirt": dirt,
        "padat_karya_sites": len(plan.sites),
        "markets": len(plan.markets),
        "perangkat_not_covered_kalurahan": int((~plan.perangkat_covered).sum()),
        "sources": plan.ref.sources,
    }
    (out / "truth" / "summary.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    meta = {
        "seed": seed,
        "scale": scale,
        "region": plan.ref.code,
        "as_of": as_of.isoformat(),
        "format": fmt,
    }
    return summary, manifest_write(out, meta)


class _Dirt:
    """Dirt counts accumulated chunk by chunk (no re-reading of links.csv)."""

    KINDS = ("missing", "digit", "swap", "excel")

    def __init__(self) -> None:
        self.counts = dict.fromkeys(self.KINDS, 0)
        self.records = self.name_variant = self.birthdate_swapped = 0
        self.typos: list[np.ndarray] = []

    def add(self, links: pa.Table) -> None:
        kind = links["nik_dirt"].to_numpy(zero_copy_only=False)
        for k in self.KINDS:
            self.counts[k] += int((kind == k).sum())
        self.records += links.num_rows
        self.name_variant += int(np.sum(links["name_variant"].to_numpy(zero_copy_only=False)))
        self.birthdate_swapped += int(
            np.sum(links["birthdate_swapped"].to_numpy(zero_copy_only=False))
        )
        given = links["nik_given"].to_numpy(zero_copy_only=False)[np.isin(kind, ["digit", "swap"])]
        self.typos.append(
            np.array([int(g) if g.isdigit() and len(g) == 16 else -1 for g in given], np.int64)
        )

    def stats(self, pop_niks: np.ndarray) -> dict:
        typos = np.concatenate(self.typos) if self.typos else np.empty(0, np.int64)
        hits = int(np.isin(typos, pop_niks).sum())
        return {
            **self.counts,
            "records": self.records,
            "mistyped_hitting_other_person": hits,
            "mistyped_hit_rate": round(hits / max(1, len(typos)), 4),
            "name_variant": self.name_variant,
            "birthdate_swapped": self.birthdate_swapped,
        }
