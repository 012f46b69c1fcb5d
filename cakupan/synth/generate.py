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
from cakupan.synth.chunk import chunk_build
from cakupan.synth.context import SynthContext
from cakupan.synth.extracts import MonthlyTruth, members_at
from cakupan.synth.extracts import history_months as extract_months
from cakupan.synth.output import TableSink, manifest_write, write_csv
from cakupan.synth.outside import outside_build
from cakupan.synth.plan import plan_build, plan_part, plan_parts
from cakupan.synth.reference import (
    occupation_weights,
    occupations,
    region_reference,
    status_rules,
)
from cakupan.synth.rosters import KINDS
from cakupan.synth.truth import DirtStats, truth_write

log = logging.getLogger(__name__)
# Bumped whenever the same (seed, scale, region, as_of) would give different files, so that a
# cached output (e.g. the demo's) can tell it is stale.
GENERATOR_VERSION = 6  # 6: twins, namesakes, more name variants, truth classes, truth/twins.csv
ROSTER_DATES = {"pasar": "%d/%m/%Y", "umkm": "%d-%m-%Y"}  # other rosters: yyyy-mm-dd


@dataclass
class SynthResult:
    out: Path
    summary: dict
    manifest: dict
    seconds: float


def synth_generate(
    *,
    out: Path,
    region: str,
    as_of: date = date(2023, 2, 27),
    seed: int = 1,
    scale: float = 1.0,
    fmt: str = "both",
    progress: Callable[[str, int, int], None] | None = None,
    history_months: int = 0,
    slot: tuple[int, int] | None = None,
) -> SynthResult:
    """Write the synthetic region to `out` (layout: docs/contracts.md "Synthetic region");
    `history_months` > 0 adds that many month-end member extracts before the as-of month
    (cakupan/synth/extracts.py); `slot` (index, count): one kabupaten of a region set
    (cakupan/synth/regionset.py)."""
    if not 0 <= history_months <= 36:
        raise UserError("--history-months harus antara 0 dan 36.", code="synth.history_months")
    if fmt not in ("csv", "parquet", "both"):
        raise UserError("--format harus csv, parquet, atau both.", code="synth.format")
    t0 = time.perf_counter()
    final = Path(out)
    summary, manifest = output_swap(final, lambda out: _write(
        out, region=region, as_of=as_of, seed=seed, scale=scale, fmt=fmt, progress=progress,
        history_months=history_months, slot=slot))
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


def output_swap(final: Path, write: Callable[[Path], tuple[dict, dict]]) -> tuple[dict, dict]:
    """`write(folder)` into a hidden folder beside `final`, swapped in when it returns: a reader
    never sees a half-written region. An existing `final` is replaced only if it is synth output."""
    if final.exists() and any(final.iterdir()) and not (final / "MANIFEST.json").exists():
        raise UserError(
            f"Folder {final} tidak kosong dan bukan keluaran synth; pilih folder lain.",
            code="synth.out",
        )
    final.parent.mkdir(parents=True, exist_ok=True)
    out = final.parent / f".{final.name}.partial-{os.getpid()}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    try:
        result = write(out)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.exists():
        final.rename(old)
    out.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return result


def _write(
    out: Path, *, region: str, as_of: date, seed: int, scale: float, fmt: str, progress, history_months: int = 0,
    slot: tuple[int, int] | None = None,
) -> tuple[dict, dict]:
    plan = plan_build(region_reference(region), seed=seed, scale=scale, as_of=as_of)
    ctx = SynthContext(plan, occupations(), status_rules(), occupation_weights(), slot=slot)
    pop = TableSink(
        out / "population", fmt=fmt, delimiter=";", bom=True, date_format="%d-%m-%Y", quoting="none"
    )
    mem = TableSink(out / "members", fmt=fmt)
    months = extract_months(as_of, history_months)
    past = {m: TableSink(out / "history" / f"members-{m.isoformat()}", fmt="csv") for m in months}
    monthly = MonthlyTruth()

    def write_members(members: pa.Table, links: pa.Table | None, kalurahan: str | None, wf_nik) -> None:
        mem.write(members)
        seen = []
        for m, sink in past.items():
            then, kept = members_at(members, m)
            sink.write(then)
            if links is not None:
                seen.append((m, then, links["person_nik"].filter(kept)))
        if links is not None and months:
            monthly.add(kalurahan, [*seen, (as_of, members, links["person_nik"])], wf_nik, ctx.grace)
    links = TableSink(out / "truth" / "links", fmt="csv")
    twins = TableSink(out / "truth" / "twins", fmt="csv")
    namesakes: list[pa.Table] = []
    rosters: dict[str, list[pa.Table]] = {k: [] for k in KINDS}
    wf_parts: list = []
    niks: list = []
    n = len(plan.kalurahan)
    dirty: dict[str, int] = {}
    dirt_acc = DirtStats()
    for k in range(n):
        parts = plan_parts(plan, k)
        for part in range(parts):
            ctx.plan = plan_part(plan, k, part, parts)
            c = chunk_build(ctx, k, part)
            ctx.kpj_next = c.kpj_next
            pop.write(c.population)
            for reason, count in c.dirty.items():
                dirty[reason] = dirty.get(reason, 0) + count
            write_members(c.members, c.links, plan.kalurahan[k].code, c.wf_nik)
            links.write(c.links)
            twins.write(c.twins)
            namesakes.append(c.namesakes)
            dirt_acc.add(c.links)
            for kind, tables in c.rosters.items():
                rosters[kind].extend(tables)
            wf_parts.append((np.full(len(c.wf["status"]), k, dtype=np.int32), c.wf))
            niks.append(c.niks)
        ctx.plan = plan
        pa.default_memory_pool().release_unused()  # give freed chunk buffers back to the OS
        if progress:
            progress("kalurahan", k + 1, n + 1)
    ctx.namesakes = pa.concat_tables(namesakes)
    o_members, o_links, o_rosters, ctx.kpj_next = outside_build(ctx, n)
    ctx.namesakes = namesakes = None
    if ctx.kpj_last is not None and ctx.kpj_next > ctx.kpj_last:
        raise UserError("Nomor KPJ kabupaten ini melampaui jatahnya dalam set wilayah; perkecil --scale.",
                        code="synth.set_too_large")
    write_members(o_members, None, None, None)  # outsiders: in every month's extract, in no workforce
    links.write(o_links)
    dirt_acc.add(o_links)
    for kind, tables in o_rosters.items():
        rosters[kind].extend(tables)
    for sink in (pop, mem, links, twins, *past.values()):
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
    if months:
        wf_by_kal = dict(zip((kal.code for kal in plan.kalurahan), t["workforce_by_kalurahan"]))
        write_csv(out / "history" / "truth-monthly.csv", monthly.rows(wf_by_kal, [*months, as_of]),
                  ["month", "kalurahan_code", "workforce", "active", "new", "lapsed"])
    dirt = dirt_acc.stats(np.concatenate(niks))
    dirt["twin_pairs"] = twins.rows
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
        "history_months": [m.isoformat() for m in months],
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
        "generator_version": GENERATOR_VERSION,
        "history_months": history_months,
        **({"slot": list(slot)} if slot else {}),
    }
    return summary, manifest_write(out, meta)
