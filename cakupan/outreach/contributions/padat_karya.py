"""Padat karya (cash-for-work) crews.

Choice (docs/contributions.md): a village padat karya crew is insured like BPU workers — JKK + JKM
on a declared monthly income (the minimum Rp 1,000,000 unless given) for every calendar month the
project days touch — not as Jakon: Jakon needs a construction contract value and a contractor,
while padat karya kas desa is self-managed (swakelola) with daily workers and no contract value.
A project of 21 working days inside one month therefore costs one BPU minimum month per worker.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cakupan.errors import UserError

from ..months import month_count, month_start
from .quote import Quote, quote_bpu


@dataclass(frozen=True)
class CrewQuote:
    workers: int
    months: int
    per_worker_month: Quote

    @property
    def total(self) -> int:
        return self.workers * self.months * self.per_worker_month.total


def quote_padat_karya(*, workers: int, start: date, end: date, income: int = 1_000_000) -> CrewQuote:
    if workers <= 0:
        raise UserError("Jumlah pekerja padat karya harus lebih dari 0.", code="quote.workers")
    if end < start:
        raise UserError("Tanggal selesai proyek sebelum tanggal mulai.", code="quote.dates")
    per = quote_bpu(income=income, on=start)
    return CrewQuote(workers, month_count(month_start(start), month_start(end)), per)
