"""Enrolment pages beyond the single form: a PU batch / padat karya crew from CSV, a further
payment, and confirmation against the latest coverage run."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.core.formatting import angka
from cakupan.errors import UserError

from . import selectors as sel
from .forms import BatchForm, PaymentForm
from .months import parse_month_range
from .services import enrolment_register_batch, enrolments_confirm, payment_record, read_batch_csv
from .views_common import persons_required

CONFIRM_ROLES = {"admin", "analis", "kepatuhan"}


@require_POST
@persons_required
def batch(request):
    form = BatchForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Isian pendaftaran berkelompok belum lengkap."))
        return redirect("outreach:enrol")
    d = form.cleaned_data
    try:
        start, end = parse_month_range(d["months"])
        rows = read_batch_csv(d["file"].read().decode("utf-8-sig", errors="replace"))
        r = enrolment_register_batch(rows=rows, segment=d["segment"], payer=d["payer"], batch=d["batch"], month_from=start,
                                     month_to=end, employer=d["employer"], risk_class=d["risk_class"], income=d["income"],
                                     by=request.user.username)
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("outreach:enrol")
    messages.success(request, _("%(n)s baris: %(ok)s terdaftar, %(bad)s ditolak.") % {
        "n": r.rows, "ok": len(r.registered), "bad": len(r.rejected)})
    for x in r.rejected[:50]:
        messages.warning(request, _("Baris %(row)s: %(msg)s") % {"row": x["row_number"], "msg": x["message"]})
    return redirect("outreach:enrol")


@require_POST
@persons_required
def pay(request):
    form = PaymentForm(request.POST)
    if form.is_valid():
        enrolment = sel.enrolments_visible(scope=request.scope).filter(pk=form.cleaned_data["enrolment"]).first()
        try:
            if enrolment is None:
                raise UserError(_("Pendaftaran tidak ada atau di luar wilayah Anda."), code="payment.not_found")
            start, end = parse_month_range(form.cleaned_data["months"])
            p = payment_record(enrolment=enrolment, month_from=start, month_to=end, payer=form.cleaned_data["payer"])
            messages.success(request, _("Pembayaran %(n)s bulan dicatat: Rp %(amount)s.") % {
                "n": p.months, "amount": angka(p.amount, lang="id")})
        except UserError as exc:
            messages.error(request, str(exc))
    return redirect("outreach:enrol")


@require_POST
@persons_required
def confirm(request):
    if request.scope.role not in CONFIRM_ROLES:
        raise PermissionDenied
    from cakupan.coverage.selectors import run_latest

    run = run_latest()
    if run is not None:
        n = enrolments_confirm(run=run)
        messages.success(request, _("%(n)s pendaftaran terkonfirmasi oleh hasil cakupan terbaru.") % {"n": n})
    return redirect("outreach:enrol")
