"""Enrolment (with a live quote), budget planner and lapse (list + making a lapse worklist) pages."""
from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import audit_record, mask_nik, scope_for
from cakupan.core.formatting import angka
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_names

from . import selectors as sel
from .forms import BatchForm, BudgetForm, EnrolForm, LapseForm, LapseWorklistForm, PaymentForm, QuoteForm, relabel_levels, service_error
from .inputs import month_window
from .lapse_rules import grace_rules
from .models import Enrolment
from .planning import budget_need, budget_plan, lapse_list, lapse_summary
from .services import enrolment_quote, enrolment_register, lapse_worklist_make
from .views_common import PAYER_WORDS, month_label, page_of, persons_required, run_context


def enrol_page(request, *, form=None, batch_form=None, payment_form=None, item=None, status: int = 200):
    """The enrolment page with its three forms; a form given bound shows its errors by its fields."""
    if form is None:
        initial = {"segment": "BPU", "payer": "SELF"} | ({"item": item.pk, "nama": item.nama} if item else {})
        form = EnrolForm(initial=initial, scope=request.scope)
    recent = list(sel.enrolments_visible(scope=request.scope).prefetch_related("payments")[:20])
    for e in recent:
        e.nik_shown = e.nik if request.scope.sees_full_nik else mask_nik(e.nik)
        e.paid_label = month_label(max((p.month_to for p in e.payments.all()), default=None))
    audit_record(user=request.user, action="view_persons", scope=request.scope.label, rows=len(recent),
                 detail={"list": "enrolments"})
    low, high = month_window()
    ctx = {"form": form, "recent": recent, "counts": sel.enrolment_counts(scope=request.scope), "item": item,
           "batch_form": batch_form or BatchForm(scope=request.scope), "payment_form": payment_form or PaymentForm(scope=request.scope),
           "can_confirm": request.scope.role in ("admin", "analis", "kepatuhan"),
           "segment_labels": dict(Enrolment.Segment.choices), "status_labels": dict(Enrolment.Status.choices),
           "month_low": month_label(low), "month_high": month_label(high)}
    for f in (ctx["form"], ctx["batch_form"], ctx["payment_form"]):
        for name in ("month_from", "month_to"):
            if name in f.fields:
                f.fields[name].widget.attrs.update({"min": f"{low:%Y-%m}", "max": f"{high:%Y-%m}"})
    return render(request, "outreach/enrol.html", ctx, status=status)


@persons_required
def enrol(request):
    item = sel.access_item(scope=request.scope, item_id=request.POST.get("item") or request.GET.get("item"))
    if request.method != "POST":
        return enrol_page(request, item=item)
    form = EnrolForm(request.POST, scope=request.scope)
    if form.is_valid():
        d = form.cleaned_data
        pmi = d["segment"] == "PMI"
        try:
            e = enrolment_register(nik=d["nik"], nama=d["nama"], segment=d["segment"], payer=d["payer"],
                                   month_from=d["month_from"], month_to=d["month_to"], income=d["income"], jht=d["jht"],
                                   risk_class=d["risk_class"], employer=d["employer"], batch=d["batch"],
                                   by=request.user.username, worklist_item=item,
                                   contract_months=d["contract_months"] if pmi else None,
                                   pre_departure=not d["placed"], funder=d["funder"])
            if pmi:
                messages.success(request, _("Pendaftaran #%(id)s tersimpan (%(kind)s, sementara): Rp %(amount)s sekali "
                                            "untuk perjanjian kerja %(n)s bulan.") % {
                    "id": e.pk, "kind": e.get_kind_display(), "amount": angka(e.monthly_amount),
                    "n": angka(d["contract_months"])})
            else:
                messages.success(request, _("Pendaftaran #%(id)s tersimpan (%(kind)s, sementara): Rp %(amount)s/bulan.") % {
                    "id": e.pk, "kind": e.get_kind_display(), "amount": angka(e.monthly_amount)})
            return redirect("outreach:enrol")
        except UserError as exc:
            service_error(form, exc)
    return enrol_page(request, form=form, item=item)


@login_required
def quote_json(request):
    """Live quote for the enrolment form: ?segment=BPU&income=2500000&jht=1&risk_class=2&on=2023-03-01.
    A wrong parameter answers 400 {"detail": "<Indonesian message>"}."""
    form = QuoteForm(request.GET)
    if not form.is_valid():
        first = next(iter(form.errors.items()))
        return JsonResponse({"detail": f"{first[0]}: {first[1][0]}", "fields": form.errors}, status=400)
    d = form.cleaned_data
    try:
        q = enrolment_quote(segment=d["segment"] or "BPU", on=d["on"] or date.today(), income=d["income"],
                            jht=d["jht"] in ("1", "on", "true"), risk_class=d["risk_class"],
                            contract_months=d["months"], pre_departure=d["placed"] not in ("1", "on", "true"))
    except UserError as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    data = q.as_dict()
    data["billed"] = q.total - q.by_payer().get("pemerintah", 0)
    for line in data.get("lines", []):
        if isinstance(line, dict) and "payer" in line:
            line["payer_label"] = str(PAYER_WORDS.get(line["payer"], line["payer"]))
    return JsonResponse(data)


@login_required
def budget(request):
    scope = scope_for(request.user)
    form = BudgetForm(request.GET or None, initial={"months": 12, "area": scope.area_code}, scope=scope)
    ctx = {"form": form, "scope": scope, **run_context()}
    relabel_levels(form, ctx["terms"])  # 'Kuota per desa/kelurahan' outside DIY (core.terms)
    if form.is_valid() and ctx["run"] is not None:
        d = form.cleaned_data
        try:
            if d["budget"] or d["funder"]:
                ctx["plan"] = budget_plan(budget=d["budget"] or 0, months=d["months"], scope=scope, area_code=d["area"] or "",
                                          quota_per_kalurahan=d["quota"], funder=d["funder"])
                by_kal = ctx["plan"].by_kalurahan()
                names = area_names(by_kal, name_padukuhan=False)
                ctx["kalurahan"] = [(c, names[c], n) for c, n in by_kal.items()]
                if scope.can_see_persons:
                    chosen = ctx["plan"].chosen[:200]
                    pad_names = area_names((r["padukuhan_code"] for r in chosen), name_padukuhan=True)
                    ctx["chosen"] = [dict(r, nik_shown=r["nik"] if scope.sees_full_nik else mask_nik(r["nik"]),
                                          padukuhan=pad_names[r["padukuhan_code"]]) for r in chosen]
                    audit_record(user=request.user, action="view_persons", scope=scope.label, rows=len(ctx["chosen"]),
                                 detail={"list": "budget_plan"})
            if d["target_pct"]:
                ctx["need"] = budget_need(target_pct=d["target_pct"], months=d["months"], scope=scope, area_code=d["area"] or "")
        except UserError as exc:
            form.add_error(None, str(exc))
    return render(request, "outreach/budget.html", ctx)


@persons_required
def lapse(request):
    return lapse_page(request)


def lapse_page(request, *, make_form=None, status: int = 200):
    """Active members of every segment about to lapse; 50 a page, the page links keep the filters.
    With the form that makes a lapse worklist for a partner, and the partners' credits."""
    scope = request.scope
    form = LapseForm(request.GET or None, scope=scope, initial={"within": 1})
    within, area, segment = 1, "", ""
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        within, area, segment = d["within"] or 1, d["area"] or "", d["segment"] or ""
    ctx = {"form": form, "within": within, "area": area, "scope": scope, "rules": grace_rules(), **run_context(),
           "make_form": make_form or LapseWorklistForm(initial={"area": area or scope.area_code}, scope=scope),
           "credits": sel.lapse_credits_by_partner(scope=scope)}
    relabel_levels(ctx["make_form"], ctx["terms"])  # 'Satu lembar per dusun' outside DIY (core.terms)
    if ctx["run"] is not None:
        try:
            rows = lapse_list(scope=scope, area_code=area, within=within, segment=segment)
        except UserError as exc:
            messages.error(request, str(exc))
            rows = []
        summary = lapse_summary(rows)
        kal_names = area_names(summary["kalurahan"], name_padukuhan=False)
        ctx["by_kalurahan"] = [(kal_names[c], n) for c, n in summary["kalurahan"].items()]
        ctx["by_partner"] = list(summary["partner"].items())
        ctx["total"] = len(rows)
        page, ctx["page_query"] = page_of(request, rows)
        page_rows = list(page)
        names = area_names([r["kalurahan_code"] for r in page_rows] + [r["padukuhan_code"] for r in page_rows])
        for r in page_rows:
            r["nik_shown"] = r["nik"] if scope.sees_full_nik else mask_nik(r["nik"])
            r["kalurahan"], r["padukuhan"] = names[r["kalurahan_code"]], names[r["padukuhan_code"]]
        ctx["rows"], ctx["page"] = page_rows, page
        audit_record(user=request.user, action="view_persons", scope=scope.label, rows=len(page_rows),
                     detail={"list": "lapse", "page": page.number, "total": len(rows)})
    return render(request, "outreach/lapse.html", ctx, status=status)


@require_POST
@persons_required
def lapse_make(request):
    """POST: make a lapse worklist for a partner, then open it; a wrong value comes back on the page."""
    form = LapseWorklistForm(request.POST, scope=request.scope)
    if form.is_valid():
        d = form.cleaned_data
        try:
            wl = lapse_worklist_make(partner=d["partner"], area_code=d["area"], scope=request.scope, user=request.user,
                                     within=d["within"], lapsed_since_months=d["since"], ecosystem=d["ecosystem"] or "",
                                     by_padukuhan=d["by_padukuhan"])
            return redirect("outreach:worklist", worklist_id=wl.pk)
        except UserError as exc:
            form.add_error(None, str(exc))
    messages.error(request, _("Isian daftar tindak lanjut belum benar; lihat pesan di samping isian."))
    return lapse_page(request, make_form=form)
