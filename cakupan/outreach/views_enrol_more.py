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
from .forms import BatchForm, PaymentForm, service_error
from .services import enrolment_register_batch, enrolments_confirm, payment_record
from .views_common import persons_required
from .views_money import enrol_page

CONFIRM_ROLES = {"admin", "analis", "kepatuhan"}


@require_POST
@persons_required
def batch(request):
    form = BatchForm(request.POST, request.FILES, scope=request.scope)
    if form.is_valid():
        d = form.cleaned_data
        try:
            r = enrolment_register_batch(rows=d["rows"], segment=d["segment"], payer=d["payer"], batch=d["batch"],
                                         month_from=d["month_from"], month_to=d["month_to"], employer=d["employer"],
                                         risk_class=d["risk_class"], income=d["income"], by=request.user.username,
                                         funder=d.get("funder"))
        except UserError as exc:
            service_error(form, exc)
        else:
            messages.success(request, _("%(n)s baris: %(ok)s terdaftar, %(bad)s ditolak.") % {
                "n": angka(r.rows), "ok": angka(len(r.registered)), "bad": angka(len(r.rejected))})
            for x in r.rejected[:50]:
                messages.warning(request, _("Baris %(row)s: %(msg)s") % {"row": angka(x["row_number"]), "msg": x["message"]})
            if len(r.rejected) > 50:
                messages.warning(request, _("… dan %(n)s baris lain ditolak.") % {"n": angka(len(r.rejected) - 50)})
            return redirect("outreach:enrol")
    messages.error(request, _("Isian pendaftaran berkelompok belum benar; lihat pesan di samping isian."))
    return enrol_page(request, batch_form=form)


@require_POST
@persons_required
def pay(request):
    form = PaymentForm(request.POST, scope=request.scope)
    if form.is_valid():
        d = form.cleaned_data
        enrolment = sel.enrolments_visible(scope=request.scope).filter(pk=d["enrolment"]).first()
        if enrolment is None:
            form.add_error("enrolment", _("Pendaftaran tidak ada atau di luar wilayah Anda."))
        else:
            try:
                p = payment_record(enrolment=enrolment, month_from=d["month_from"], month_to=d["month_to"], payer=d["payer"],
                                   funder=d.get("funder"))
            except UserError as exc:
                service_error(form, exc)
            else:
                messages.success(request, _("Pembayaran %(n)s bulan dicatat: Rp %(amount)s.") % {
                    "n": angka(p.months), "amount": angka(p.amount)})
                return redirect("outreach:enrol")
    messages.error(request, _("Pembayaran belum dicatat; lihat pesan di samping isian."))
    return enrol_page(request, payment_form=form)


@require_POST
@persons_required
def confirm(request):
    if request.scope.role not in CONFIRM_ROLES:
        raise PermissionDenied
    from cakupan.coverage.selectors import run_latest

    run = run_latest()
    if run is not None:
        n = enrolments_confirm(run=run)
        messages.success(request, _("%(n)s pendaftaran terkonfirmasi oleh hasil cakupan terbaru.") % {"n": angka(n)})
    return redirect("outreach:enrol")
