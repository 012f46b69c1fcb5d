"""A peer in the bench (issue 16, part 5): cakupan's whole run beside Splink on DuckDB as its
documentation teaches, and beside the bare-DuckDB floor, on the same synthetic files.

    .venv/bin/python bench/bench_peer.py                  # scale 1 (~1 M residents)
    .venv/bin/python bench/bench_peer.py --scale 0.1      # a tenth
    .venv/bin/python bench/bench_peer.py --baseline lean  # a leaner Splink baseline (BASELINES)
    .venv/bin/python bench/bench_peer.py --scale 10 --memory-limit 12GB  # both capped, DuckDB spills

A `cakupan synth` region is written once under WORK (CAKUPAN_BENCH_PEER_WORK, default
/tmp/cakupan-bench-peer) and reused. Then, each in its own process(es), so that wall time and peak
memory (ru_maxrss from os.wait4) belong to that job alone:

  floor     bare DuckDB: read the two CSVs, join members to people on NIK, the coverage rule below
  baseline  Splink 5 on DuckDB as its documentation teaches (link_only, NameComparison,
            DateOfBirthComparison, Damerau-Levenshtein on NIK, exact sex and kalurahan; λ from
            deterministic rules, u by random sampling, EM on two blocking rules, predict at 0.9),
            each member's best candidate kept, then the same coverage rule
  cakupan   the product's whole run: `cakupan import` population, members and every roster into a
            fresh CAKUPAN_HOME, then `cakupan link` (model trained, published to SQLite)
  snapshot floor  the other benches' floor (bench_pipeline: NIK join + group-by over cakupan's
            imported Parquet snapshots), for comparison with their tables

The coverage rule (docs/contracts.md "Product rules", written once here for floor and baseline):
workforce = people of the register living in a kalurahan of the region, aged >= 15 on the as-of
date, whose occupation is in the workforce and not excluded (cakupan/reference/occupations.csv),
not on the ASN roster; a person is active when a linked member record is paid through within its
segment's grace (cakupan/reference/status_rules.csv). Wall time is each process from start to exit
(interpreter start and imports included: the product's run is a sequence of CLI processes).
Linkage quality is computed afterwards, untimed, against truth/links.csv. No assertion: a bench.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
WORK = Path(os.environ.get("CAKUPAN_BENCH_PEER_WORK", "/tmp/cakupan-bench-peer"))
CAKUPAN = ROOT / ".venv" / "bin" / "cakupan"
REF = ROOT / "cakupan" / "reference"

# Splink settings of the baseline, stated once (docs/performance.md quotes them). "docs": u from
# 1e7 pairs (Splink's docs: "1e7 or more"; its default 1e6 warns that it may be too small) and
# name + kalurahan blocking; "lean": what an analyst might do after looking at the blocking counts
# and the run time — Splink's default u sample and the name rule narrowed by birth year.
PREDICT_THRESHOLD = 0.9
LAMBDA_RECALL = 0.9
BASELINES = {
    "docs": {"u_max_pairs": 1e7, "name_rule": ("nama", "kode_wilayah")},
    "lean": {"u_max_pairs": 1e6, "name_rule": ("nama", "kode_wilayah", "year(tanggal_lahir)")},
}


def synth_dir(scale: float) -> Path:
    """The synthetic region at this scale, written once with `cakupan synth` (seed 1)."""
    out = WORK / f"synth-s{scale:g}"
    manifest = out / "MANIFEST.json"
    if manifest.exists() and json.loads(manifest.read_text()).get("scale") == scale:
        return out
    print(f"[peer] cakupan synth --region 34.02 --scale {scale:g} --out {out}", file=sys.stderr, flush=True)
    subprocess.run([str(CAKUPAN), "synth", "--region", "34.02", "--scale", f"{scale:g}", "--out", str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def _q(path: Path) -> str:
    return "'" + path.as_posix().replace("'", "''") + "'"


def read_inputs(con, synth: Path) -> None:
    """The two files as a Splink tutorial would prepare them: upper-case names, parsed dates, sex as
    L/P, the kalurahan code as area; NIKs not of 16 digits to NULL; a NIK the register holds twice
    identifies nobody, so both rows are dropped."""
    con.execute(f"""CREATE TABLE population AS
        SELECT NIK AS unique_id, NIK AS nik, upper(trim(NAMA_LGKP)) AS nama,
               split_part(upper(trim(NAMA_LGKP)), ' ', 1) AS first_name,
               try_strptime(TGL_LHR, '%d-%m-%Y')::DATE AS tanggal_lahir,
               CASE upper(trim(JENIS_KLMIN)) WHEN 'LAKI-LAKI' THEN 'L' WHEN 'PEREMPUAN' THEN 'P' END AS jenis_kelamin,
               trim(KODE_WILAYAH) AS kode_wilayah, upper(trim(JENIS_PKRJN)) AS pekerjaan
        FROM read_csv({_q(synth / 'population.csv')}, delim = ';', header = true, all_varchar = true)
        WHERE regexp_full_match(NIK, '[0-9]{{16}}')
        QUALIFY count(*) OVER (PARTITION BY NIK) = 1""")
    con.execute(f"""CREATE TABLE members AS
        SELECT KPJ AS unique_id,
               CASE WHEN regexp_full_match(trim(NIK), '[0-9]{{16}}') THEN trim(NIK) END AS nik,
               upper(trim(NAMA_PESERTA)) AS nama, split_part(upper(trim(NAMA_PESERTA)), ' ', 1) AS first_name,
               try_strptime(TGL_LAHIR, '%Y-%m-%d')::DATE AS tanggal_lahir,
               upper(trim(JENIS_KELAMIN)) AS jenis_kelamin, trim(KODE_WILAYAH) AS kode_wilayah,
               SEGMEN AS segmen, try_strptime(IURAN_TERAKHIR || '-01', '%Y-%m-%d')::DATE AS iuran_terakhir
        FROM read_csv({_q(synth / 'members.csv')}, header = true, all_varchar = true)""")


def coverage(con, *, synth: Path, as_of: str) -> dict:
    """Workforce and active persons from table `links` (kpj, person_nik), the same rule for all."""
    d = f"DATE '{as_of}'"
    row = con.execute(f"""
        WITH rules AS (SELECT segment, CAST(grace_months AS INT) AS grace FROM read_csv({_q(REF / 'status_rules.csv')})),
        occ AS (SELECT upper(trim(name)) AS name FROM read_csv({_q(REF / 'occupations.csv')}, all_varchar = true)
                WHERE lower(in_workforce) = 'true' AND lower(excluded) <> 'true'),
        kal AS (SELECT code FROM read_csv({_q(REF / 'bantul' / 'wilayah.csv')}, all_varchar = true) WHERE kind = 'kalurahan'),
        asn AS (SELECT DISTINCT NIK AS nik FROM read_csv({_q(synth / 'rosters' / 'asn.csv')}, all_varchar = true)),
        active AS (
          SELECT DISTINCT l.person_nik FROM links l JOIN members m ON m.unique_id = l.kpj
          JOIN rules r ON r.segment = m.segmen
          WHERE (year({d}) * 12 + month({d})) - (year(m.iuran_terakhir) * 12 + month(m.iuran_terakhir)) <= r.grace),
        workforce AS (
          SELECT p.nik, p.kode_wilayah FROM population p
          JOIN occ o ON o.name = p.pekerjaan JOIN kal k ON k.code = p.kode_wilayah
          WHERE year({d}) - year(p.tanggal_lahir)
                - CASE WHEN month({d}) < month(p.tanggal_lahir)
                         OR (month({d}) = month(p.tanggal_lahir) AND day({d}) < day(p.tanggal_lahir)) THEN 1 ELSE 0 END >= 15
            AND p.nik NOT IN (SELECT nik FROM asn WHERE nik IS NOT NULL))
        SELECT count(*), count(a.person_nik), count(DISTINCT w.kode_wilayah)
        FROM workforce w LEFT JOIN active a ON a.person_nik = w.nik""").fetchall()[0]
    return {"workforce": row[0], "active": row[1], "kalurahan": row[2]}


def job_floor(synth: Path, out: Path, as_of: str) -> dict:
    import duckdb

    t0 = time.perf_counter()
    con = duckdb.connect()
    read_inputs(con, synth)
    t_read = time.perf_counter()
    con.execute("""CREATE TABLE links AS SELECT m.unique_id AS kpj, p.nik AS person_nik
                   FROM members m LEFT JOIN population p ON p.nik = m.nik""")
    t_link = time.perf_counter()
    cov = coverage(con, synth=synth, as_of=as_of)
    t_end = time.perf_counter()
    con.execute(f"COPY links TO {_q(out / 'links-floor.parquet')} (FORMAT parquet)")
    return {"timings": {"read": t_read - t0, "link": t_link - t_read, "coverage": t_end - t_link, "total": t_end - t0},
            "coverage": cov}


def job_baseline(synth: Path, out: Path, as_of: str, variant: str = "docs", memory_limit: str | None = None) -> dict:
    """Splink on DuckDB as its documentation teaches (the link_only and febrl4 examples). With a
    memory limit, DuckDB's own `memory_limit` is set and it spills to a folder under `out`."""
    import logging

    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    cfg = BASELINES[variant]
    t0 = time.perf_counter()
    con = duckdb.connect()
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = {_q(out / 'baseline-spill')}")
    read_inputs(con, synth)
    cols = "unique_id, nik, nama, first_name, tanggal_lahir, jenis_kelamin, kode_wilayah"
    con.execute(f"CREATE TABLE splink_members AS SELECT {cols} FROM members")
    con.execute(f"CREATE TABLE splink_population AS SELECT {cols} FROM population")
    t_read = time.perf_counter()

    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("nik"),
            block_on("tanggal_lahir", "first_name"),
            block_on("tanggal_lahir", "kode_wilayah"),
            block_on(*cfg["name_rule"]),
        ],
        comparisons=[
            cl.DamerauLevenshteinAtThresholds("nik", [1, 2]),
            cl.NameComparison("nama").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("tanggal_lahir", input_is_string=False),
            cl.ExactMatch("jenis_kelamin"),
            cl.ExactMatch("kode_wilayah").configure(term_frequency_adjustments=True),
        ],
    )
    db_api = DuckDBAPI(connection=con)
    sdf_members = db_api.register("splink_members", dataset_display_name="members")
    sdf_population = db_api.register("splink_population", dataset_display_name="population")
    linker = Linker([sdf_members, sdf_population], settings, log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nik", "tanggal_lahir"), block_on("nama", "tanggal_lahir", "kode_wilayah")], recall=LAMBDA_RECALL)
    linker.training.estimate_u_using_random_sampling(max_pairs=cfg["u_max_pairs"], seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nik"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("tanggal_lahir", "kode_wilayah"))
    t_train = time.perf_counter()
    pred = linker.inference.predict(threshold_match_probability=PREDICT_THRESHOLD)
    t_predict = time.perf_counter()
    # each member's best candidate (the pairs are member x person; which side is which is by dataset)
    con.execute(f"""CREATE TABLE links AS
        SELECT m.unique_id AS kpj, b.person_nik, b.match_probability
        FROM members m LEFT JOIN (
          SELECT CASE WHEN source_dataset_l = 'members' THEN unique_id_l ELSE unique_id_r END AS kpj,
                 CASE WHEN source_dataset_l = 'members' THEN unique_id_r ELSE unique_id_l END AS person_nik,
                 match_probability
          FROM {pred.physical_name}
          QUALIFY row_number() OVER (PARTITION BY kpj ORDER BY match_weight DESC, person_nik) = 1
        ) b ON b.kpj = m.unique_id""")
    t_best = time.perf_counter()
    cov = coverage(con, synth=synth, as_of=as_of)
    t_end = time.perf_counter()
    pairs = con.execute(f"SELECT count(*) FROM {pred.physical_name}").fetchall()[0][0]
    con.execute(f"COPY (SELECT kpj, person_nik FROM links) TO {_q(out / 'links-baseline.parquet')} (FORMAT parquet)")
    model = linker.misc.save_model_to_json(str(out / "baseline-model.json"), overwrite=True)
    return {"timings": {"read": t_read - t0, "train": t_train - t_read, "predict": t_predict - t_train,
                        "best": t_best - t_predict, "coverage": t_end - t_best, "total": t_end - t0},
            "coverage": cov, "pairs_above_threshold": pairs,
            "lambda": model.get("probability_two_random_records_match"), "variant": variant,
            "memory_limit": memory_limit, **cfg}


def _run(cmd: list[str], *, env: dict | None = None, log: Path | None = None) -> dict:
    """One process: wall from start to exit and its peak RSS (os.wait4), stdout kept."""
    t0 = time.perf_counter()
    with open(log or os.devnull, "ab") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env, cwd=ROOT)
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(cmd)}; see {log}")
    return {"wall": wall, "peak_mib": usage.ru_maxrss / 1024, "stdout": out.decode("utf-8", "replace")}


def _job(kind: str, synth: Path, out: Path, as_of: str, variant: str, memory_limit: str | None) -> dict:
    cmd = [sys.executable, __file__, "--job", kind, "--synth", str(synth), "--out", str(out), "--as-of", as_of,
           "--baseline", variant] + (["--memory-limit", memory_limit] if memory_limit else [])
    res = _run(cmd, log=out / f"{kind}.log")
    return {**json.loads(res["stdout"].strip().splitlines()[-1]), "wall": res["wall"], "peak_mib": res["peak_mib"]}


def run_cakupan(synth: Path, out: Path, as_of: str, memory_limit: str | None = None) -> dict:
    """The product's whole run, one CLI process per step, in a fresh CAKUPAN_HOME (with a memory
    limit: CAKUPAN_DUCKDB_MEMORY for the link, the same cap as the baseline's)."""
    home = out / "cakupan-home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    env = {**os.environ, "CAKUPAN_HOME": str(home)}
    if memory_limit:
        env["CAKUPAN_DUCKDB_MEMORY"] = memory_limit
    steps = [("import population", ["import", "population", str(synth / "population.csv")]),
             ("import members", ["import", "members", str(synth / "members.csv")])]
    for roster in sorted(p.stem for p in (synth / "rosters").glob("*.csv")):
        steps.append((f"import roster {roster}", ["import", "roster", roster, str(synth / "rosters" / f"{roster}.csv")]))
    steps.append(("link", ["link"]))
    done = {}
    for name, args in steps:
        done[name] = _run([str(CAKUPAN), *args, "--as-of", as_of], env=env, log=out / "cakupan.log")
        done[name].pop("stdout")
    run_dir = max((home / "runs").glob(f"{as_of}-*"))
    q = json.loads((run_dir / "quality.json").read_text())
    return {"steps": done, "wall": sum(s["wall"] for s in done.values()),
            "peak_mib": max(s["peak_mib"] for s in done.values()),
            "links": str(run_dir / "links.parquet"), "home": str(home),
            "coverage": {"workforce": q["totals"]["workforce"], "active": q["totals"]["active"]},
            "timings": q["timings"], "link_timings": q["link"]["timings"], "counts": q["counts"]}


PG = "postgres://postgres@127.0.0.1:5432"
PG_DB = "cakupan_bench_publish"


def publish_pg(home: Path, out: Path) -> dict:
    """cakupan's run published again, timed on its own, into an empty PostgreSQL database (COPY):
    a fresh database, migrated and given the areas before the clock starts; its own process."""
    try:
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_DB}"')
            conn.execute(f'CREATE DATABASE "{PG_DB}"')
    except Exception as exc:  # no PostgreSQL here: the bench says so and goes on
        return {"error": f"PostgreSQL at {PG}: {exc}"}
    run_dir = max((home / "runs").glob("*-*"), key=lambda p: p.stat().st_mtime)
    env = {**os.environ, "CAKUPAN_HOME": str(out / "pg-home"), "DATABASE_URL": f"{PG}/{PG_DB}"}
    res = _run([sys.executable, __file__, "--job", "publish_pg", "--synth", str(run_dir), "--out", str(out)],
               env=env, log=out / "publish_pg.log")
    return {**json.loads(res["stdout"].strip().splitlines()[-1]), "wall": res["wall"], "peak_mib": res["peak_mib"]}


def job_publish_pg(run_dir: Path) -> dict:
    """In the child: migrate, then `run_publish` of the saved run (timed from here)."""
    from datetime import date

    from cakupan.home import ensure_ready

    ensure_ready()
    from cakupan.runs.services import run_publish

    summary = json.loads((run_dir / "quality.json").read_text())
    t0 = time.perf_counter()
    run = run_publish(run_dir=run_dir, as_of=date.fromisoformat(run_dir.name[:10]), engine="duckdb", summary={})
    wall = time.perf_counter() - t0
    return {"publish_s": wall, "published": (run.summary or {}).get("published"),
            "persons": summary["totals"].get("population")}


def snapshot_floor(home: Path, out: Path) -> dict:
    """bench_pipeline's floor (NIK join + group-by over the imported snapshots), its own process."""
    from bench_pipeline import _child

    def latest(kind: str) -> str:
        files = [p for p in (home / "snapshots" / kind).glob("*.parquet") if not p.name.endswith(".quarantine.parquet")]
        return str(max(files, key=lambda p: int(p.stem)))

    return _child("floor", {"population": latest("population"), "members": latest("members")}, out)


def quality(links: Path, synth: Path) -> dict:
    """Precision and recall of member kpj -> person_nik against truth/links.csv: overall, and on the
    members exact NIK matching could not settle (a true person, but the member's NIK as given is
    not that person's NIK in the register: missing, mistyped, mangled, or another person's)."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    row = con.execute(f"""
        WITH truth AS (SELECT kpj, nullif(trim(person_nik), '') AS true_nik
                       FROM read_csv({_q(synth / 'truth' / 'links.csv')}, header = true, all_varchar = true)),
        reg AS (SELECT DISTINCT NIK AS nik FROM read_csv({_q(synth / 'population.csv')}, delim = ';',
                header = true, all_varchar = true) WHERE regexp_full_match(NIK, '[0-9]{{16}}')),
        mem AS (SELECT KPJ AS kpj, r.nik AS exact_nik FROM read_csv({_q(synth / 'members.csv')}, header = true,
                all_varchar = true) m LEFT JOIN reg r ON r.nik = trim(m.NIK)),
        q AS (SELECT t.true_nik, l.person_nik, m.exact_nik, l.person_nik IS NOT NULL AND l.person_nik = t.true_nik AS ok,
                     t.true_nik IS NOT NULL AND (m.exact_nik IS NULL OR m.exact_nik <> t.true_nik) AS unsettled
              FROM truth t JOIN mem m USING (kpj) LEFT JOIN read_parquet({_q(links)}) l USING (kpj))
        SELECT count(person_nik), count(*) FILTER (ok), count(true_nik),
               count(person_nik) FILTER (unsettled), count(*) FILTER (ok AND unsettled), count(*) FILTER (unsettled),
               count(*) FILTER (exact_nik IS NOT NULL AND person_nik IS NOT NULL AND NOT ok)
        FROM q""").fetchall()[0]
    linked, ok, with_truth, u_linked, u_ok, u_n, exact_wrong = row
    r = lambda a, b: round(a / b, 6) if b else None  # noqa: E731
    return {"linked": linked, "correct": ok, "precision": r(ok, linked), "recall": r(ok, with_truth),
            "unsettled": u_n, "unsettled_linked": u_linked, "unsettled_correct": u_ok,
            "unsettled_precision": r(u_ok, u_linked), "unsettled_recall": r(u_ok, u_n),
            "wrong_links_where_nik_in_register": exact_wrong, "classes": quality_by_class(con, links, synth)}


def quality_by_class(con, links: Path, synth: Path) -> dict:
    """Per truth class (truth/links.csv `class`, synth generator 6 and later; {} before): records,
    linked, correct, precision, recall (recall over the class's records that have a true person)."""
    truth = _q(synth / "truth" / "links.csv")
    cols = [c[0] for c in con.execute(f"DESCRIBE SELECT * FROM read_csv({truth}, header = true, all_varchar = true)")
            .fetchall()]
    if "class" not in cols:
        return {}
    rows = con.execute(f"""
        SELECT t.class, count(*), count(l.person_nik), count(*) FILTER (l.person_nik = nullif(trim(t.person_nik), '')),
               count(nullif(trim(t.person_nik), ''))
        FROM read_csv({truth}, header = true, all_varchar = true) t LEFT JOIN read_parquet({_q(links)}) l USING (kpj)
        GROUP BY ALL ORDER BY 2 DESC""").fetchall()
    return {c: {"records": n, "linked": li, "correct": ok, "precision": round(ok / li, 6) if li else None,
                "recall": round(ok / wt, 6) if wt else None} for c, n, li, ok, wt in rows}


def bench(scale: float, variant: str = "docs", memory_limit: str | None = None) -> dict:
    from bench_linkage import machine

    synth = synth_dir(scale)
    manifest = json.loads((synth / "MANIFEST.json").read_text())
    as_of = manifest["as_of"]
    out = WORK / (f"run-s{scale:g}" + ("" if variant == "docs" else f"-{variant}")
                  + (f"-mem{memory_limit}" if memory_limit else ""))
    out.mkdir(parents=True, exist_ok=True)
    res = {"scale": scale, "synth": str(synth), "as_of": as_of, "machine": machine(), "load_before": os.getloadavg(),
           "truth": json.loads((synth / "truth" / "summary.json").read_text()), "memory_limit": memory_limit}
    for kind in ("floor", "baseline"):
        print(f"[peer] {kind}", file=sys.stderr, flush=True)
        res[kind] = _job(kind, synth, out, as_of, variant, memory_limit)
    print("[peer] cakupan: imports + link", file=sys.stderr, flush=True)
    res["cakupan"] = run_cakupan(synth, out, as_of, memory_limit)
    res["snapshot_floor"] = snapshot_floor(Path(res["cakupan"]["home"]), out)
    print("[peer] publish to PostgreSQL", file=sys.stderr, flush=True)
    res["publish_pg"] = publish_pg(Path(res["cakupan"]["home"]), out)
    res["load_after"] = os.getloadavg()
    for kind, links in (("floor", out / "links-floor.parquet"), ("baseline", out / "links-baseline.parquet"),
                        ("cakupan", Path(res["cakupan"]["links"]))):
        res[kind]["quality"] = quality(links, synth)
    (out / "result.json").write_text(json.dumps(res, indent=2, default=str))
    return res


def _ratio(a, b) -> str:
    if a is None or b in (None, 0):
        return "–"
    x = a / b
    return f"{x:.2f}×" if abs(x - 1) >= 0.01 else f"{x:.4f}×"


def table(r: dict) -> str:
    f, b, c = r["floor"], r["baseline"], r["cakupan"]
    truth = r["truth"].get("active")
    link = c["steps"]["link"]

    def cov(j):
        a = j["coverage"]["active"]
        return a, f"{a:,} ({100 * (a - truth) / truth:+.3f} % vs truth)" if truth else f"{a:,}"

    rows = [
        ("wall, whole run (s)", f["wall"], b["wall"], c["wall"], lambda x: f"{x:.2f}"),
        ("peak memory (MiB)", f["peak_mib"], b["peak_mib"], c["peak_mib"], lambda x: f"{x:,.0f}"),
        ("precision, all links", f["quality"]["precision"], b["quality"]["precision"], c["quality"]["precision"], str),
        ("recall, all members with a true person", f["quality"]["recall"], b["quality"]["recall"],
         c["quality"]["recall"], str),
        ("precision, where exact NIK could not settle", f["quality"]["unsettled_precision"],
         b["quality"]["unsettled_precision"], c["quality"]["unsettled_precision"], str),
        ("recall, where exact NIK could not settle", f["quality"]["unsettled_recall"],
         b["quality"]["unsettled_recall"], c["quality"]["unsettled_recall"], str),
    ]
    cap = f"; DuckDB memory limit {r['memory_limit']} for both" if r.get("memory_limit") else ""
    lines = [f"### Peer at scale {r['scale']:g}{cap} (as of {r['as_of']}; {r['machine']}; load average "
             f"{r['load_before'][0]:.1f} before, {r['load_after'][0]:.1f} after)", "",
             "| measure | floor | baseline (Splink) | cakupan | cakupan ÷ baseline | cakupan ÷ floor | baseline ÷ floor |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for label, fv, bv, cv, fmt in rows:
        show = lambda v: "–" if v is None else fmt(v)  # noqa: E731
        lines.append(f"| {label} | {show(fv)} | {show(bv)} | {show(cv)} | {_ratio(cv, bv)} | {_ratio(cv, fv)} | "
                     f"{_ratio(bv, fv)} |")
    (fa, fs), (ba, bs), (ca, cs) = cov(f), cov(b), cov(c)
    lines.append(f"| covered count (active persons) | {fs} | {bs} | {cs} | {_ratio(ca, ba)} | {_ratio(ca, fa)} | "
                 f"{_ratio(ba, fa)} |")
    lines.append(f"| wall, `cakupan link` alone (s) | | | {link['wall']:.2f} | {_ratio(link['wall'], b['wall'])} | "
                 f"{_ratio(link['wall'], f['wall'])} | |")
    lines.append(f"| peak memory, `cakupan link` alone (MiB) | | | {link['peak_mib']:,.0f} | "
                 f"{_ratio(link['peak_mib'], b['peak_mib'])} | {_ratio(link['peak_mib'], f['peak_mib'])} | |")
    sf = r.get("snapshot_floor") or {}
    bt, ft = b["timings"], f["timings"]
    steps = ", ".join(f"{k} {v['wall']:.2f} s / {v['peak_mib']:,.0f} MiB" for k, v in c["steps"].items())
    lt = c["link_timings"]
    lines += [
        "",
        f"Truth: {truth:,} active of {r['truth'].get('workforce', 0):,} workforce. Workforce counted: floor "
        f"{f['coverage']['workforce']:,}, baseline {b['coverage']['workforce']:,}, cakupan {c['coverage']['workforce']:,}.",
        f"Members exact NIK matching could not settle: {b['quality']['unsettled']:,}. Wrong links among members whose "
        f"NIK is in the register: floor {f['quality']['wrong_links_where_nik_in_register']}, baseline "
        f"{b['quality']['wrong_links_where_nik_in_register']}, cakupan {c['quality']['wrong_links_where_nik_in_register']}.",
        f"Floor inside its process: read {ft['read']:.2f} s, join {ft['link']:.2f} s, coverage {ft['coverage']:.2f} s.",
        f"Baseline inside its process: read + normalise {bt['read']:.2f} s, Splink training {bt['train']:.2f} s, "
        f"predict {bt['predict']:.2f} s ({b['pairs_above_threshold']:,} pairs ≥ {PREDICT_THRESHOLD}), best candidate "
        f"{bt['best']:.2f} s, coverage {bt['coverage']:.2f} s; total {bt['total']:.2f} s of {b['wall']:.2f} s "
        f"(the rest is interpreter start and imports); λ {b.get('lambda'):.3g}; baseline '{b.get('variant')}': "
        f"u from {b.get('u_max_pairs'):g} pairs, name blocking on {' + '.join(b.get('name_rule', ()))}.",
        f"cakupan by process: {steps}. Inside `cakupan link`: pipeline {c['timings'].get('total', 0):.2f} s "
        f"(linkage {c['timings'].get('linkage', 0):.2f} s: exact {lt.get('exact', 0):.2f}, train {lt.get('train', 0):.2f}, "
        f"predict {lt.get('predict', 0):.2f}, decide {lt.get('decide', 0):.2f}); counts {c['counts']}.",
    ]
    pg = r.get("publish_pg") or {}
    if "error" in pg:
        lines.append(f"Publish to PostgreSQL: not measured ({pg['error']}).")
    elif pg:
        pub = pg.get("published") or {}
        lines.append(f"Publish to PostgreSQL (COPY; the same run into an empty database, timed on its own): "
                     f"{pg['publish_s']:.1f} s inside a process of {pg['wall']:.1f} s (migrations included), peak "
                     f"{pg['peak_mib']:,.0f} MiB; published {pub}.")
    bc, cc = b["quality"].get("classes") or {}, c["quality"].get("classes") or {}
    if cc:
        lines += ["", "| truth class | records | baseline precision / recall | cakupan precision / recall |",
                  "|---|---:|---:|---:|"]
        for name, q in cc.items():
            bq = bc.get(name, {})
            lines.append(f"| {name} | {q['records']:,} | {bq.get('precision')} / {bq.get('recall')} | "
                         f"{q['precision']} / {q['recall']} |")
        lines.append("")
    if sf and "wall" in sf:
        lines.append(f"Snapshot floor (the other benches' floor: NIK join + group-by over cakupan's imported Parquet, "
                     f"timed inside its process): {sf['wall']:.2f} s, {sf['rss_mib']:,.0f} MiB.")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--job", choices=("floor", "baseline", "publish_pg"))
    ap.add_argument("--baseline", choices=sorted(BASELINES), default="docs", help="the baseline's settings (BASELINES)")
    ap.add_argument("--memory-limit", help="DuckDB's memory limit for the baseline and cakupan's link (e.g. 12GB); "
                    "without it each takes DuckDB's default, 80 %% of the machine")
    ap.add_argument("--synth", type=Path), ap.add_argument("--out", type=Path), ap.add_argument("--as-of")
    a = ap.parse_args()
    if a.job == "floor":
        print(json.dumps(job_floor(a.synth, a.out, a.as_of), default=str))
    elif a.job == "publish_pg":
        print(json.dumps(job_publish_pg(a.synth), default=str))
    elif a.job == "baseline":
        print(json.dumps(job_baseline(a.synth, a.out, a.as_of, a.baseline, a.memory_limit), default=str))
    else:
        print(table(bench(a.scale, a.baseline, a.memory_limit)))


if __name__ == "__main__":
    main()
