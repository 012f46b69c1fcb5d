"""Target pages: list, per-area progress, allocation form and forecast. Thin: scope, call a
selector or service, render.

Every id in a URL, a query or a form (target id, area code) that does not exist or lies outside
the user's scope answers 404; a form with wrong input is shown again with the message next to the
field; a service's refusal is shown on the form."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import scope_for
from cakupan.core.terms import kind_terms
from cakupan.errors import UserError
from cakupan.wilayah.selectors import area_exists, area_name

from . import charts, selectors, services
from .figures import default_origin
from .forecasting import forecast_area
from .forms import RULE_LABELS, AllocateForm, TargetSetForm
from .tracking import MAX_DUE_YEARS, latest_due, path_points

# which form field a service refusal belongs to (None: the form as a whole)
SET_ERROR_FIELD = {
    "target.due": "due", "target.due_far": "due", "target.pct_range": "value_pct",
    "target.above_workforce": "value_pct", "target.no_baseline": "baseline_as_of",
    "target.baseline_future": "baseline_as_of", "target.area_unknown": "area_code", "target.area_level": "area_code",
}


def _editor(request):
    scope = scope_for(request.user)
    if scope.role not in selectors.EDIT_ROLES:
        raise PermissionDenied
    return scope


def _set_form(scope, data=None) -> TargetSetForm:
    origin = default_origin()
    return TargetSetForm(data, areas=selectors.area_choices(scope=scope), data_date=origin,
                         initial={"baseline_as_of": origin})


def _page(request, scope, *, chosen=None, area: str = "", set_form=None, alloc_form=None, status: int = 200):
    roots = selectors.target_roots(scope=scope)
    can_edit = scope.role in selectors.EDIT_ROLES
    ctx = {"roots": roots, "scope": scope, "can_edit": can_edit}
    if can_edit:
        ctx["set_form"] = set_form or _set_form(scope)
    if chosen is not None:
        as_of = default_origin() or chosen.baseline_as_of
        rows = selectors.target_table(target=chosen, as_of=as_of, scope=scope)
        rule = next((t.rule for t, _s in rows if t.rule), "")
        ctx.update(target=chosen, rows=rows, as_of=as_of, rule_label=RULE_LABELS.get(rule, ""),
                   terms=kind_terms(chosen.area_id))  # the words of the target's province (core.terms)
        if can_edit:
            ctx["alloc_form"] = alloc_form or AllocateForm(children=selectors.allocation_children(chosen))
        area = area or (rows[0][0].area_id if rows else "")
        if area and chosen.due > latest_due(chosen.baseline_as_of):  # stored before the bound existed
            ctx.update(forecast_area=area, forecast_area_name=area_name(area), forecast_error=_(
                "Tanggal target lebih dari %(n)s tahun setelah tanggal dasar: tidak diramal. Tetapkan ulang "
                "target dengan tanggal yang wajar.") % {"n": MAX_DUE_YEARS})
        elif area:
            ctx.update(_forecast(area, as_of, chosen.due))
    return render(request, "targets/index.html", ctx, status=status)


@login_required
def index(request):
    scope = scope_for(request.user)
    wanted = request.GET.get("t")
    if wanted:
        chosen = selectors.target_visible(scope=scope, target_id=wanted)
        if chosen is None or chosen.parent_id is not None:
            raise Http404(_("Target tidak ditemukan."))
    else:
        chosen = selectors.target_default(scope=scope, as_of=default_origin())
    area = request.GET.get("area", "").strip()
    if area and (not area_exists(area) or not scope.area_allowed(area)):
        raise Http404(_("Wilayah tidak ditemukan."))
    return _page(request, scope, chosen=chosen, area=area)


def _forecast(area: str, as_of, due) -> dict:
    name = area_name(area)
    try:
        fc = forecast_area(area_code=area, origin=as_of, to=due)
    except UserError as exc:
        text = (_("Riwayat bulanan wilayah ini belum cukup untuk meramal (perlu minimal 2 bulan).")
                if exc.code == "forecast.no_history" else str(exc))
        return {"forecast_error": text, "forecast_area": area, "forecast_area_name": name}
    target = selectors.target_current(area, as_of)
    path = path_points(baseline_active=target.baseline_active, target_count=target.target_count,
                       baseline_as_of=target.baseline_as_of, due=target.due) if target else []
    return {"forecast": fc, "forecast_area": area, "forecast_area_name": name,
            "chart": charts.forecast_chart(fc, path)}


@login_required
@require_POST
def target_new(request):
    scope = _editor(request)
    form = _set_form(scope, request.POST)
    code = request.POST.get("area_code", "").strip()
    if code and code not in {c for c, _n in form.fields["area_code"].choices}:
        raise Http404(_("Wilayah tidak ditemukan."))
    if form.is_valid():
        try:
            t = services.target_set(**form.cleaned_data, user=request.user)
        except UserError as exc:
            form.add_error(SET_ERROR_FIELD.get(exc.code), str(exc))
        else:
            messages.success(request, _("Target ditetapkan."))
            return redirect(f"{reverse('targets:index')}?t={t.id}")
    chosen = selectors.target_default(scope=scope, as_of=default_origin())
    return _page(request, scope, chosen=chosen, set_form=form, status=400)


@login_required
@require_POST
def target_allocate(request, target_id: int):
    scope = _editor(request)
    target = selectors.target_visible(scope=scope, target_id=target_id)
    if target is None:
        raise Http404(_("Target tidak ditemukan."))
    form = AllocateForm(request.POST, children=selectors.allocation_children(target))
    if form.is_valid():
        try:
            created = services.target_allocate(target_id=target.id, rule=form.cleaned_data["rule"],
                                               overrides=form.overrides(), user=request.user)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Target dialokasikan ke %(n)s wilayah.") % {"n": len(created)})
            return redirect(f"{reverse('targets:index')}?t={selectors.target_root(target).id}")
    return _page(request, scope, chosen=selectors.target_root(target), alloc_form=form, status=400)
