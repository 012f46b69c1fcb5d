"""Target pages: list, per-area progress, allocation form and forecast. Thin: scope, call a
selector or service, render."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import scope_for
from cakupan.errors import UserError

from . import charts, selectors, services
from .figures import default_origin
from .forecasting import forecast_area
from .forms import AllocateForm, TargetSetForm
from .tracking import path_points


def _editor(request):
    scope = scope_for(request.user)
    if scope.role not in selectors.EDIT_ROLES:
        raise PermissionDenied
    return scope


@login_required
def index(request):
    scope = scope_for(request.user)
    roots = selectors.target_roots(scope=scope)
    ctx = {"roots": roots, "scope": scope, "can_edit": scope.role in selectors.EDIT_ROLES,
           "set_form": TargetSetForm(initial={"baseline_as_of": default_origin()}), "alloc_form": AllocateForm()}
    chosen = next((t for t in roots if str(t.id) == request.GET.get("t")), roots[0] if roots else None)
    if chosen is not None:
        as_of = default_origin() or chosen.baseline_as_of
        rows = selectors.target_table(target=chosen, as_of=as_of, scope=scope)
        ctx.update(target=chosen, rows=rows, as_of=as_of)
        area = request.GET.get("area") or (rows[0][0].area_id if rows else "")
        if area and scope.area_allowed(area):
            ctx.update(_forecast(area, as_of, chosen.due))
    return render(request, "targets/index.html", ctx)


def _forecast(area: str, as_of, due) -> dict:
    try:
        fc = forecast_area(area_code=area, origin=as_of, to=due)
    except UserError as exc:
        return {"forecast_error": str(exc), "forecast_area": area}
    target = selectors.target_current(area, as_of)
    path = path_points(baseline_active=target.baseline_active, target_count=target.target_count,
                       baseline_as_of=target.baseline_as_of, due=target.due) if target else []
    return {"forecast": fc, "forecast_area": area, "chart": charts.forecast_chart(fc, path)}


@login_required
@require_POST
def target_new(request):
    _editor(request)
    form = TargetSetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa isian target: %(e)s") % {"e": form.errors.as_text()})
        return redirect("targets:index")
    try:
        t = services.target_set(**form.cleaned_data, user=request.user)
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("targets:index")
    messages.success(request, _("Target %(id)s ditetapkan.") % {"id": t.id})
    return redirect(f"{reverse('targets:index')}?t={t.id}")


@login_required
@require_POST
def target_allocate(request, target_id: int):
    scope = _editor(request)
    target = selectors.access_target(scope=scope, target_id=target_id)
    form = AllocateForm(request.POST)
    if form.is_valid():
        try:
            created = services.target_allocate(target_id=target.id, rule=form.cleaned_data["rule"],
                                               overrides=form.cleaned_data["overrides"], user=request.user)
            messages.success(request, _("Target dialokasikan ke %(n)s wilayah.") % {"n": len(created)})
        except UserError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, form.errors.as_text())
    return redirect(f"{reverse('targets:index')}?t={target.id}")
