"""Benchmark: import a Dukcapil population CSV (issue 2: 500,000 rows <= 20 s; issue 16: streaming,
peak memory bounded whatever the file size).

    .venv/bin/python bench/bench_import.py                       # 964,784 rows (1x Bantul)
    .venv/bin/python bench/bench_import.py --rows 9634630        # 10x
    .venv/bin/python bench/bench_import.py --rows 9634630 --dirty --keep /tmp/bench-import

Generates its own Dukcapil-style CSV (';' separated, UTF-8 with BOM, dd-mm-yyyy dates, 1 % dirty
rows); ``--dirty`` also puts a corrupt line (control bytes and garbage, 16 cells) in the middle and
cuts the last line short (no line end). Then, each in its own process so wall time and peak RSS
(ru_maxrss) belong to that job alone, in the same run:
- the floor: bare DuckDB ``read_csv(all_varchar) -> COPY parquet`` of the same file;
- ``snapshot_import(kind="population")`` into a fresh CAKUPAN_HOME (SQLite), migrations and
  reference data loaded before the clock starts.
Prints rows/s and peak RSS of both and the ratios; with ``--dirty`` checks that rows read = loaded +
quarantined and that the two broken lines are quarantined (row number, reason). Not a test: only
the dirty checks are judged (OK / FAIL), nothing is asserted.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OCCUPATIONS = ["PETANI/PEKEBUN", "WIRASWASTA", "PELAJAR/MAHASISWA", "MENGURUS RUMAH TANGGA",
               "KARYAWAN SWASTA", "BURUH HARIAN LEPAS", "PEDAGANG", "BELUM/TIDAK BEKERJA", "88", "9"]
DUSUN = ["Krajan", "Kauman", "Ngasem", "Karanganyar", "Jetis", "Sorobayan", "Kembang", "Gunungan"]
NAMES = ["Ngadiyem", "Soeparman", "Sri Rahayu", "Budi Santoso", "Wagiyo", "Tukinem", "Agus", "Siti"]
CORRUPT = "\x1bPK\x03\x04\x14\x08;" * 3 + "ÿþ\x7f\x01;" * 12 + "\x02\x1b"  # 16 cells of garbage
TRUNCATED_AT = 11  # characters of the last line kept: the NIK is cut to 11 digits
ONE_X = 964_784


def bantul_codes() -> tuple[list[str], list[str]]:
    kec, kal = [], []
    with (ROOT / "cakupan/reference/bantul/wilayah.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            (kec if row["kind"] == "kapanewon" else kal if row["kind"] == "kalurahan" else []).append(row["code"])
    return kec, kal


def generate(path: Path, rows: int, seed: int = 7, *, dirty: bool = False) -> dict:
    """Write the CSV; returns the line numbers of the broken lines (``dirty``)."""
    rnd = random.Random(seed)
    kecs, kals = bantul_codes()
    base = date(1945, 1, 1)
    middle = rows // 2 if dirty else -1
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["NIK", "NO_KK", "NAMA_LGKP", "JENIS_KLMIN", "TMPT_LHR", "TGL_LHR", "KODE_WILAYAH",
                      "DUSUN", "JENIS_PKRJN"])
        for i in range(rows):
            kec = kecs[i % len(kecs)].replace(".", "")
            born = base + timedelta(days=(i // len(kecs)) % 25000)
            serial = i // (len(kecs) * 25000) + 1
            female = rnd.random() < 0.5
            day = born.day + (40 if female else 0)
            nik = f"{kec}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
            tgl = born.strftime("%d-%m-%Y")
            if i % 100 == 1:
                tgl = "31-02-1990"  # dirty: not a date
            if i % 100 == 2:
                nik = nik[:-1]  # dirty: 15 digits
            cells = [nik, f"3402{i:012d}", rnd.choice(NAMES), "P" if female else "L", "Bantul", tgl,
                     rnd.choice(kals), rnd.choice(DUSUN), rnd.choice(OCCUPATIONS)]
            if i == middle:
                fh.write(CORRUPT + "\r\n")
            elif dirty and i == rows - 1:
                fh.write(";".join(cells)[:TRUNCATED_AT])  # cut short, no line end
            else:
                out.writerow(cells)
    # the header is line 1, data row i is line i + 2
    return {"corrupt": middle + 2, "truncated": rows + 1} if dirty else {}


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def job_floor(csv_path: Path, out: Path, dirty: bool) -> dict:
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect()
    errors = ", ignore_errors=true" if dirty else ""
    con.execute(f"COPY (SELECT * FROM read_csv('{csv_path}', all_varchar=true, delim=';', header=true{errors})) "
                f"TO '{out}' (FORMAT parquet)")
    con.close()
    return {"wall": time.perf_counter() - start, "rss_mib": _rss_mib()}


def job_import(csv_path: Path, home: Path, check: dict) -> dict:
    os.environ["CAKUPAN_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    from cakupan.home import ensure_ready

    ensure_ready()
    from cakupan.registries.services import snapshot_import

    before = _rss_mib()
    start = time.perf_counter()
    report = snapshot_import(kind="population", path=csv_path, as_of=date(2026, 6, 30), user_name="bench")
    wall = time.perf_counter() - start
    result = {"wall": wall, "rss_mib": _rss_mib(), "rss_before_mib": before, "rows_read": report.rows_read,
              "rows_loaded": report.rows_loaded, "rows_quarantined": report.rows_quarantined,
              "reasons": report.reasons}
    if check:
        import duckdb

        from cakupan.registries.models import Snapshot

        snap = Snapshot.objects.get(pk=report.snapshot_id)
        wanted = ", ".join(str(int(n)) for n in check.values())
        rows = duckdb.sql(f"SELECT row_number, reason_code FROM read_parquet('{home / snap.quarantine_path}') "
                          f"WHERE row_number IN ({wanted})").fetchall()
        result["broken"] = {str(n): code for n, code in rows}
    return result


def _child(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-3:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _check_dirty(result: dict, rows: int, broken: dict) -> list[str]:
    found = result.get("broken", {})
    expect = {broken["corrupt"]: "baris.kolom_berlebih", broken["truncated"]: "nik.length"}
    problems = [f"line {n}: {found.get(str(n))} (expected {code})" for n, code in expect.items()
                if found.get(str(n)) != code]
    if result["rows_read"] != rows:
        problems.append(f"rows read {result['rows_read']:,} != {rows:,} data lines")
    if result["rows_read"] != result["rows_loaded"] + result["rows_quarantined"]:
        problems.append("rows read != loaded + quarantined")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ONE_X)
    parser.add_argument("--dirty", action="store_true", help="a corrupt line in the middle, a truncated last line")
    parser.add_argument("--keep", type=Path, default=None, help="work directory to keep (the CSV is reused)")
    parser.add_argument("--job", choices=["floor", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--check", default="{}", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job == "floor":
        print(json.dumps(job_floor(args.csv, args.out, args.dirty)))
        return
    if args.job == "import":
        print(json.dumps(job_import(args.csv, args.out, json.loads(args.check))))
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="cakupan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path = work / f"population-{args.rows}{'-dirty' if args.dirty else ''}.csv"
    meta = csv_path.with_suffix(".json")
    if csv_path.exists() and meta.exists():
        broken = json.loads(meta.read_text())
        print(f"reusing {csv_path} ({csv_path.stat().st_size / 1e6:.1f} MB)")
    else:
        t = time.perf_counter()
        broken = generate(csv_path, args.rows, dirty=args.dirty)
        meta.write_text(json.dumps(broken))
        size = csv_path.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size:.1f} MB) in {time.perf_counter() - t:.1f} s")
    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    dirty = ["--dirty"] if args.dirty else []
    load = os.getloadavg()[0]
    floor = _child(["--job", "floor", "--csv", str(csv_path), "--out", str(work / "floor.parquet"), *dirty])
    result = _child(["--job", "import", "--csv", str(csv_path), "--out", str(home), "--check", json.dumps(broken)])
    if "error" in floor or "error" in result:
        print("failed:", floor.get("error"), result.get("error"))
        sys.exit(1)
    n = args.rows
    print(f"{date.today()}, {os.cpu_count()} cores, load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"floor  (duckdb read_csv -> parquet): {floor['wall']:7.2f} s {n / floor['wall']:12,.0f} rows/s "
          f"peak {floor['rss_mib']:7.0f} MiB")
    print(f"import (snapshot_import population): {result['wall']:7.2f} s {n / result['wall']:12,.0f} rows/s "
          f"peak {result['rss_mib']:7.0f} MiB (before the import {result['rss_before_mib']:.0f} MiB)")
    print(f"ratio import/floor: {result['wall'] / floor['wall']:.1f}x time; loaded {result['rows_loaded']:,}, "
          f"quarantined {result['rows_quarantined']:,} {result['reasons']}")
    print(f"peak <= 1 GiB: {'OK' if result['rss_mib'] <= 1024 else 'OVER'}")
    if args.dirty:
        problems = _check_dirty(result, n, broken)
        print(f"dirty: corrupt line {broken['corrupt']:,} and truncated last line {broken['truncated']:,} "
              f"-> {'OK, quarantined, the rest loaded' if not problems else 'FAIL: ' + '; '.join(problems)}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
