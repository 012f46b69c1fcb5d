"""Enrolment (with a live quote), budget planner and lapse list pages."""
from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cakupan.accounts.scope import audit_record, mask_nik, scope_for
from cakupan.core.formatting import angka
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_names

from . import selectors as sel
from .forms import BatchForm, BudgetForm, EnrolForm, PaymentForm
from .months import parse_month_range
from .planning import budget_need, budget_plan, lapse_list, lapse_summary
from .services import enrolment_quote, enrolment_register
from .views_common import month_label, persons_required, run_context


@persons_required
def enrol(request):
    item = sel.access_item(scope=request.scope, item_id=request.POST.get("item") or request.GET.get("item"))
    initial = {"segment": "BPU", "payer": "SELF"} | ({"item": item.pk, "nama": item.nama} if item else {})
    form = EnrolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            start, end = parse_month_range(d["months"])
            e = enrolment_register(nik=d["nik"], nama=d["nama"], segment=d["segment"], payer=d["payer"], month_from=start,
                                   month_to=end, income=d["income"], jht=d["jht"], risk_class=d["risk_class"],
                                   employer=d["employer"], batch=d["batch"], by=request.user.username, worklist_item=item)
            messages.success(request, _("Pendaftaran #%(id)s tersimpan (%(kind)s, sementara): Rp %(amount)s/bulan.") % {
                "id": e.pk, "kind": e.get_kind_display(), "amount": angka(e.monthly_amount, lang="id")})
            return redirect("outreach:enrol")
        except UserError as exc:
            form.add_error(None, str(exc))
    recent = list(sel.enrolments_visible(scope=request.scope).prefetch_related("payments")[:20])
    for e in recent:
        e.nik_shown = e.nik if request.scope.sees_full_nik else mask_nik(e.nik)
        e.paid_label = month_label(max((p.month_to for p in e.payments.all()), default=None))
    audit_record(user=request.user, action="view_persons", scope=request.scope.label, rows=len(recent),
                 detail={"list": "enrolments"})
    ctx = {"form": form, "recent": recent, "counts": sel.enrolment_counts(scope=request.scope), "item": item,
           "batch_form": BatchForm(), "payment_form": PaymentForm(), "can_confirm": request.scope.role in ("admin", "analis", "kepatuhan")}
    return render(request, "outreach/enrol.html", ctx)


@login_required
def quote_json(request):
    """Live quote for the enrolment form: ?segment=BPU&income=2500000&jht=1&risk_class=2&on=2023-03-01."""
    g = request.GET
    try:
        on = date.fromisoformat(g.get("on") or date.today().isoformat())
        income = int(g.get("income") or 0) or None
        risk = int(g.get("risk_class") or 0) or None
        q = enrolment_quote(segment=g.get("segment", "BPU"), on=on, income=income, jht=g.get("jht") in ("1", "on", "true"),
                            risk_class=risk)
    except (UserError, ValueError) as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    data = q.as_dict()
    data["billed"] = q.total - q.by_payer().get("pemerintah", 0)
    return JsonResponse(data)


@login_required
def budget(request):
    scope = scope_for(request.user)
    form = BudgetForm(request.GET or None, initial={"months": 12, "area": scope.area_code})
    ctx = {"form": form, "scope": scope, **run_context()}
    if form.is_valid() and ctx["run"] is not None:
        d = form.cleaned_data
        try:
            if d["budget"]:
                ctx["plan"] = budget_plan(budget=d["budget"], months=d["months"], scope=scope, area_code=d["area"].strip(),
                                          quota_per_kalurahan=d["quota"])
                by_kal = ctx["plan"].by_kalurahan()
                names = area_names(by_kal, name_padukuhan=False)
                ctx["kalurahan"] = [(c, names[c], n) for c, n in by_kal.items()]
                if scope.can_see_persons:
                    ctx["chosen"] = [dict(r, nik_shown=r["nik"] if scope.sees_full_nik else mask_nik(r["nik"]))
                                     for r in ctx["plan"].chosen[:200]]
                    audit_record(user=request.user, action="view_persons", scope=scope.label, rows=len(ctx["chosen"]),
                                 detail={"list": "budget_plan"})
            if d["target_pct"]:
                ctx["need"] = budget_need(target_pct=d["target_pct"], months=d["months"], scope=scope, area_code=d["area"].strip())
        except UserError as exc:
            form.add_error(None, str(exc))
    return render(request, "outreach/budget.html", ctx)


@persons_required
def lapse(request):
    scope = request.scope
    try:
        within = max(1, min(12, int(request.GET.get("within") or 1)))
    except ValueError:
        within = 1
    area = (request.GET.get("area") or "").strip()
    ctx = {"within": within, "area": area, "scope": scope, **run_context()}
    if ctx["run"] is not None:
        try:
            rows = lapse_list(scope=scope, area_code=area, within=within)
        except UserError as exc:
            messages.error(request, str(exc))
            rows = []
        codes = [r["kalurahan_code"] for r in rows] + [r["padukuhan_code"] for r in rows]
        names = area_names(codes, name_padukuhan=False)
        for r in rows:
            r["nik_shown"] = r["nik"] if scope.sees_full_nik else mask_nik(r["nik"])
            r["kalurahan"], r["padukuhan"] = names[r["kalurahan_code"]], names[r["padukuhan_code"]]
            r["paid_label"], r["lapse_label"] = month_label(r["paid_through"]), month_label(r["lapse_month"])
        ctx["rows"] = rows
        summary = lapse_summary(rows)
        kal_names = area_names(summary["kalurahan"], name_padukuhan=False)
        ctx["by_kalurahan"] = [(kal_names[c], n) for c, n in summary["kalurahan"].items()]
        ctx["by_partner"] = list(summary["partner"].items())
        audit_record(user=request.user, action="view_persons", scope=scope.label, rows=len(rows), detail={"list": "lapse"})
    return render(request, "outreach/lapse.html", ctx)
