"""Benchmark: import a 500,000-row population CSV into the embedded setup (issue 2: <= 20 s).

    .venv/bin/python bench/bench_import.py [--rows 500000] [--keep DIR]

Generates its own Dukcapil-style CSV (';' separated, UTF-8 with BOM, dd-mm-yyyy dates, 1 % dirty
rows), then times, in the same run:
- the floor: bare DuckDB ``read_csv(all_varchar) -> COPY parquet`` of the same file;
- ``snapshot_import(kind="population")`` into a fresh CAKUPAN_HOME (SQLite), migrations and
  reference data loaded before the clock starts.
Prints rows/s of both and the ratio. Not a test: nothing is asserted.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
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


def bantul_codes() -> tuple[list[str], list[str]]:
    kec, kal = [], []
    with (ROOT / "cakupan/reference/bantul/wilayah.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            (kec if row["kind"] == "kapanewon" else kal if row["kind"] == "kalurahan" else []).append(row["code"])
    return kec, kal


def generate(path: Path, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    kecs, kals = bantul_codes()
    base = date(1945, 1, 1)
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
            out.writerow([nik, f"3402{i:012d}", rnd.choice(NAMES), "P" if female else "L", "Bantul", tgl,
                          rnd.choice(kals), rnd.choice(DUSUN), rnd.choice(OCCUPATIONS)])


def floor(path: Path, out: Path) -> float:
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{path}', all_varchar=true, delim=';', header=true)) "
                f"TO '{out}' (FORMAT parquet)")
    con.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--keep", type=Path, default=None, help="work directory to keep")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="cakupan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["CAKUPAN_HOME"] = str(work / "home")
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    csv_path = work / "population.csv"
    t = time.perf_counter()
    generate(csv_path, args.rows)
    print(f"generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")

    from cakupan.home import ensure_ready

    ensure_ready()
    from cakupan.registries.services import snapshot_import

    floor_s = floor(csv_path, work / "floor.parquet")
    start = time.perf_counter()
    report = snapshot_import(kind="population", path=csv_path, as_of=date(2026, 6, 30), user_name="bench")
    import_s = time.perf_counter() - start
    assert report.rows_read == report.rows_loaded + report.rows_quarantined
    print(f"floor  (duckdb read_csv -> parquet): {floor_s:6.2f} s  {args.rows / floor_s:12,.0f} rows/s")
    print(f"import (snapshot_import population): {import_s:6.2f} s  {args.rows / import_s:12,.0f} rows/s")
    print(f"ratio import/floor: {import_s / floor_s:.1f}x   "
          f"loaded {report.rows_loaded:,}, quarantined {report.rows_quarantined:,} {report.reasons}")
    print(f"target: <= 20 s for 500,000 rows -> {'OK' if import_s <= 20 else 'TOO SLOW'}")
    if args.keep is None:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
