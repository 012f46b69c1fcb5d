"""Benchmark of `cakupan synth`: wall time and peak memory of one generation, against a floor.

    .venv/bin/python bench/bench_synth.py                    # scale 1 (Bantul, ~963k residents)
    .venv/bin/python bench/bench_synth.py --scale 10 --out /work/synth-10x --keep

The generation runs in its own process (so peak RSS is its own). The floor, measured in the same
run, is the bare cost of writing a table of the same shape: pyarrow writing as many rows of nine
random 16-character strings to CSV and Parquet, with no generation logic at all. The figure the
issue asks for: scale 1 in under 60 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = """
import json, sys, time
from pathlib import Path
from cakupan.synth.generate import synth_generate
t = time.perf_counter()
r = synth_generate(region="34.02", out=Path(sys.argv[1]), scale=float(sys.argv[2]), seed=1, fmt=sys.argv[3])
print(json.dumps({"seconds": time.perf_counter() - t, "population": r.summary["population"],
                  "workforce": r.summary["workforce"], "active": r.summary["active"],
                  "pct": r.summary["pct"], "member_records": r.summary["member_records"]}))
"""


def floor(rows: int, out: Path) -> float:
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    t = time.perf_counter()
    rng = np.random.default_rng(0)
    col = pa.array(rng.integers(10**15, 10**16, rows).astype(str))
    table = pa.table({f"c{i}": col for i in range(9)})
    pacsv.write_csv(table, out / "floor.csv")
    pq.write_table(table, out / "floor.parquet", compression="zstd")
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--format", default="both", choices=["csv", "parquet", "both"])
    ap.add_argument(
        "--out", type=Path, default=None, help="keep the output here (default: a temp dir)"
    )
    ap.add_argument("--keep", action="store_true", help="do not delete the output")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-synth-") as tmp:
        out = a.out or Path(tmp) / "synth"
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(out), str(a.scale), a.format],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - t0
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        fl = floor(res["population"], Path(tmp))
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
        if a.out and not a.keep:
            import shutil

            shutil.rmtree(out, ignore_errors=True)
    print(
        "| scale | residents | workforce | active | pct | member rows | synth s | process s | peak MiB | output MiB | floor s | synth/floor |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {a.scale:g} | {res['population']:,} | {res['workforce']:,} | {res['active']:,} | {res['pct']:.2f} | "
        f"{res['member_records']:,} | {res['seconds']:.1f} | {wall:.1f} | {peak:.0f} | {size:.0f} | {fl:.1f} | "
        f"{res['seconds'] / fl:.1f}x |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
