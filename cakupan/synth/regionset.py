"""A region set: several kabupaten/kota (whole provinces, or a list) written as ONE synthetic region,
as a provincial or national extract would arrive: one population file, one member file, one file per
roster kind, one truth.

    synth_region_set(out=Path("/work/synth-diy"), spec="34", scale=1.0, jobs=2)

Each kabupaten is generated on its own by `synth_generate` (in `jobs` processes: memory is bounded
by the largest kabupaten, not by the set) into `out/.parts/<code>`, then the files are joined and the
parts removed. A set must not hand out one NIK or KPJ twice, so each kabupaten gets a slot
(`SynthContext`): its own band of KPJ numbers and, for NIKs with another region's prefix (people
who moved in, commuters), its own band of serials — its own kecamatan count from 1 as before. A
resident of one kabupaten may hold a NIK with another set member's prefix: the case a
region-partitioned run must handle. Sizes are each kabupaten's own (Bantul from its published
figures, the others from their desa counts: docs/synth.md), so a set is many real-sized
kabupaten, not one kabupaten made denser.
"""
from __future__ import annotations

import csv
import json
import logging
import multiprocessing
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from cakupan.errors import UserError
from cakupan.synth.generate import GENERATOR_VERSION, SynthResult, output_swap, synth_generate
from cakupan.synth.output import BOM, manifest_write
from cakupan.synth.reference import indonesia_areas

log = logging.getLogger(__name__)
# truth files that are totals by a key (summed over the set); every other CSV is concatenated
_SUMMED = {"truth/coverage_ecosystem.csv", "truth/coverage_segment.csv"}


def set_kabupaten(spec: str) -> list[str]:
    """The kabupaten/kota codes of a set: comma-separated province ("34") or kabupaten ("34.02")
    codes, in the national list's order, each once."""
    wanted = [c.strip() for c in spec.split(",") if c.strip()]
    areas = indonesia_areas()
    kab = [(code, parent) for code, _, level, parent in areas if level == "kabupaten_kota"]
    known = {code for code, _, level, _ in areas if level in ("provinsi", "kabupaten_kota")}
    unknown = [c for c in wanted if c not in known]
    if unknown or not wanted:
        raise UserError(f"Kode provinsi/kabupaten tidak dikenal: {', '.join(unknown) or spec!r} "
                        "(contoh: --region 34 atau --region 34.01,34.02).", code="synth.region")
    return [code for code, parent in kab if code in wanted or parent in wanted]


def is_set(spec: str) -> bool:
    """True when --region names more than one kabupaten (a province or a list)."""
    return "," in spec or len(spec.strip()) == 2


def _one(args: tuple) -> tuple[str, dict]:
    code, out, as_of, seed, scale, fmt, slot = args
    try:
        result = synth_generate(out=out, region=code, as_of=as_of, seed=seed, scale=scale, fmt=fmt, slot=slot)
    except ValueError as exc:  # a plan the generator cannot fill (a very small --scale for a small kota)
        raise UserError(f"Kabupaten/kota {code} tidak bisa dibangkitkan pada --scale {scale}: {exc}. "
                        "Naikkan --scale.", code="synth.scale") from None
    return code, result.summary


def synth_region_set(
    *,
    out: Path,
    spec: str,
    as_of: date = date(2023, 2, 27),
    seed: int = 1,
    scale: float = 1.0,
    fmt: str = "both",
    jobs: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
) -> SynthResult:
    codes = set_kabupaten(spec)
    t0 = time.perf_counter()

    def write(folder: Path) -> tuple[dict, dict]:
        parts = folder / ".parts"
        tasks = [(code, parts / code, as_of, seed * 10_000 + i, scale, fmt, (i, len(codes)))
                 for i, code in enumerate(codes)]
        summaries: dict[str, dict] = {}
        # spawned, not forked: a fork copies the caller's threads' locks (DuckDB, Arrow, a database
        # driver) half-held, and a forked worker of a busy process can die at its first use of them
        # (seen once as BrokenProcessPool in the test suite's PostgreSQL pass)
        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=multiprocessing.get_context("spawn")) as pool:
            for done in as_completed([pool.submit(_one, t) for t in tasks]):
                code, summary = done.result()
                summaries[code] = summary
                if progress:
                    progress("kabupaten", len(summaries), len(codes) + 1)
        ordered = [parts / code for code in codes]
        files_join(ordered, folder)
        shutil.rmtree(parts)
        summary = summary_join(spec, [summaries[c] for c in codes], as_of=as_of, seed=seed, scale=scale)
        (folder / "truth" / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n",
                                                       encoding="utf-8")
        meta = {"seed": seed, "scale": scale, "region": spec, "regions": codes, "as_of": as_of.isoformat(),
                "format": fmt, "generator_version": GENERATOR_VERSION, "history_months": 0}
        if progress:
            progress("kabupaten", len(codes) + 1, len(codes) + 1)
        return summary, manifest_write(folder, meta)

    summary, manifest = output_swap(Path(out), write)
    secs = time.perf_counter() - t0
    log.info("synth set %s (%d kabupaten) scale %s: %d residents in %.1f s", spec, len(codes), scale,
             summary["population"], secs)
    return SynthResult(out=Path(out), summary=summary, manifest=manifest, seconds=secs)


def files_join(parts: list[Path], out: Path) -> None:
    """Every data file of the first part, joined over all parts into `out` (same relative path):
    CSV concatenated under one header (and one BOM), Parquet row group by row group."""
    first = parts[0]
    for path in sorted(p for p in first.rglob("*") if p.is_file() and p.name not in ("MANIFEST.json",
                                                                                      "summary.json")):
        rel = path.relative_to(first)
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        sources = [p / rel for p in parts if (p / rel).exists()]
        if rel.as_posix() in _SUMMED:
            _csv_sum(sources, target)
        elif path.suffix == ".csv":
            _csv_concat(sources, target)
        elif path.suffix == ".parquet":
            _parquet_concat(sources, target)


def _csv_concat(sources: list[Path], target: Path) -> None:
    with target.open("wb") as dst:
        for i, src in enumerate(sources):
            with src.open("rb") as fh:
                if i:
                    head = fh.read(len(BOM))
                    if head != BOM:
                        fh.seek(0)
                    fh.readline()  # the header, once is enough
                shutil.copyfileobj(fh, dst, 16 << 20)


def _parquet_concat(sources: list[Path], target: Path) -> None:
    schema = pa.unify_schemas([pq.read_schema(s) for s in sources])
    with pq.ParquetWriter(target, schema, compression="zstd") as writer:
        for src in sources:
            pf = pq.ParquetFile(src)
            for i in range(pf.num_row_groups):
                writer.write_table(pf.read_row_group(i).cast(schema))


def _csv_sum(sources: list[Path], target: Path) -> None:
    """Truth totals by ecosystem / segment: counts summed, pct recomputed on the same base as one
    region's file (ecosystem: its own workforce; segment: the whole workforce)."""
    totals: dict[str, list[int]] = {}
    for src in sources:
        with src.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                acc = totals.setdefault(row["key"], [0, 0, 0])
                for j, col in enumerate(("workforce", "active", "nonactive")):
                    acc[j] += int(row[col])
    whole = sum(v[0] for v in totals.values())
    by_segment = target.name == "coverage_segment.csv"
    with target.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["key", "workforce", "active", "nonactive", "pct"])
        for key, (wf, act, non) in totals.items():
            base = whole if by_segment else wf
            w.writerow([key, wf, act, non, round(100 * act / base, 2) if base else 0.0])


def summary_join(spec: str, parts: list[dict], *, as_of: date, seed: int, scale: float) -> dict:
    """The set's truth summary: totals of the kabupaten's, and each kabupaten's own figures."""
    def total(key: str) -> int:
        return sum(int(p[key]) for p in parts)

    workforce, active = total("workforce"), total("active")
    expected: dict[str, int] = {}
    for p in parts:
        for reason, n in p["population_quarantine_expected"].items():
            expected[reason] = expected.get(reason, 0) + n
    return {
        "as_of": as_of.isoformat(), "region": spec, "region_name": f"Set {spec} ({len(parts)} kabupaten/kota)",
        "seed": seed, "scale": scale, "workforce": workforce, "active": active,
        "pct": round(100 * active / workforce, 2) if workforce else 0.0, "nonactive": total("nonactive"),
        "population": total("population"), "member_records": total("member_records"),
        "population_rows": total("population_rows"), "population_quarantine_expected": dict(sorted(expected.items())),
        "rosters": {k: sum(p["rosters"][k] for p in parts) for k in parts[0]["rosters"]},
        "history_months": [],
        "regions": [{k: p[k] for k in ("region", "region_name", "population", "workforce", "active", "pct",
                                       "member_records")} for p in parts],
    }
