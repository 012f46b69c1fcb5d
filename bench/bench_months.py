"""A year of months on the synthetic Bantul: synth with 12 month-end extracts, import the
population and rosters, `cakupan backfill` the months, publish the as-of month, then compare every
month's published stock and flows with the synth's truth (history/truth-monthly.csv).

    .venv/bin/python bench/bench_months.py                  # scale 1, 12 months
    .venv/bin/python bench/bench_months.py --scale 0.1 --months 6

Prints one row per month: active (run / truth), new + re-activated (run) against truth new, lapsed
+ left (run) against truth lapsed, and whether the identity holds on every flow row; then the wall
time of the backfill per month beside its floor (a bare DuckDB read of that month's extract).
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("CAKUPAN_BENCH_WORK", "/tmp/cakupan-bench-months"))


def _cakupan(home: Path, *args: str, capture: bool = False) -> str:
    env = {**os.environ, "CAKUPAN_HOME": str(home)}
    out = subprocess.run([str(ROOT / ".venv" / "bin" / "cakupan"), *args], env=env, check=True,
                         stdout=subprocess.PIPE if capture else subprocess.DEVNULL, text=True)
    return out.stdout if capture else ""


def _truth(synth: Path) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r in csv.DictReader((synth / "history" / "truth-monthly.csv").open(encoding="utf-8")):
        t = out.setdefault(r["month"], {"active": 0, "new": None, "lapsed": None})
        t["active"] += int(r["active"])
        if r["new"] != "":
            t["new"] = (t["new"] or 0) + int(r["new"])
            t["lapsed"] = (t["lapsed"] or 0) + int(r["lapsed"])
    return out


def _floor(path: Path) -> float:
    import duckdb

    t0 = time.perf_counter()
    duckdb.sql(f"SELECT count(*), count(DISTINCT KPJ) FROM read_csv('{path}', all_varchar = true)").fetchall()
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--months", type=int, default=12)
    a = ap.parse_args()
    synth = WORK / f"synth-s{a.scale:g}-m{a.months}"
    home = WORK / f"home-s{a.scale:g}-m{a.months}"
    subprocess.run(["rm", "-rf", str(home)], check=True)
    t0 = time.perf_counter()
    if not (synth / "MANIFEST.json").exists():
        _cakupan(WORK, "synth", "--region", "34.02", "--scale", str(a.scale), "--history-months", str(a.months), "--format", "csv",
                 "--out", str(synth))
    t_synth = time.perf_counter() - t0
    summary = json.loads((synth / "truth" / "summary.json").read_text())
    as_of = summary["as_of"]
    _cakupan(home, "import", "population", str(synth / "population.csv"), "--as-of", as_of)
    for kind in ("asn", "opd", "padat_karya", "pasar", "umkm", "guru", "perangkat_desa"):
        path = synth / "rosters" / f"{kind}.csv"
        if path.exists():
            _cakupan(home, "import", "roster", kind, str(path), "--as-of", as_of)
    t0 = time.perf_counter()
    _cakupan(home, "backfill", str(synth / "history"))
    t_backfill = time.perf_counter() - t0
    _cakupan(home, "import", "members", str(synth / "members.csv"), "--as-of", as_of)
    t0 = time.perf_counter()
    _cakupan(home, "link", "--as-of", as_of)
    t_last = time.perf_counter() - t0
    rows = json.loads(_cakupan(home, "coverage", "--by", "month", "--format", "json", capture=True))["rows"]
    truth = _truth(synth)
    print(f"scale {a.scale:g}, {a.months} months before {as_of}; synth {t_synth:.1f} s, backfill "
          f"{t_backfill:.1f} s ({t_backfill / a.months:.1f} s a month: import + run + flows), last month "
          f"{t_last:.1f} s")
    floor = _floor(sorted((synth / "history").glob("members-*.csv"))[-1])
    print(f"floor: bare DuckDB read of one month's extract {floor:.2f} s; a month costs "
          f"{t_backfill / a.months / floor:.0f}x the floor\n")
    print(f"{'month':<11} {'active':>9} {'truth':>9} {'diff':>6} {'new+re':>7} {'truth':>6} {'lapsed+left':>11} "
          f"{'truth':>6} identity")
    worst = 0
    for r in rows:
        t = truth.get(r["as_of"], {})
        ident = r["active"] == (r["active_start"] + r["new"] + r["reactivated"] - r["lapsed"] - r["left"]
                                + r["moved_in"] - r["moved_out"])
        flows_in = r["new"] + r["reactivated"] if r["previous_run"] else None
        flows_out = r["lapsed"] + r["left"] if r["previous_run"] else None
        diff = r["active"] - t.get("active", 0)
        worst = max(worst, abs(diff))
        print(f"{r['as_of']:<11} {r['active']:>9,} {t.get('active', 0):>9,} {diff:>+6} "
              f"{flows_in if flows_in is not None else '–':>7} {t.get('new') if t.get('new') is not None else '–':>6} "
              f"{flows_out if flows_out is not None else '–':>11} "
              f"{t.get('lapsed') if t.get('lapsed') is not None else '–':>6} {'yes' if ident else 'NO'}")
    print(f"\nlargest difference in the active count against the truth: {worst}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
