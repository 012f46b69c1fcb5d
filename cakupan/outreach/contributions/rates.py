"""Dated contribution rate tables (cakupan/reference/rates/*.csv), each row with its regulation and
its effective dates. No Django: the quote functions and the tests read these directly.

A row applies on date D when effective_from <= D and (effective_to is empty or D <= effective_to).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from cakupan.core.reference import RATES_DIR
from cakupan.errors import UserError


@dataclass(frozen=True)
class RateRow:
    table: str
    values: dict
    effective_from: date
    effective_to: date | None
    regulation: str
    note: str

    def applies(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def dec(self, key: str) -> Decimal:
        return Decimal(self.values[key])

    def int(self, key: str) -> int | None:
        raw = self.values.get(key, "")
        return int(raw) if raw not in ("", None) else None


def _date(raw: str) -> date | None:
    return date.fromisoformat(raw) if raw else None


@lru_cache(maxsize=None)
def rate_table(name: str) -> tuple[RateRow, ...]:
    """All rows of one table (bpu, pu, caps, jakon, pmi), in file order."""
    path = RATES_DIR / f"{name}.csv"
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for rec in csv.DictReader(fh):
            start = _date(rec.pop("effective_from"))
            end = _date(rec.pop("effective_to"))
            regulation = rec.pop("regulation")
            note = rec.pop("note", "")
            if start is None:
                raise ValueError(f"{path.name}: a row without effective_from")
            rows.append(RateRow(name, rec, start, end, regulation, note))
    return tuple(rows)


def rates_on(name: str, on: date, **match: str) -> list[RateRow]:
    """Rows of a table in force on `on` whose columns equal `match` (strings)."""
    found = [
        r for r in rate_table(name)
        if r.applies(on) and all(r.values.get(k, "") == v for k, v in match.items())
    ]
    return found


TABLE_NAMES = {"bpu": "BPU (bukan penerima upah)", "pu": "PU (penerima upah)", "caps": "batas upah",
               "jakon": "jasa konstruksi", "pmi": "PMI (pekerja migran Indonesia)"}
_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember")
_MATCH_WORDS = {"program": "program", "payer": "pembayar", "risk_class": "kelas risiko", "cap": "batas", "phase": "tahap"}
_PAYER_WORDS = {"employer": "pemberi kerja", "worker": "pekerja", "pemerintah": "pemerintah",
                "pre_departure": "sebelum bekerja", "placement": "selama bekerja", "beyond_term": "di luar paket"}


def _tanggal(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _match_text(match: dict) -> str:
    """' (program JKK, kelas risiko 2)': the looked-up row in words, no column names."""
    parts = [f"{_MATCH_WORDS.get(k, k)} {_PAYER_WORDS.get(v, v)}" for k, v in match.items()]
    return f" ({', '.join(parts)})" if parts else ""


def rate_one(name: str, on: date, **match: str) -> RateRow:
    found = rates_on(name, on, **match)
    if not found:
        raise UserError(
            f"Tidak ada tarif iuran {TABLE_NAMES.get(name, name)}{_match_text(match)} yang berlaku pada "
            f"{_tanggal(on)}: tabel tarif bertanggal belum memuat peraturan untuk tanggal itu. "
            "Pilih bulan lain atau minta admin memperbarui tabel tarif.",
            code="rates.missing",
        )
    if len(found) > 1:
        raise ValueError(f"rates {name} overlap on {on}: {found}")
    return found[0]


def cap_on(cap: str, on: date) -> RateRow:
    return rate_one("caps", on, cap=cap)
