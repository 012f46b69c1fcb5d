"""Benchmark of the whole pipeline (staging -> linkage -> marts), publishing, Spark, and a floor.

    .venv/bin/python bench/bench_pipeline.py                 # /work/synth-bantul (+ /work/synth-10x if present)
    .venv/bin/python bench/bench_pipeline.py --synth DIR ... # other `cakupan synth` directories

Per synthetic region: the extracts are imported once with `cakupan import` into a bench
CAKUPAN_HOME (not timed); then each job runs in its own process, so wall time and peak memory
(ru_maxrss, plus the JVMs' VmHWM for Spark) belong to that job alone:
  train    run_pipeline on DuckDB, model trained and saved        (link + coverage)
  saved    run_pipeline on DuckDB with the saved model            (link + coverage)
  floor    a bare DuckDB NIK join + group-by on the same snapshot files
  publish  runs.services.run_publish of the `saved` run into SQLite (Django, separately)
  spark    run_pipeline on Spark with the saved model: $CAKUPAN_SPARK_MASTER, else
           local-cluster[2,1,1024] (two executor JVMs of 1 GiB), driver $CAKUPAN_SPARK_DRIVER_MEMORY
           else 1g; the peak of every Spark process (driver JVM, executor JVMs, Python workers), apart
Wall time is the call itself (interpreter start and imports are reported apart as `startup`).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(os.environ.get("CAKUPAN_BENCH_WORK", "/tmp/cakupan-bench"))
T_START = time.perf_counter()


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _descendants_hwm_mib() -> dict[str, float]:
    """Peak RSS (VmHWM) of this process's live descendants, by pid: the Spark driver JVM and, in
    local-cluster mode, the executor JVMs it launches (and their Python workers)."""
    parent, hwm = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent[stat.parent.name] = stat.read_text().split(") ")[1].split()[1]
            for line in (stat.parent / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    hwm[stat.parent.name] = int(line.split()[1]) / 1024
        except (OSError, IndexError):
            continue
    mine, todo = {}, [str(os.getpid())]
    while todo:
        pid = todo.pop()
        for child, par in parent.items():
            if par == pid and child not in mine:
                mine[child] = round(hwm.get(child, 0.0), 1)
                todo.append(child)
    return mine


def _cakupan(home: Path, *args: str) -> None:
    env = {**os.environ, "CAKUPAN_HOME": str(home)}
    subprocess.run([str(ROOT / ".venv" / "bin" / "cakupan"), *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def prepare(synth: Path) -> dict:
    """Import the synthetic extracts once into WORK/<name>/home; returns the pipeline inputs."""
    manifest = json.loads((synth / "MANIFEST.json").read_text())
    as_of = manifest["as_of"]
    home = WORK / synth.name / "home"
    marker = home / "imported.json"
    if not marker.exists() or json.loads(marker.read_text()).get("manifest") != manifest:
        home.mkdir(parents=True, exist_ok=True)
        print(f"[bench] importing {synth} into {home} (once, not timed)", file=sys.stderr)
        _cakupan(home, "import", "population", str(_data_file(synth, "population")), "--as-of", as_of)
        _cakupan(home, "import", "members", str(_data_file(synth, "members")), "--as-of", as_of)
        for kind in sorted({p.stem for p in (synth / "rosters").glob("*.*")}):
            _cakupan(home, "import", "roster", kind, str(_data_file(synth / "rosters", kind)), "--as-of", as_of)
        marker.write_text(json.dumps({"manifest": manifest}))

    def latest(kind: str) -> str:
        files = [p for p in (home / "snapshots" / kind).glob("*.parquet") if not p.name.endswith(".quarantine.parquet")]
        return str(max(files, key=lambda p: int(p.stem)))

    rosters = {d.name.removeprefix("roster-"): latest(d.name) for d in (home / "snapshots").glob("roster-*")}
    from cakupan.core.reference import region_dir

    region = region_dir(manifest.get("region", "34.02"))  # the pipeline has no default areas
    if region is None:
        raise SystemExit(f"no shipped areas for region {manifest.get('region')}: pass them to the bench")
    return {
        "areas": str(region / "wilayah.csv"),
        "home": str(home), "as_of": as_of, "population": latest("population"), "members": latest("members"),
        "rosters": rosters, "truth": str(synth / "truth" / "links.csv"), "scale": manifest.get("scale", 1), "summary": str(synth / "truth" / "summary.json"),
    }


def _data_file(synth: Path, name: str) -> Path:
    """The Parquet copy when the generator wrote one (same columns, much faster to import)."""
    pq = synth / f"{name}.parquet"
    return pq if pq.exists() else synth / f"{name}.csv"


def job(kind: str, inputs: dict, work: Path) -> dict:
    """One measured job (runs in a child process); returns its figures."""
    from datetime import date

    startup = time.perf_counter() - T_START
    if kind == "floor":
        import duckdb

        con = duckdb.connect()
        t0 = time.perf_counter()
        rows = con.execute(f"""
            SELECT p.kode_wilayah, m.segmen, count(*) AS n
            FROM read_parquet('{inputs['population']}') p
            JOIN read_parquet('{inputs['members']}') m ON m.nik = p.nik
            GROUP BY ALL""").fetchall()
        return {"wall": time.perf_counter() - t0, "rss_mib": _rss_mib(), "groups": len(rows), "startup": startup}
    if kind == "publish":
        os.environ["CAKUPAN_HOME"] = inputs["home"]
        from cakupan.home import ensure_ready

        ensure_ready()
        from cakupan.runs.services import run_publish

        t0 = time.perf_counter()
        run = run_publish(run_dir=work / "saved", as_of=date.fromisoformat(inputs["as_of"]), engine="duckdb",
                          summary={"bench": True})
        return {"wall": time.perf_counter() - t0, "rss_mib": _rss_mib(), "persons": run.summary["published"]["persons"],
                "startup": startup}
    from cakupan.pipeline import PipelineInputs, run_pipeline
    from cakupan.pipeline.linkage import LinkSettings

    engine = "spark" if kind == "spark" else "duckdb"
    eng = engine
    if engine == "spark":
        from cakupan.pipeline.engine import SparkEngine

        t_jvm = time.perf_counter()
        # the driver holds no population any more (the linkage runs on the executors): 1 GiB
        eng = SparkEngine(master=os.environ.get("CAKUPAN_SPARK_MASTER") or "local-cluster[2,1,1024]",
                          driver_memory=os.environ.get("CAKUPAN_SPARK_DRIVER_MEMORY") or "1g")
        startup += time.perf_counter() - t_jvm
    pin = PipelineInputs(
        population=Path(inputs["population"]), members=Path(inputs["members"]), as_of=date.fromisoformat(inputs["as_of"]),
        rosters={k: Path(v) for k, v in inputs["rosters"].items()}, truth=Path(inputs["truth"]),
        areas=Path(inputs["areas"]),
    )
    settings = LinkSettings(model_path=work / "model.json", retrain=kind == "train")
    t0 = time.perf_counter()
    res = run_pipeline(pin, engine=eng, out_dir=work / kind, settings=settings)
    wall = time.perf_counter() - t0
    out = {"wall": wall, "rss_mib": _rss_mib(), "startup": startup, "totals": res.totals, "counts": res.counts,
           "quality": res.quality, "timings": res.timings, "link": res.link}
    if engine == "spark":
        jvms = _descendants_hwm_mib()
        out["jvm_hwm_mib"] = sum(jvms.values())
        out["jvm_hwm_by_pid_mib"] = jvms
        out["master"] = eng.spark.sparkContext.master
    return out


def _child(kind: str, inputs: dict, work: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--job", kind, "--inputs", json.dumps(inputs), "--work", str(work)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_region(synth: Path, *, spark: bool = True) -> dict:
    inputs = prepare(synth)
    work = WORK / synth.name / "runs"
    work.mkdir(parents=True, exist_ok=True)
    results = {"region": synth.name, "as_of": inputs["as_of"], "scale": inputs["scale"], "load_before": os.getloadavg()}
    jobs = ["floor", "train", "saved", "publish"] + (["spark"] if spark else [])
    for kind in jobs:
        print(f"[bench] {synth.name}: {kind}", file=sys.stderr)
        results[kind] = _child(kind, inputs, work)
    results["load_after"] = os.getloadavg()
    summary = Path(inputs["summary"])
    results["truth"] = json.loads(summary.read_text()) if summary.exists() else {}
    return results


def _fmt_s(x) -> str:
    return "–" if x is None else f"{x:.2f} s"


def _targets(scale: float) -> dict[str, str]:
    """The issue's targets for link + coverage by the region's size (issue 4: Bantul, 10×, 100×)."""
    if scale >= 100:
        return {"floor": "", "train": "≤ 120 s, ≤ 12 GiB", "saved": "≤ 120 s, ≤ 12 GiB", "publish": "", "spark": ""}
    if scale >= 10:
        return {"floor": "", "train": "≤ 15 s", "saved": "≤ 15 s", "publish": "", "spark": ""}
    return {"floor": "", "train": "≤ 3 s, ≤ 1 GiB", "saved": "≤ 1 s, ≤ 1 GiB", "publish": "≤ 10 s", "spark": ""}


def table(r: dict) -> str:
    """A Markdown table: each figure beside the floor measured in the same run."""
    floor = (r.get("floor") or {}).get("wall")
    load = ""
    if r.get("load_before"):
        load = f"; load average {r['load_before'][0]:.1f} before, {r['load_after'][0]:.1f} after (2 cores)"
    lines = [f"### {r['region']} (as of {r['as_of']}{load})", "",
             "| job | wall | × floor | peak RSS | startup | target |", "|---|---|---|---|---|---|"]
    targets = _targets(r.get("scale", 1))
    labels = {"floor": "floor: bare DuckDB NIK join + group-by", "train": "link + coverage, training the model",
              "saved": "link + coverage, saved model", "publish": "publish to SQLite (PersonStatus etc.)",
              "spark": "link + coverage on Spark (local-cluster[2,1,1024], driver 1 GiB), saved model"}
    for kind, label in labels.items():
        j = r.get(kind)
        if not j:
            continue
        if "error" in j:
            lines.append(f"| {label} | failed: {' '.join(j['error'])} | | | | {targets[kind]} |")
            continue
        ratio = f"{j['wall'] / floor:.1f}×" if floor and kind != "floor" else ""
        rss = f"{j['rss_mib']:.0f} MiB" + (f" + JVM {j['jvm_hwm_mib']:.0f} MiB" if j.get("jvm_hwm_mib") else "")
        lines.append(f"| {label} | {_fmt_s(j['wall'])} | {ratio} | {rss} | {_fmt_s(j.get('startup'))} | {targets[kind]} |")
    saved = r.get("saved") or {}
    if saved.get("timings"):
        lines += ["", _breakdown(saved)]
    q = saved.get("quality") or {}
    if q:
        o, m, e = q.get("overall", {}), q.get("missed_by_exact", {}), q.get("exact_check", {})
        lines += ["", "| linkage quality (saved model) | value | target |", "|---|---|---|",
                  f"| precision, all links | {o.get('precision')} | |",
                  f"| recall, all members with a true person | {o.get('recall')} | |",
                  f"| precision on members exact NIK missed | {m.get('precision')} | ≥ 0.998 |",
                  f"| recall on members exact NIK missed | {m.get('recall')} | ≥ 0.99 |",
                  f"| wrong exact matches after the check | {e.get('wrong_rate_after')} | ≤ 0.0005 |"]
    t, truth = saved.get("totals") or {}, r.get("truth") or {}
    if t:
        pct = round(100 * t["active"] / t["workforce"], 2) if t.get("workforce") else 0
        line = f"kabupaten: {t['active']:,} / {t['workforce']:,} = {pct} %"
        if truth.get("active"):
            dev = 100 * (t["active"] - truth["active"]) / truth["active"]
            line += f" (truth {truth['active']:,} / {truth.get('workforce', 0):,}; covered count off by {dev:+.3f} %)"
        lines += ["", line]
    return "\n".join(lines)


def _breakdown(job: dict) -> str:
    """Where the saved-model run's time went, by phase (from run_pipeline's own timings)."""
    t, lk = job["timings"], (job.get("link") or {}).get("timings") or {}
    staging = sum(v for k, v in t.items() if k.startswith("stg_")) + t.get("register", 0)
    marts = {k: v for k, v in t.items() if k.startswith("int_") or k in ("person_status", "coverage", "roster_status")}
    link = ", ".join(f"{k} {v:.2f}" for k, v in lk.items() if v)
    return (f"Saved-model run by phase: inputs + staging checks {staging:.2f} s; linkage {t.get('linkage', 0):.2f} s"
            f" ({link}); marts {sum(marts.values()):.2f} s (person_status {t.get('person_status', 0):.2f},"
            f" roster_status {t.get('roster_status', 0):.2f}, coverage {t.get('coverage', 0):.2f});"
            f" other outputs + quality report {t.get('write', 0):.2f} s.")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth", type=Path, nargs="*", default=None)
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--job"), ap.add_argument("--inputs"), ap.add_argument("--work", type=Path)
    a = ap.parse_args()
    if a.job:
        print(json.dumps(job(a.job, json.loads(a.inputs), a.work), default=str))
        return
    dirs = a.synth or [p for p in (Path("/work/synth-bantul"), Path("/work/synth-10x")) if p.exists()]
    if not dirs:
        print("bench_pipeline: no synthetic region; make one with `cakupan synth --region 34.02 --scale 1 --out /work/synth-bantul`")
        return
    sys.path.insert(0, str(Path(__file__).parent))
    for d in dirs:
        res = bench_region(d, spark=not a.no_spark)
        (WORK / f"pipeline-{d.name}.json").write_text(json.dumps(res, indent=2, default=str))
        print(table(res))


if __name__ == "__main__":
    main()
