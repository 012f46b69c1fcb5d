"""Benchmark of the linkage step: link with training, link with a saved model, and a floor (a bare
DuckDB NIK join + group-by on the same files), each in its own process (wall time, peak RSS), plus
precision/recall against the synthetic truth.

    .venv/bin/python bench/bench_linkage.py                          # /work/synth-bantul
    .venv/bin/python bench/bench_linkage.py --synth DIR --scale10    # also the 10x region

Synthetic input: a `cakupan synth` directory (population.csv, members.csv, truth/links.csv); when
it does not exist, the linkage tests' generator (tests/pipeline/linkage/fixture_gen.py) makes a
Bantul-sized one (457,718 people, ~118,000 member records) — said so in the output.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def stage_synth(synth: Path, out: Path) -> Path:
    """Bench-only loader: synth CSVs -> stg_population / stg_members Parquet (contracts.md shapes)."""
    import duckdb

    con = duckdb.connect()
    sex = """CASE WHEN upper({c}) IN ('L', 'LAKI-LAKI', 'LAKI LAKI', 'PRIA', '1') THEN 'L'
                  WHEN upper({c}) IN ('P', 'PEREMPUAN', 'WANITA', '2') THEN 'P' END"""
    pop, mem = (synth / "population.csv").as_posix(), (synth / "members.csv").as_posix()
    con.execute(f"""COPY (SELECT NIK AS nik, NAMA_LGKP AS nama, {sex.format(c="JENIS_KLMIN")} AS jenis_kelamin,
        strptime(TGL_LHR, '%d-%m-%Y')::DATE AS tanggal_lahir, KODE_WILAYAH AS kode_wilayah
        FROM read_csv('{pop}', delim = ';', header = true, all_varchar = true))
        TO '{out / "stg_population.parquet"}' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT coalesce(KPJ, 'row:' || row_number() OVER ()) AS member_key, KPJ AS kpj,
        NIK AS nik, regexp_full_match(coalesce(NIK, ''), '[0-9]{{16}}') AS nik_valid, NAMA_PESERTA AS nama,
        try_strptime(TGL_LAHIR, '%Y-%m-%d')::DATE AS tanggal_lahir,
        {sex.format(c="JENIS_KELAMIN")} AS jenis_kelamin,
        KODE_WILAYAH AS kode_wilayah, SEGMEN AS segmen
        FROM read_csv('{mem}', header = true, all_varchar = true))
        TO '{out / "stg_members.parquet"}' (FORMAT parquet)""")
    con.execute(f"""COPY (SELECT kpj, person_nik FROM read_csv('{(synth / "truth" / "links.csv").as_posix()}',
        header = true, all_varchar = true)) TO '{out / "truth_links.csv"}' (HEADER, DELIMITER ',')""")
    return out


def stage_generated(out: Path, *, scale: int) -> Path:
    sys.path.insert(0, str(ROOT / "tests" / "pipeline" / "linkage"))
    from fixture_gen import fixture_write

    fixture_write(out, n_population=457_718 * scale, share=118_000 / 457_718, seed=11)
    return out


def job(kind: str, data: Path, model: Path, chunk: int | None = None) -> dict:
    """One measured job (runs in a child process)."""
    from cakupan.pipeline.engine import DuckDBEngine

    t0 = time.perf_counter()
    eng = DuckDBEngine()
    eng.register_parquet("stg_population", data / "stg_population.parquet")
    eng.register_parquet("stg_members", data / "stg_members.parquet")
    if kind == "floor":
        n = eng.rows("""SELECT count(*) FROM (SELECT p.kode_wilayah, m.segmen, count(*) AS n
            FROM stg_members m JOIN stg_population p ON p.nik = m.nik GROUP BY ALL)""")[0][0]
        return {"wall": time.perf_counter() - t0, "groups": n}
    from cakupan.pipeline.linkage import LinkSettings, link_members, link_quality

    settings = LinkSettings(model_path=model, retrain=(kind == "train"), chunk_prefix=chunk)
    outcome = link_members(eng, settings=settings)
    wall = time.perf_counter() - t0
    res = {"wall": wall, "counts": outcome.counts, "timings": outcome.timings, "model": outcome.model}
    if kind == "saved" and (data / "truth_links.csv").exists():
        res["quality"] = link_quality(eng, truth_path=data / "truth_links.csv")
    return res


def machine() -> str:
    import platform

    mem = next((ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), "?")
    return (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"{int(mem) / 1048576:.0f} GiB, load {os.getloadavg()[0]:.1f}")


def measure(kind: str, data: Path, model: Path, chunk: int | None = None) -> dict:
    extra = ["--chunk", str(chunk)] if chunk else []
    proc = subprocess.Popen([sys.executable, __file__, "--job", kind, "--data", str(data), "--model", str(model), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"job {kind} failed ({status})")
    res = json.loads(out.strip().splitlines()[-1])
    res["peak_mib"] = usage.ru_maxrss / 1024
    return res


def bench(label: str, data: Path, *, chunk: int | None = None, repeat: int = 2) -> list[tuple]:
    model = data / "model.json"
    if chunk:
        label = f"{label} (by {chunk}-char area)"
    floor = min((measure("floor", data, model) for _ in range(repeat)), key=lambda r: r["wall"])
    train = measure("train", data, model, chunk)
    saved = min((measure("saved", data, model, chunk) for _ in range(repeat)), key=lambda r: r["wall"])
    q = saved.get("quality", {})
    rows = [(label, "floor: DuckDB NIK join + group-by", floor["wall"], floor["peak_mib"], 1.0, ""),
            (label, "link, training the model", train["wall"], train["peak_mib"], train["wall"] / floor["wall"],
             json.dumps(train["timings"])),
            (label, "link, saved model", saved["wall"], saved["peak_mib"], saved["wall"] / floor["wall"],
             json.dumps(saved["timings"]))]
    print(f"\n{label}: counts {saved['counts']}")
    if q:
        b, m, e = q["bands"], q["missed_by_exact"], q["exact_check"]
        print(f"  probabilistic precision {b['probabilistic']['precision']}  recall(missed by exact) {m['recall']} "
              f"(precision {m['precision']}, {m['recovered']}/{m['members']})")
        print(f"  exact-flagged precision {b['exact-flagged']['precision']}  overall precision "
              f"{q['overall']['precision']} recall {q['overall']['recall']}")
        print(f"  exact NIK matches wrong: before check {e['wrong_rate_before']:.4%} ({e['wrong_before']}), "
              f"after {e['wrong_rate_after']:.4%} ({e['wrong_after']}); sent to check {e['sent_to_check']}")
        print(f"  review: {b['review']['members']} members, candidate recall {b['review'].get('candidate_recall')}")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth", type=Path, default=Path("/work/synth-bantul"))
    ap.add_argument("--scale10", action="store_true", help="also the 10x region (--synth10, else generated)")
    ap.add_argument("--synth10", type=Path, default=Path("/work/synth-10x"))
    ap.add_argument("--chunk10", type=int, default=8, help="link the 10x region by area prefix (0: at once)")
    ap.add_argument("--job"), ap.add_argument("--data", type=Path), ap.add_argument("--model", type=Path)
    ap.add_argument("--chunk", type=int)
    a = ap.parse_args()
    if a.job:
        import logging

        logging.disable(logging.WARNING)
        print(json.dumps(job(a.job, a.data, a.model, a.chunk), default=str))
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-linkage-"))
    table = []
    if (a.synth / "members.csv").exists():
        (tmp / "x1").mkdir()
        table += bench(f"synth {a.synth.name}", stage_synth(a.synth, tmp / "x1"))
    else:
        print(f"{a.synth} not found: generating a Bantul-sized region with the test generator")
        table += bench("generated 1x", stage_generated(tmp / "x1", scale=1))
    if a.scale10 and (a.synth10 / "members.csv").exists():
        (tmp / "x10").mkdir()
        table += bench(f"synth {a.synth10.name}", stage_synth(a.synth10, tmp / "x10"), chunk=a.chunk10 or None, repeat=1)
    elif a.scale10:
        table += bench("generated 10x", stage_generated(tmp / "x10", scale=10), chunk=a.chunk10 or None, repeat=1)
    print(f"\nmachine: {machine()}")
    print(f"\n{'data':<34} {'job':<36} {'wall s':>8} {'peak MiB':>9} {'x floor':>8}  phases")
    for label, name, wall, peak, ratio, phases in table:
        print(f"{label:<34} {name:<36} {wall:8.2f} {peak:9.0f} {ratio:8.1f}  {phases}")


if __name__ == "__main__":
    main()
