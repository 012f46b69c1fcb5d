"""Funder writes: add a funder (APBD, APBDes of one kalurahan, CSR of a company) with its budget
and period, and the check every sponsored payment passes before it is stored: the payer is the
funder's kind, the months lie inside the funder's period, the amount fits what is left of its
budget, and an APBDes pays only for residents of its own kalurahan (docs/outreach.md "Funders")."""
from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Sum

from cakupan.accounts.scope import Scope
from cakupan.core.areas import level_of
from cakupan.core.formatting import MONTHS_ID
from cakupan.errors import UserError

from ..inputs import MAX_BUDGET, parse_rupiah
from ..models import Funder
from ..months import month_start

SPONSOR_PAYERS = ("APBD", "APBDES", "CSR")


def _angka(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _month(d: date) -> str:
    return f"{MONTHS_ID[d.month - 1]} {d.year}"


def funder_spent(*, funder: Funder) -> int:
    """Rupiah already paid (or committed) by the funder: the sum of its payments."""
    return int(funder.payments.aggregate(s=Sum("amount"))["s"] or 0)


def funder_remaining(*, funder: Funder) -> int:
    return funder.budget - funder_spent(funder=funder)


@transaction.atomic
def funder_create(*, kind: str, name: str, budget: int | str, period_from: date, period_to: date, scope: Scope,
                  kalurahan_code: str = "", company: str = "", notes: str = "", by: str = "") -> Funder:
    """Add a funder. APBDES needs its kalurahan (inside the user's scope), CSR the company's name."""
    kind = (kind or "").strip().upper()
    if kind not in Funder.Kind.values:
        raise UserError(f"Jenis penyandang dana '{kind[:20]}' tidak dikenal; pilih APBD, APBDES atau CSR.", code="funder.kind")
    name = " ".join((name or "").split())
    if not name:
        raise UserError("Nama penyandang dana wajib diisi.", code="funder.name")
    if len(name) > 150:
        raise UserError("Nama penyandang dana paling panjang 150 huruf.", code="funder.name")
    if Funder.objects.filter(name__iexact=name).exists():
        raise UserError(f"Penyandang dana '{name}' sudah ada.", code="funder.exists")
    if scope.role not in ("admin", "analis", "kepatuhan", "kapanewon", "kalurahan"):
        raise UserError("Peran Anda tidak boleh menambah penyandang dana.", code="funder.forbidden")
    amount = parse_rupiah(budget, what="Anggaran", maximum=MAX_BUDGET)
    if period_to < period_from:
        raise UserError("Akhir masa anggaran sebelum awalnya.", code="funder.period")
    if not 2000 <= period_from.year <= 2100 or not 2000 <= period_to.year <= 2100:
        raise UserError("Masa anggaran harus di antara tahun 2000 dan 2100.", code="funder.period")
    kalurahan_code = (kalurahan_code or "").strip()
    company = " ".join((company or "").split())
    if kind == "APBDES":
        from cakupan.wilayah.selectors import area_exists

        if not kalurahan_code or level_of(kalurahan_code) != "kalurahan" or not area_exists(kalurahan_code):
            raise UserError("APBDes memerlukan kode kalurahan yang ada, mis. 34.02.01.2001.", code="funder.kalurahan")
        if not scope.area_allowed(kalurahan_code):
            raise UserError(f"Kalurahan {kalurahan_code} di luar wilayah Anda.", code="funder.scope")
    elif kalurahan_code:
        raise UserError("Kalurahan hanya diisi untuk APBDes.", code="funder.kalurahan")
    elif scope.area_code:
        raise UserError("Operator kapanewon/kalurahan hanya menambah APBDes kalurahan di wilayahnya.", code="funder.scope")
    if kind == "CSR" and not company:
        raise UserError("CSR memerlukan nama perusahaan.", code="funder.company")
    return Funder.objects.create(kind=kind, name=name, kalurahan_code=kalurahan_code, company=company[:200],
                                 budget=amount, period_from=period_from, period_to=period_to,
                                 notes=(notes or "").strip()[:500], created_by_name=by)


def funder_payment_check(*, funder: Funder, payer: str, month_from: date, month_to: date, amount: int,
                         kalurahan_code: str = "") -> None:
    """Refuse, in one line, a payment the funder cannot make. Call inside the transaction that
    stores the payment: the funder row is locked so two payments cannot both take the last rupiah."""
    funder = Funder.objects.select_for_update().get(pk=funder.pk)
    if payer != funder.kind:
        raise UserError(f"Penyandang dana {funder.name} adalah {funder.get_kind_display()}; pembayar harus {funder.kind}, "
                        f"bukan {payer}.", code="funder.payer")
    if month_from < month_start(funder.period_from) or month_to > month_start(funder.period_to):
        raise UserError(f"Bulan dibayar {_month(month_from)}–{_month(month_to)} di luar masa anggaran {funder.name} "
                        f"({_month(funder.period_from)}–{_month(funder.period_to)}).", code="funder.period")
    if funder.kind == "APBDES" and kalurahan_code and kalurahan_code != funder.kalurahan_code:
        raise UserError(f"APBDes {funder.name} hanya membayar warga kalurahannya ({funder.kalurahan_code}), "
                        f"bukan warga {kalurahan_code}.", code="funder.kalurahan")
    left = funder_remaining(funder=funder)
    if amount > left:
        raise UserError(f"Pembayaran Rp {_angka(amount)} melebihi sisa anggaran {funder.name}: Rp {_angka(left)} "
                        f"dari Rp {_angka(funder.budget)}.", code="funder.budget")
