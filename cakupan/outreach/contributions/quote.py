"""Monthly contribution quotes from the dated rate tables. All money is integer rupiah.

Rounding: each line (one program x one payer) is base x percent / 100 rounded half up to the
whole rupiah; totals are sums of the rounded lines (as a payment slip shows them).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from cakupan.core.formatting import rupiah as rp_text
from cakupan.errors import UserError

from .rates import cap_on, rate_one, rates_on

PU_PROGRAMS = ("JKK", "JKM", "JHT", "JP", "JKP")


def rupiah(base: int | Decimal, percent: Decimal) -> int:
    """base x percent / 100, rounded half up to a whole rupiah."""
    return int((Decimal(base) * percent / Decimal(100)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Line:
    program: str  # JKK | JKM | JHT | JP | JKP | JKK+JKM (PMI: one package for both)
    payer: str  # peserta | pemberi_kerja | pekerja | pemerintah
    base: int  # the rupiah the percent applies to (0 for flat amounts)
    percent: Decimal | None
    amount: int
    regulation: str
    note: str = ""


@dataclass(frozen=True)
class Quote:
    segment: str
    on: date
    lines: tuple[Line, ...]
    per: str = "bulan"  # bulan | kontrak
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    def by_payer(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for line in self.lines:
            out[line.payer] = out.get(line.payer, 0) + line.amount
        return out

    def by_program(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for line in self.lines:
            out[line.program] = out.get(line.program, 0) + line.amount
        return out

    @property
    def programs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(line.program for line in self.lines))

    def as_dict(self) -> dict:
        return {
            "segment": self.segment, "on": self.on.isoformat(), "per": self.per, "total": self.total,
            "by_payer": self.by_payer(), "by_program": self.by_program(), "notes": list(self.notes),
            "lines": [
                {"program": x.program, "payer": x.payer, "base": x.base,
                 "percent": str(x.percent) if x.percent is not None else None,
                 "amount": x.amount, "regulation": x.regulation, "note": x.note}
                for x in self.lines
            ],
        }


def _positive(value: int, what: str) -> int:
    if value is None or int(value) <= 0:
        raise UserError(f"{what} harus lebih dari 0 rupiah.", code="quote.amount")
    return int(value)


def quote_bpu(*, income: int, on: date, jht: bool = False) -> Quote:
    """BPU (informal worker): JKK 1 % of declared income (minimum income Rp 1,000,000), JKM flat,
    JHT 2 % optional (PP 44/2015 jo. PP 82/2019; Permenaker 5/2021). Paid by the participant or a
    sponsor (APBD/APBDes/CSR)."""
    income = _positive(income, "Penghasilan")
    lines, notes = [], []
    for program in ("JKK", "JKM") + (("JHT",) if jht else ()):
        row = rate_one("bpu", on, program=program)
        if row.values["basis"] == "flat":
            lines.append(Line(program, "peserta", 0, None, int(row.values["value"]), row.regulation, row.note))
            continue
        minimum = row.int("min_base") or 0
        base = max(income, minimum)
        if base != income:
            notes.append(f"{program}: penghasilan di bawah minimum, dihitung dari {rp_text(minimum, lang='id')}")
        lines.append(Line(program, "peserta", base, row.dec("value"), rupiah(base, row.dec("value")), row.regulation, row.note))
    return Quote("BPU", on, tuple(lines), notes=tuple(dict.fromkeys(notes)))


def bpu_minimum_monthly(*, on: date, jht: bool = False) -> int:
    """The cheapest BPU month (JKK + JKM at the minimum income): Rp 16,800 under the 2019- table."""
    return quote_bpu(income=1, on=on, jht=jht).total


def quote_pu(*, wage: int, risk_class: int, on: date, programs: tuple[str, ...] = PU_PROGRAMS) -> Quote:
    """PU (wage earner): JKK by risk class, JKM 0.30 %, JHT 3.7 + 2 %, JP 2 + 1 % of the wage up
    to the dated JP cap, JKP 0.22 % from the government on the wage up to the JKP cap; JKK and JKM
    carry the PP 37/2021 recomposition into JKP (shown in the note, not charged twice)."""
    wage = _positive(wage, "Upah")
    if risk_class not in (1, 2, 3, 4, 5):
        raise UserError("Kelas risiko JKK harus 1 sampai 5.", code="quote.risk_class")
    unknown = set(programs) - set(PU_PROGRAMS)
    if unknown:
        raise UserError(f"Program tidak dikenal untuk PU: {', '.join(sorted(unknown))}.", code="quote.program")
    lines, notes = [], []
    for program in PU_PROGRAMS:
        if program not in programs:
            continue
        match = {"program": program} | ({"risk_class": str(risk_class)} if program == "JKK" else {})
        rows = rates_on("pu", on, **match)
        if not rows:
            rate_one("pu", on, **match)  # raises the user error
        base = wage
        if program in ("JP", "JKP"):
            cap = cap_on(f"{program}_WAGE", on)
            if wage > int(cap.values["amount"]):
                base = int(cap.values["amount"])
                notes.append(f"{program}: upah dibatasi {rp_text(base, lang='id')} ({cap.regulation})")
        for row in rows:
            payer = {"employer": "pemberi_kerja", "worker": "pekerja", "government": "pemerintah"}[row.values["payer"]]
            share = row.dec("jkp_share")
            note = row.note + (f"; {share} % dari tarif ini untuk JKP" if share else "")
            lines.append(Line(program, payer, base, row.dec("percent"), rupiah(base, row.dec("percent")), row.regulation, note))
    return Quote("PU", on, tuple(lines), notes=tuple(notes))


def quote_jakon(*, contract_value: int, on: date) -> Quote:
    """Jakon (construction project, wages unknown): JKK and JKM on the contract value by marginal
    tiers (each tier's percent applies only to the part of the value inside the tier), paid once
    per contract by the contractor (PP 44/2015 jo. PP 82/2019; Permenaker 44/2015)."""
    value = _positive(contract_value, "Nilai kontrak")
    lines = []
    tiers = sorted(rates_on("jakon", on), key=lambda r: int(r.values["tier_from"]))
    if not tiers:
        rate_one("jakon", on)
    for program, column in (("JKK", "jkk_percent"), ("JKM", "jkm_percent")):
        for row in tiers:
            low, high = int(row.values["tier_from"]), row.int("tier_to")
            part = (min(value, high) if high is not None else value) - low
            if part <= 0:
                continue
            lines.append(Line(program, "pemberi_kerja", part, row.dec(column), rupiah(part, row.dec(column)), row.regulation, row.note))
    return Quote("JAKON", on, tuple(lines), per="kontrak")


def quote_pmi(*, contract_months: int, on: date, pre_departure: bool = True) -> Quote:
    """PMI (Indonesian migrant worker): JKK + JKM paid at once per work agreement, not monthly —
    Rp 37,500 before work (when the placement agency enrols the worker before departure), then the
    package of the agreement's term: 6, 12 or 24 months; an agreement longer than a package pays
    the largest package it covers plus Rp 13,500 for each month beyond it, one shorter than six
    months the 6-month package (Permenaker 4/2023 ps. 18). JHT is optional and not quoted here."""
    months = int(contract_months or 0)
    if months <= 0 or months > 120:
        raise UserError("Jangka waktu perjanjian kerja PMI harus 1 sampai 120 bulan.", code="quote.months")
    lines, notes = [], []
    if pre_departure:
        row = rate_one("pmi", on, phase="pre_departure")
        lines.append(Line("JKK+JKM", "peserta", 0, None, int(row.values["amount"]), row.regulation,
                          "sebelum bekerja"))
    packages = sorted(rates_on("pmi", on, phase="placement"), key=lambda r: int(r.values["months"]))
    if not packages:
        rate_one("pmi", on, phase="placement")  # raises the user error
    fitting = [r for r in packages if int(r.values["months"]) <= months] or packages[:1]
    package = fitting[-1]
    covered = int(package.values["months"])
    lines.append(Line("JKK+JKM", "peserta", 0, None, int(package.values["amount"]), package.regulation,
                      f"selama dan setelah bekerja, paket {covered} bulan"))
    if months > covered:
        extra = rate_one("pmi", on, phase="beyond_term")
        per_month = int(extra.values["amount"])
        lines.append(Line("JKK+JKM", "peserta", 0, None, per_month * (months - covered), extra.regulation,
                          f"{months - covered} bulan di luar paket × {rp_text(per_month, lang='id')}"))
        notes.append(f"perjanjian kerja {months} bulan: paket {covered} bulan dan {months - covered} bulan di luar paket")
    elif months < covered:
        notes.append(f"perjanjian kerja {months} bulan: paket terkecil {covered} bulan")
    return Quote("PMI", on, tuple(lines), per="kontrak", notes=tuple(notes))
