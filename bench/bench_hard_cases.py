"""Linkage on the hard cases (issue 17): precision and recall per truth class of the synth (twins,
NIK collisions onto the twin, outsider namesakes, typos, missing NIKs, name variants), on what
exact NIK could not settle, twins linked to the twin, outsiders linked and the review queue — with
the link's wall time against a floor measured in the same run (a bare DuckDB NIK join).

    .venv/bin/python bench/bench_hard_cases.py                 # synth scale 1 (written once to /tmp)
    .venv/bin/python bench/bench_hard_cases.py --scale 10      # scale 10 (~2 min to write, ~1 min to link)

The synth's CSVs are staged as the importer would leave them (stg_population with the family card
no_kk, NIKs unique and whole; stg_members as extracted), trained model, DuckDB. No assertion: a
bench. docs/linkage.md "Quality per class" holds its tables.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def synth_dir(scale: float) -> Path:
    out = Path(f"/tmp/cakupan-bench-hard/synth-{scale:g}")
    if not (out / "MANIFEST.json").exists():
        print(f"[bench] writing the synth at scale {scale:g} to {out} (once, not timed)", flush=True)
        subprocess.run([str(ROOT / ".venv" / "bin" / "cakupan"), "synth", "--region", "34.02", "--scale", str(scale), "--format", "csv",
                        "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return out


def stage(synth: Path, data: Path) -> Path:
    """stg_population (unique whole NIKs, with no_kk) and stg_members (with nik_error) as Parquet."""
    import duckdb
    from bench_linkage import stage_synth

    if (data / "stg_members.parquet").exists():
        return data
    data.mkdir(parents=True, exist_ok=True)
    stage_synth(synth, data)
    con = duckdb.connect()
    con.execute(f"""COPY (SELECT s.*, r.no_kk FROM '{data}/stg_population.parquet' s
        JOIN (SELECT NIK, any_value(NO_KK) AS no_kk FROM read_csv('{synth}/population.csv', delim = ';', header = true,
              all_varchar = true) GROUP BY NIK) r ON r.NIK = s.nik
        WHERE regexp_full_match(s.nik, '[0-9]{{16}}') AND s.tanggal_lahir IS NOT NULL AND s.kode_wilayah IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY s.nik) = 1) TO '{data}/p.parquet'""")
    (data / "p.parquet").replace(data / "stg_population.parquet")
    con.execute(f"COPY (SELECT *, CAST(NULL AS VARCHAR) AS nik_error FROM '{data}/stg_members.parquet') TO '{data}/m.parquet'")
    (data / "m.parquet").replace(data / "stg_members.parquet")
    return data


def run(synth: Path, data: Path) -> dict:
    from cakupan.pipeline.engine import DuckDBEngine
    from cakupan.pipeline.linkage import LinkSettings, link_members, link_quality

    eng = DuckDBEngine()
    eng.register_parquet("stg_population", data / "stg_population.parquet")
    eng.register_parquet("stg_members", data / "stg_members.parquet")
    t0 = time.perf_counter()
    eng.rows("SELECT count(*) FROM stg_members m JOIN stg_population p ON p.nik = m.nik")
    floor = time.perf_counter() - t0
    t0 = time.perf_counter()
    outcome = link_members(eng, settings=LinkSettings(model_path=data / "model.json", retrain=True))
    wall = time.perf_counter() - t0
    q = link_quality(eng, truth_path=synth / "truth" / "links.csv")
    eng.close()
    return {"floor": floor, "wall": wall, "counts": outcome.counts, "quality": q}


def _f(x) -> str:
    if x is None:
        return "–"
    return f"{x:.4f}" if isinstance(x, float) else f"{x:,}"


def table(r: dict) -> str:
    q = r["quality"]
    lines = ["| class | records | not settled by exact NIK | linked | wrong | review | precision | recall |",
             "|---|---|---|---|---|---|---|---|"]
    for k, v in q["classes"].items():
        lines.append(f"| {k} | {_f(v['members'])} | {_f(v['unsettled'])} | {_f(v['linked'])} | {_f(v['wrong'])} | "
                     f"{_f(v['review'])} | {_f(v['precision'])} | {_f(v['recall'])} |")
    u = q["unsettled"]
    lines.append(f"| **exact NIK could not settle** | {_f(u['members'])} | {_f(u['unsettled'])} | {_f(u['linked'])} | "
                 f"{_f(u['wrong'])} | {_f(u['review'])} | **{_f(u['precision'])}** | **{_f(u['recall'])}** |")
    t, o, rv = q["twins"], q["outsiders"], q["review"]
    lines += ["", f"twins linked to the other twin: {t['linked_to_twin']} of {t['members']:,}; outsiders linked: "
                  f"{o['linked']} of {o['members']:,} ({100 * o['share_linked']:.2f} %); review: {rv['members']:,} "
                  f"({100 * rv['share_of_members']:.3f} % of member records), true person among the candidates "
                  f"{rv['true_among_candidates']} of {rv['with_truth']} ({_f(rv['share_true_among_candidates'])})",
              f"link (training included) {r['wall']:.1f} s; floor (bare DuckDB NIK join) {r['floor']:.2f} s; "
              f"x floor {r['wall'] / max(r['floor'], 1e-9):.0f}"]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--synth", type=Path, help="a cakupan synth folder (else written once at --scale)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    a = ap.parse_args()
    synth = a.synth or synth_dir(a.scale)
    data = Path(f"/tmp/cakupan-bench-hard/staged-{synth.name}")
    import logging

    logging.disable(logging.WARNING)
    r = run(synth, stage(synth, data))
    print(f"\nLinkage per truth class, {synth} (scale {a.scale:g}):\n")
    print(table(r))
    if a.json:
        a.json.write_text(json.dumps(r, indent=1, default=str))


if __name__ == "__main__":
    main()
