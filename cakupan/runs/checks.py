"""What a run's figures may be missing or mixing: each warning is one sentence with the action
that fixes it, printed by `cakupan link`, recorded in the run's summary and shown on its page.

    warnings = run_checks(as_of=date(2023, 2, 27), snaps=run_snapshots(as_of=...), run_dir=run_dir)
    -> [{"code": "no_asn_roster", "message": "Tidak ada daftar ASN: ..."}, ...]
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from cakupan.core.formatting import angka, persen, tanggal
from cakupan.core.labels import roster_kind_name
from cakupan.core.vocab import ROSTER_KINDS

MONTHS_APART = 3  # member and population extracts further apart than this mix two moments
QUARANTINE_SHARE = 0.05  # a snapshot that quarantined more than this share of its rows
OCCUPATION_EXCLUDED = ("PNS", "TNI", "POLRI", "occupation_excluded")  # exclusion reasons of the mapping


def _warning(code: str, message: str) -> dict:
    return {"code": code, "message": message}


def _months_apart(a: date, b: date) -> int:
    return abs((a.year - b.year) * 12 + a.month - b.month)


def _marked_by_occupation(run_dir: Path | None) -> int | None:
    """People the occupation field marks PNS/TNI/Polri (excluded by the mapping), from the run's
    person_status mart; None when the run directory is not there."""
    path = Path(run_dir or "") / "person_status.parquet"
    if run_dir is None or not path.exists():
        return None
    import duckdb

    codes = ", ".join(f"'{c}'" for c in OCCUPATION_EXCLUDED)
    con = duckdb.connect()
    try:
        return int(con.execute(f"SELECT count(*) FROM read_parquet('{path}') WHERE excluded_reason IN ({codes})")
                   .fetchone()[0])
    finally:
        con.close()


def run_checks(*, as_of: date, snaps: dict, run_dir: Path | None = None, last_published: date | None = None) -> list[dict]:
    out: list[dict] = []
    rosters = snaps.get("rosters") or {}
    population, members = snaps.get("population"), snaps.get("members")
    if "asn" not in rosters:
        marked = _marked_by_occupation(run_dir)
        known = f"kolom pekerjaan hanya menandai {angka(marked)} orang sebagai PNS/TNI/Polri" if marked is not None \
            else "hanya kolom pekerjaan yang menandai PNS/TNI/Polri"
        out.append(_warning("no_asn_roster", (
            f"Tidak ada daftar ASN: P3K, dan PNS yang pekerjaannya tidak tercatat sebagai PNS, tidak bisa dikeluarkan "
            f"dari angkatan kerja ({known}; jumlah P3K tidak diketahui). Impor daftar ASN (roster asn) lalu jalankan "
            f"lagi.")))
    if population is not None and members is not None and _months_apart(population.as_of, members.as_of) > MONTHS_APART:
        out.append(_warning("data_dates_apart", (
            f"Data penduduk ({tanggal(population.as_of)}) dan data peserta ({tanggal(members.as_of)}) berjarak lebih "
            f"dari {MONTHS_APART} bulan, sehingga angka mencampur dua keadaan. Impor data yang tanggalnya berdekatan.")))
    never = [k for k in ROSTER_KINDS.codes if k != "asn" and k not in rosters]
    if never:
        names = ", ".join(roster_kind_name(k) for k in never)
        out.append(_warning("rosters_missing", (
            f"Belum ada daftar {names}: ekosistem dan kepatuhan untuk daftar itu belum terhitung. Impor daftarnya bila "
            f"tersedia.")))
    for snap in [population, members, *rosters.values()]:
        if snap is not None and snap.rows_read and snap.rows_quarantined / snap.rows_read > QUARANTINE_SHARE:
            out.append(_warning("quarantine_share", (
                f"Snapshot #{snap.pk} ({snap.file_name}) mengarantina {persen(100 * snap.rows_quarantined / snap.rows_read)} "
                f"barisnya ({angka(snap.rows_quarantined)} baris): orang-orang itu tidak terhitung. Unduh baris karantina, "
                f"perbaiki, lalu unggah sebagai perbaikan.")))
    if last_published is not None and as_of < last_published:
        out.append(_warning("as_of_before_published", (
            f"Tanggal acuan {tanggal(as_of)} lebih awal dari run terbit terakhir ({tanggal(last_published)}): dasbor "
            f"tetap menampilkan yang terbaru. Periksa tanggal acuan bila tidak sengaja.")))
    return out
