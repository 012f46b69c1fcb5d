"""`python -m bench` (or `make bench`): run every bench/bench_*.py that defines main(), each in its
own process (so memory figures do not mix), and print their tables.

    python -m bench                         # every bench at 1x (Bantul, ~1 M residents)
    python -m bench --scale 10 bench_peer   # one bench at 10x
    make bench SCALE="1 10 100"             # the issue-16 table: 1x, 10x and 100x

At a scale other than 1 only the benches that size their data run (SCALED below), with the
arguments that give that scale; the others are 1x benches of a page or a job and are skipped with
a line saying so. 100x is Java as one region set (four provinces, ~94 M residents): its synthetic
files are written once (about 26 minutes here) and the run takes about an hour more; the Splink
peer does not run there (at 10x it needs a memory cap to finish at all: docs/performance.md).
"""
from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ONE_X_ROWS = 964_784  # bench_import's 1x population file (Bantul)
JAVA = Path("/tmp/cakupan-bench-scale/synth-java")


def _java() -> list[str]:
    """The 100x region set (Java), written once with `cakupan synth`."""
    if not (JAVA / "MANIFEST.json").exists():
        print(f"[bench] writing Java's region set to {JAVA} (once, ~26 min here, not timed)", flush=True)
        subprocess.run([str(HERE.parent / ".venv" / "bin" / "cakupan"), "synth", "--region", "32,33,34,35", "--scale",
                        "1", "--jobs", "2", "--format", "parquet", "--out", str(JAVA)], check=True,
                       stdout=subprocess.DEVNULL)
    return ["--synth", str(JAVA), "--memory-limit", "8GB", "--import-memory", "4GB"]


# bench -> scale -> its arguments (None: not run at that scale, with the reason)
SCALED = {
    "bench_import": {1: [], 10: ["--rows", str(10 * ONE_X_ROWS), "--dirty"], 100: None},
    "bench_peer": {1: [], 10: ["--scale", "10", "--memory-limit", "12GB"], 100: None},
    "bench_scale": {1: [], 10: None, 100: _java},
    "bench_pipeline": {1: ["--no-spark"], 10: None, 100: None},
    "bench_hard_cases": {1: [], 10: ["--scale", "10"], 100: None},
}
WHY_NOT = {
    ("bench_import", 100): "the 100x population is imported by bench_scale (one file of 94 M rows)",
    ("bench_peer", 100): "Splink does not finish 10x without a memory cap; 100x is not tried",
    ("bench_scale", 10): "bench_peer gives 10x with its floor and the Splink baseline",
    ("bench_pipeline", 10): "bench_peer and bench_scale give the 10x link + coverage",
    ("bench_pipeline", 100): "bench_scale gives the 100x link + coverage",
    ("bench_hard_cases", 100): "the per-class quality is measured at 1x and 10x (issue 17)",
}


def modules() -> list[Path]:
    """bench_*.py files with a top-level `def main()`."""
    found = []
    for path in sorted(HERE.glob("bench_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body):
            found.append(path)
    return found


def arguments(stem: str, scale: int) -> list[str] | None:
    """The arguments that run `stem` at `scale`, or None when it does not run there."""
    if stem not in SCALED:
        return [] if scale == 1 else None
    args = SCALED[stem].get(scale)
    return args() if callable(args) else args


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", action="append", type=int, choices=(1, 10, 100),
                    help="1 (default), 10 or 100; may be given more than once")
    ap.add_argument("only", nargs="*", help="bench names to run (default: all)")
    a = ap.parse_args()
    failed = 0
    for scale in a.scale or [1]:
        for path in modules():
            if a.only and path.stem not in a.only:
                continue
            args = arguments(path.stem, scale)
            if args is None:
                why = WHY_NOT.get((path.stem, scale), "a 1x bench of a page or a job")
                print(f"\n## {path.stem} at {scale}x: not run ({why})\n", flush=True)
                continue
            print(f"\n## {path.stem} at {scale}x {' '.join(args)}\n", flush=True)
            code = subprocess.call([sys.executable, str(path), *args], cwd=HERE.parent)
            if code:
                print(f"{path.stem}: exited with {code}", flush=True)
                failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
