"""Benchmark: a region set (many kabupaten, e.g. Java's ~94 M residents) imported, linked and covered on
this machine, each step in its own process with its wall time and peak memory (issue 16, part 4).

    .venv/bin/cakupan synth --region 32,33,34,35 --scale 1 --jobs 2 --format parquet --out /work/synth-java
    .venv/bin/python bench/bench_scale.py --synth /work/synth-java [--memory-limit 8GB] [--reuse]

Steps (a fresh CAKUPAN_HOME under /tmp/cakupan-bench-scale/<name>/home unless --reuse):
1. areas: `cakupan wilayah load` of the national list for each code of the set;
2. imports: `cakupan import population|members|roster ...` (rows/s and peak of each);
3. floors, in the same run: a bare DuckDB `read_parquet -> COPY parquet` of the population file (the
   import floor) and a bare DuckDB join of population and members grouped by area and segment (the
   link + coverage floor);
4. link + coverage: `run_pipeline` on DuckDB (kabupaten by kabupaten: cakupan/pipeline/partition.py)
   with DuckDB's memory limit set, quality against the synth truth.
Peak memory is the child's ru_maxrss. Prints a table and writes result.json. Nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path("/tmp/cakupan-bench-scale")
CAKUPAN = ROOT / ".venv" / "bin" / "cakupan"


def _timed(cmd: list[str], env: dict, rows: int | None = None) -> dict:
    """Run cmd under /usr/bin/time: wall seconds, the command's own peak RSS (MiB), rows/s."""
    t0 = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    peak = int(proc.stderr.strip().splitlines()[-1]) / 1024
    out = {"wall": round(wall, 2), "rss_mib": round(peak), "out": proc.stdout[-300:]}
    if rows:
        out["rows_per_s"] = round(rows / wall)
    return out


def _child(kind: str, args: dict) -> dict:
    """One measured job in its own Python process (its own ru_maxrss)."""
    proc = subprocess.run([sys.executable, __file__, "--job", kind, "--args", json.dumps(args)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-3:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _rss_mib() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def job(kind: str, args: dict) -> dict:
    import duckdb

    t0 = time.perf_counter()
    if kind == "floor_import":
        con = duckdb.connect()
        con.execute(f"SET memory_limit = '{args['memory_limit']}'")
        con.execute(f"COPY (SELECT * FROM read_parquet('{args['population']}')) TO '{args['out']}' (FORMAT parquet)")
        return {"wall": time.perf_counter() - t0, "rss_mib": _rss_mib()}
    if kind == "floor_join":
        con = duckdb.connect()
        con.execute(f"SET memory_limit = '{args['memory_limit']}'")
        n = con.execute(f"""SELECT count(*) FROM (SELECT p.KODE_WILAYAH, m.SEGMEN, count(*) FROM
            read_parquet('{args['population']}') p JOIN read_parquet('{args['members']}') m ON m.NIK = p.NIK
            GROUP BY ALL)""").fetchall()[0][0]
        return {"wall": time.perf_counter() - t0, "rss_mib": _rss_mib(), "groups": n}
    # link + coverage
    os.environ["CAKUPAN_HOME"] = args["home"]
    from datetime import date

    from cakupan.home import ensure_ready

    ensure_ready()
    from cakupan.pipeline import run_pipeline
    from cakupan.pipeline.engine import DuckDBEngine
    from cakupan.pipeline.linkage import LinkSettings
    from cakupan.runs.inputs import inputs_gather, run_snapshots

    as_of = date.fromisoformat(args["as_of"])
    work = Path(args["work"])
    inputs = inputs_gather(run_dir=work, as_of=as_of, snaps=run_snapshots(as_of=as_of), truth=Path(args["truth"]))
    t0 = time.perf_counter()
    eng = DuckDBEngine(memory_limit=args["memory_limit"])
    res = run_pipeline(inputs, engine=eng, out_dir=work / "run", settings=LinkSettings(model_path=work / "model.json"))
    return {"wall": time.perf_counter() - t0, "rss_mib": _rss_mib(), "totals": res.totals, "counts": res.counts,
            "quality": res.quality, "timings": {k: v for k, v in res.timings.items()},
            "link_timings": {k: v for k, v in res.link.get("timings", {}).items() if not k.startswith("part_")},
            "parts": len([k for k in res.link.get("timings", {}) if k.startswith("part_")]),
            "largest_part_s": max([v for k, v in res.link.get("timings", {}).items() if k.startswith("part_")] or [0])}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth", type=Path, help="a cakupan synth output (default: DIY's five kabupaten at "
                    "scale 1, written once under /tmp/cakupan-bench-scale)")
    ap.add_argument("--memory-limit", default="8GB", help="DuckDB's memory limit in every step")
    ap.add_argument("--import-memory", default="4GB", help="CAKUPAN_IMPORT_MEMORY for the imports (the default "
                    "512MB holds 10x; the 94 M-row file of Java needs more)")
    ap.add_argument("--reuse", action="store_true", help="keep an earlier import of the same synth output")
    ap.add_argument("--job")
    ap.add_argument("--args")
    a = ap.parse_args()
    if a.job:
        print(json.dumps(job(a.job, json.loads(a.args)), default=str))
        return
    synth = (a.synth or _default_synth()).resolve()
    manifest = json.loads((synth / "MANIFEST.json").read_text())
    summary = json.loads((synth / "truth" / "summary.json").read_text())
    base = WORK / synth.name
    home = base / "home"
    marker = home / "imported.json"
    env = {**os.environ, "CAKUPAN_HOME": str(home), "CAKUPAN_IMPORT_MEMORY": a.import_memory}
    result: dict = {"synth": str(synth), "population": summary["population"], "members": summary["member_records"],
                    "kabupaten": len(summary.get("regions", [])) or 1, "memory_limit": a.memory_limit,
                    "import_memory": a.import_memory, "steps": {}}
    data = {name: synth / f"{name}.parquet" for name in ("population", "members")}
    if not (a.reuse and marker.exists() and json.loads(marker.read_text()).get("manifest") == manifest["files"]):
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True)
        from cakupan.core.reference import NATIONAL_WILAYAH

        for code in str(manifest["region"]).split(","):
            result["steps"][f"areas {code}"] = _timed([str(CAKUPAN), "wilayah", "load", str(NATIONAL_WILAYAH),
                                                       "--region", code], env)
        as_of = manifest["as_of"]
        rows = {"population": summary["population_rows"], "members": summary["member_records"]}
        for kind in ("population", "members"):
            result["steps"][f"import {kind}"] = _timed(
                [str(CAKUPAN), "import", kind, str(data[kind]), "--as-of", as_of], env, rows[kind])
        for path in sorted((synth / "rosters").glob("*.parquet")):
            result["steps"][f"import roster {path.stem}"] = _timed(
                [str(CAKUPAN), "import", "roster", path.stem, str(path), "--as-of", as_of], env)
        marker.write_text(json.dumps({"manifest": manifest["files"]}))
    common = {"memory_limit": a.memory_limit, "population": str(data["population"]), "members": str(data["members"])}
    result["floor_import"] = _child("floor_import", {**common, "out": str(base / "floor.parquet")})
    result["floor_join"] = _child("floor_join", common)
    shutil.rmtree(base / "work", ignore_errors=True)
    result["link_coverage"] = _child("link", {**common, "home": str(home), "as_of": manifest["as_of"],
                                              "work": str(base / "work"), "truth": str(synth / "truth" / "links.csv")})
    (base / "result.json").write_text(json.dumps(result, indent=2, default=str))
    _print(result, summary)


def _default_synth() -> Path:
    out = WORK / "synth-diy"
    if not (out / "MANIFEST.json").exists():
        print(f"[bench] writing the DIY region set to {out} (once, not timed)", file=sys.stderr)
        subprocess.run([str(CAKUPAN), "synth", "--region", "34", "--scale", "1", "--jobs", "2", "--format", "parquet",
                        "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def _print(r: dict, summary: dict) -> None:
    print(f"\n{r['synth']}: {r['population']:,} residents, {r['members']:,} member records, {r['kabupaten']} kabupaten")
    for name, step in r["steps"].items():
        rate = f"  {step['rows_per_s']:>10,} rows/s" if "rows_per_s" in step else ""
        print(f"  {name:<32} {step['wall']:>9.1f} s  peak {step['rss_mib']:>7,} MiB{rate}")
    for name in ("floor_import", "floor_join", "link_coverage"):
        s = r[name]
        if "error" in s:
            print(f"  {name:<32} ERROR {s['error']}")
            continue
        print(f"  {name:<32} {s['wall']:>9.1f} s  peak {s['rss_mib']:>7,} MiB")
    fi, pop = r["floor_import"], r["steps"].get("import population")
    if pop and "error" not in fi:
        print(f"  import population / floor: {pop['wall'] / fi['wall']:.1f}×")
    lc, fj = r["link_coverage"], r["floor_join"]
    if "error" not in lc and "error" not in fj:
        print(f"  link + coverage / floor join: {lc['wall'] / fj['wall']:.1f}×; kabupaten linked: {lc['parts']}, "
              f"largest {lc['largest_part_s']:.1f} s")
        print(f"  totals {lc['totals']} (truth workforce {summary['workforce']:,}, active {summary['active']:,})")
        q = lc.get("quality") or {}
        print(f"  quality overall {q.get('overall')}; missed by exact NIK {q.get('missed_by_exact')}")


if __name__ == "__main__":
    main()
