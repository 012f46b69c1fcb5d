"""Plain-Indonesian reasons for a member ↔ person pair, for the clerk and the audit export.

    reasons_text(PairFacts(...)) -> "nama mirip (Soeparman ~ Suparman), tanggal lahir sama, NIK beda 2 digit"
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

_BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember")


@dataclass(frozen=True)
class PairFacts:
    member_nama: str | None
    cand_nama: str | None
    name_norm_same: bool
    name_jw: float | None          # Jaro-Winkler of the normalised names
    member_tanggal_lahir: date | None
    cand_tanggal_lahir: date | None
    member_nik_raw: str | None     # as given
    member_nik16: str | None       # as compared (padded / recovered from a spreadsheet float)
    cand_nik: str | None
    member_jenis_kelamin: str | None
    cand_jenis_kelamin: str | None
    member_kode_wilayah: str | None
    cand_kode_wilayah: str | None


def _tanggal(d: date) -> str:
    return f"{d.day} {_BULAN[d.month - 1]} {d.year}"


def _show(nama: str | None) -> str:
    return " ".join((nama or "").split()).title()


def _name(f: PairFacts) -> str:
    a, b = _show(f.member_nama), _show(f.cand_nama)
    if f.name_norm_same:
        return "nama sama" if a == b else f"nama sama setelah dibakukan ({a} ~ {b})"
    if f.member_nama is None or f.cand_nama is None:
        return "nama kosong"
    if (f.name_jw or 0) >= 0.88:
        return f"nama mirip ({a} ~ {b})"
    na, nb = f" {' '.join(a.upper().split())} ", f" {' '.join(b.upper().split())} "
    if na in nb or nb in na:
        return f"nama yang satu lebih lengkap ({a} ~ {b})"
    return f"nama beda ({a} ~ {b})"


def _date(a: date | None, b: date | None) -> str:
    if a is None or b is None:
        return "tanggal lahir kosong"
    if a == b:
        return "tanggal lahir sama"
    if a.day == b.month and a.month == b.day and a.year == b.year:
        return f"tanggal dan bulan lahir tertukar ({_tanggal(a)} ~ {_tanggal(b)})"
    if a.day == b.day and a.month == b.month:
        return f"tahun lahir beda ({a.year} ~ {b.year})"
    if a.year == b.year:
        return f"tahun lahir sama, tanggal beda ({_tanggal(a)} ~ {_tanggal(b)})"
    return f"tanggal lahir beda ({_tanggal(a)} ~ {_tanggal(b)})"


def _nik(f: PairFacts) -> str:
    if not f.member_nik_raw:
        return "NIK kosong"
    if f.member_nik16 is None or f.cand_nik is None:
        return "NIK tidak terbaca"
    diff = sum(x != y for x, y in zip(f.member_nik16, f.cand_nik))
    mangled = f.member_nik16 != f.member_nik_raw.strip()
    if diff == 0:
        return "NIK sama" if not mangled else "NIK sama setelah dipulihkan dari angka spreadsheet"
    note = " (rusak di spreadsheet)" if mangled and not f.member_nik_raw.strip().isdigit() else ""
    if note and f.member_nik16[:15] == f.cand_nik[:15]:
        return "NIK sama pada 15 digit pertama (digit terakhir hilang di spreadsheet)"
    if diff == 2 and any(f.member_nik16[i:i + 2] == f.cand_nik[i + 1:i + 2] + f.cand_nik[i:i + 1]
                         and f.member_nik16[i] != f.cand_nik[i] for i in range(15)):
        return f"NIK dua digit bersebelahan tertukar{note}"
    for part, lo, hi in (("kode wilayah", 0, 6), ("tanggal", 6, 12), ("nomor urut", 12, 16)):
        if diff <= 2 and f.member_nik16[:lo] + f.member_nik16[hi:] == f.cand_nik[:lo] + f.cand_nik[hi:]:
            return f"NIK beda {diff} digit di {part}{note}"
    return f"NIK beda {diff} digit{note}" if diff <= 4 else f"NIK beda{note}"


def _area(a: str | None, b: str | None) -> str:
    if not a or not b:
        return "wilayah kosong"
    if a == b:
        return "kalurahan sama"
    if a[:8] == b[:8]:
        return "kapanewon sama, kalurahan beda"
    return "wilayah beda"


def reasons_text(f: PairFacts) -> str:
    parts = [_name(f), _date(f.member_tanggal_lahir, f.cand_tanggal_lahir), _nik(f)]
    if f.member_jenis_kelamin and f.cand_jenis_kelamin and f.member_jenis_kelamin != f.cand_jenis_kelamin:
        parts.append("jenis kelamin beda")
    parts.append(_area(f.member_kode_wilayah, f.cand_kode_wilayah))
    return ", ".join(parts)
