"""Enrolment writes: register a participant (BPU, PU worker, padat karya worker, PMI) with NIK
validation and a contribution from the dated rate tables; record payments; confirm enrolments
once a coverage run shows the NIK active. Enrolments feed the next snapshot as PROVISIONAL."""
from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from cakupan.coverage.models import CoverageRun, PersonStatus
from cakupan.coverage.selectors import run_latest
from cakupan.core.formatting import tanggal
from cakupan.core.labels import segment_name
from cakupan.errors import UserError
from cakupan.nik import MESSAGES, parse_nik

from ..contributions import quote_bpu, quote_pmi, quote_pu
from ..contributions.quote import Quote
from ..inputs import MAX_RUPIAH, check_months, parse_rupiah
from ..models import Enrolment, Funder, Payment, WorklistItem
from ..months import month_add, month_count
from .funders import funder_payment_check
from .worklists import worklist_item_outcome_set

log = logging.getLogger(__name__)
PAYERS_BY_SEGMENT = {
    "BPU": {"SELF", "APBD", "APBDES", "CSR"},
    "PADAT_KARYA": {"APBD", "APBDES", "CSR", "SELF"},
    "PU": {"EMPLOYER"},
    # PMI (Permenaker 4/2023): the worker, or the placement agency (P3MI; BP2MI for government
    # placement) that enrols the worker before departure, or a regional sponsor.
    "PMI": {"SELF", "P3MI", "APBD", "APBDES", "CSR"},
}
PMI_MAX_MONTHS = 120  # quote_pmi's bound
def _payer_name(code: str) -> str:
    return str(dict(Enrolment.Payer.choices).get(code, code))


def _segment_name(code: str) -> str:
    return str(dict(Enrolment.Segment.choices).get(code, code))


def payers_for(segment: str) -> list[str]:
    """The payer codes that fit a segment, in the order of Enrolment.Payer."""
    return [p for p in Enrolment.Payer.values if p in PAYERS_BY_SEGMENT.get(segment, ())]


def check_income(income: int | None, *, segment: str = "BPU") -> int | None:
    """None, or a whole-rupiah income/wage between Rp 1 and Rp 1 miliar a month."""
    if income is None:
        return None
    what = "Upah sebulan" if segment == "PU" else "Penghasilan sebulan"
    return parse_rupiah(income, what=what, maximum=MAX_RUPIAH)


MEMBER_SEGMENT = {"BPU": "BPU", "PADAT_KARYA": "BPU", "PU": "PU", "PMI": "PMI"}  # segmen as in the member extract


def enrolment_quote(*, segment: str, on: date, income: int | None = None, jht: bool = False,
                    risk_class: int | None = None, contract_months: int | None = None,
                    pre_departure: bool = True) -> Quote:
    """The monthly quote an enrolment of this segment would pay in month `on`; PMI: the quote per
    work agreement of `contract_months` (paid once)."""
    if segment == "PMI":
        return quote_pmi(contract_months=contract_months or 0, on=on, pre_departure=pre_departure)
    if segment == "BPU":
        return quote_bpu(income=income or 0, on=on, jht=jht)
    if segment == "PADAT_KARYA":  # BPU-like JKK + JKM (see contributions/padat_karya.py)
        return quote_bpu(income=income or 1_000_000, on=on, jht=False)
    if segment == "PU":
        return quote_pu(wage=income or 0, risk_class=risk_class or 0, on=on)
    raise UserError("Segmen pendaftaran harus BPU, PU, padat karya atau PMI (Jakon didaftarkan per proyek).", code="enrol.segment")


def _amount_for(*, segment: str, start: date, months: int, **kw) -> int:
    """Sum of the monthly quotes month by month, so a rate or cap change inside the period counts.
    PU: only what the employer and worker pay (the government's JKP part is not billed)."""
    total = 0
    for i in range(months):
        q = enrolment_quote(segment=segment, on=month_add(start, i), **kw)
        total += q.total - q.by_payer().get("pemerintah", 0)
    return total


def _kind_for(nik: str) -> tuple[str, PersonStatus | None]:
    run = run_latest()
    person = PersonStatus.objects.filter(run=run, nik=nik).first() if run else None
    if person and person.status == "active":
        raise UserError(f"NIK {nik[:4]}… sudah peserta aktif ({segment_name(person.segment)}) per {tanggal(run.as_of, lang='id')}.",
                        code="enrol.active")
    kind = Enrolment.Kind.REACTIVATION if person and person.status == "nonactive" else Enrolment.Kind.NEW
    return kind, person


@transaction.atomic
def enrolment_register(*, nik: str, nama: str, segment: str, payer: str, month_from: date, month_to: date,
                       income: int | None = None, jht: bool = False, risk_class: int | None = None,
                       employer: str = "", batch: str = "", by: str = "",
                       worklist_item: WorklistItem | None = None, contract_months: int | None = None,
                       pre_departure: bool = True, funder: Funder | None = None) -> Enrolment:
    """Register one participant. From a worklist item the NIK may be left empty (the item's NIK is
    used, so a role that sees masked NIKs can still register), and the item's outcome becomes
    'terdaftar' when none was recorded yet.

    PMI: one payment for the whole work agreement, `contract_months` long from `month_from`
    (month_to is then month_from + months - 1; without contract_months the months from..to are the
    agreement), quoted by quote_pmi — not month by month. A `funder` (APBD/APBDes/CSR) must match
    the payer and have the period and the budget left for the payment."""
    if worklist_item is not None and not (nik or "").strip():
        nik = worklist_item.nik
    result = parse_nik(nik)
    if not result.ok:
        raise UserError(f"NIK tidak sah: {result.message or MESSAGES.get(result.error, result.error)}", code=result.error or "nik.invalid")
    nik = result.nik
    nama = (nama or "").strip()
    if not nama:
        raise UserError("Nama peserta wajib diisi.", code="enrol.name")
    if segment not in PAYERS_BY_SEGMENT:
        enrolment_quote(segment=segment, on=month_from)  # raises the segment error
    if payer not in PAYERS_BY_SEGMENT[segment]:
        allowed = ", ".join(_payer_name(p) for p in payers_for(segment))
        raise UserError(f"Pembayar {_payer_name(payer)} tidak berlaku untuk {_segment_name(segment)}; pilih: {allowed}.",
                        code="enrol.payer")
    income = check_income(income, segment=segment)
    if segment == "PMI":
        months = int(contract_months) if contract_months is not None else month_count(month_from, month_to)
        if not 1 <= months <= PMI_MAX_MONTHS:
            raise UserError(f"Jangka waktu perjanjian kerja PMI harus 1 sampai {PMI_MAX_MONTHS} bulan.", code="enrol.pmi_months")
        month_to = month_add(month_from, months - 1)
        check_months(month_from, month_from)  # the agreement starts inside the window; it may run beyond it
    else:
        check_months(month_from, month_to)
    if segment == "PU" and not employer.strip():
        raise UserError("Pendaftaran PU memerlukan nama pemberi kerja.", code="enrol.employer")
    overlap = Enrolment.objects.filter(nik=nik, status=Enrolment.Status.PROVISIONAL, payments__month_to__gte=month_from,
                                       payments__month_from__lte=month_to)
    if overlap.exists():
        raise UserError(f"NIK {nik[:4]}… sudah didaftarkan untuk bulan-bulan ini (menunggu konfirmasi).", code="enrol.duplicate")
    kind, person = _kind_for(nik)
    months = month_count(month_from, month_to)
    if segment == "PMI":
        quote = enrolment_quote(segment=segment, on=month_from, contract_months=months, pre_departure=pre_departure)
        amount = quote.total  # once per agreement
        programs = "JKK,JKM"
    else:
        kw = {"income": income, "jht": jht, "risk_class": risk_class}
        quote = enrolment_quote(segment=segment, on=month_from, **kw)
        amount = _amount_for(segment=segment, start=month_from, months=months, **kw)
        programs = ",".join(quote.programs)
    kalurahan = person.kalurahan_code if person else ""
    if funder is not None:
        funder_payment_check(funder=funder, payer=payer, month_from=month_from, month_to=month_to, amount=amount,
                             kalurahan_code=kalurahan)
    enrolment = Enrolment.objects.create(
        nik=nik, nama=nama[:200], kalurahan_code=kalurahan, segment=segment,
        programs=programs, income=income if segment != "PMI" else None,
        risk_class=risk_class if segment == "PU" else None,
        employer=employer.strip(), batch=batch.strip(), payer=payer,
        monthly_amount=quote.total - quote.by_payer().get("pemerintah", 0), quote=quote.as_dict(),
        kind=kind, worklist_item=worklist_item, funder=funder, created_by_name=by,
    )
    Payment.objects.create(enrolment=enrolment, month_from=month_from, month_to=month_to, months=months,
                           amount=amount, payer=payer, funder=funder)
    if worklist_item is not None and not worklist_item.outcome:
        worklist_item_outcome_set(item=worklist_item, outcome="terdaftar", on=timezone.localdate(), by=by)
    log.info("enrolment %s (%s, %s)", enrolment.pk, segment, kind)
    return enrolment


@transaction.atomic
def payment_record(*, enrolment: Enrolment, month_from: date, month_to: date, payer: str,
                   funder: Funder | None = None) -> Payment:
    """A further run of paid months (e.g. the sponsor's next quarter), optionally from a funder."""
    if enrolment.segment == "PMI":
        raise UserError("PMI membayar sekali per perjanjian kerja; untuk perjanjian berikutnya buat pendaftaran baru.",
                        code="payment.pmi")
    if month_to < month_from:
        raise UserError("Bulan akhir sebelum bulan awal.", code="payment.months")
    check_months(month_from, month_to)
    if payer not in PAYERS_BY_SEGMENT.get(enrolment.segment, ()):
        allowed = ", ".join(_payer_name(p) for p in payers_for(enrolment.segment))
        raise UserError(f"Pembayar {_payer_name(payer)} tidak berlaku untuk {_segment_name(enrolment.segment)}; "
                        f"pilih: {allowed}.", code="enrol.payer")
    if enrolment.payments.filter(month_to__gte=month_from, month_from__lte=month_to).exists():
        raise UserError("Bulan-bulan ini sudah dibayar untuk pendaftaran ini.", code="payment.overlap")
    months = month_count(month_from, month_to)
    kw = {"income": enrolment.income, "jht": "JHT" in enrolment.programs.split(",") and enrolment.segment != "PU",
          "risk_class": enrolment.risk_class}
    amount = _amount_for(segment=enrolment.segment, start=month_from, months=months, **kw)
    if funder is not None:
        funder_payment_check(funder=funder, payer=payer, month_from=month_from, month_to=month_to, amount=amount,
                             kalurahan_code=enrolment.kalurahan_code)
    return Payment.objects.create(enrolment=enrolment, month_from=month_from, month_to=month_to, months=months,
                                  amount=amount, payer=payer, funder=funder)


def enrolments_provisional(*, as_of: date) -> list[dict]:
    """Pure data for the pipeline: provisional enrolments whose first paid month has started by
    `as_of`, one dict per enrolment: nik, segmen (PU|BPU), program ('JKK,JKM'), paid_through
    (first day of the last paid month)."""
    out = []
    qs = Enrolment.objects.filter(status=Enrolment.Status.PROVISIONAL).prefetch_related("payments")
    for e in qs.order_by("id"):
        pays = [p for p in e.payments.all() if p.month_from <= as_of]
        if not pays:
            continue
        out.append({"nik": e.nik, "segmen": MEMBER_SEGMENT[e.segment], "program": e.programs,
                    "paid_through": max(p.month_to for p in pays)})
    return out


def enrolments_provisional_export(*, path, as_of: date) -> int:
    """`enrolments_provisional` as the pipeline's provisional.parquet (nik, segmen, program,
    paid_through); returns how many (0 writes nothing)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from cakupan.pipeline.inputs import PROVISIONAL_SCHEMA

    rows = enrolments_provisional(as_of=as_of)
    if rows:
        pq.write_table(pa.Table.from_pylist(rows, schema=PROVISIONAL_SCHEMA), path)
    return len(rows)


@transaction.atomic
def enrolments_confirm(*, run: CoverageRun) -> int:
    """Mark provisional enrolments CONFIRMED when `run` shows their NIK active; returns the count."""
    pending = Enrolment.objects.filter(status=Enrolment.Status.PROVISIONAL)
    # active by an extract record, not merely by the provisional enrolment itself
    active = (PersonStatus.objects.filter(run=run, status="active", nik__in=pending.values("nik"))
              .exclude(link_method="provisional").values("nik"))
    return pending.filter(nik__in=active).update(status=Enrolment.Status.CONFIRMED, confirmed_run=run)
