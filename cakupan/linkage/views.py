"""Review queue page: uncertain matches with plain-language reasons; accept or reject."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import audit_record, scope_for
from cakupan.coverage.selectors import run_chosen, runs_done
from cakupan.errors import UserError

from . import review


def page_context(request) -> dict:
    """Scope and the chosen run (?run=<id>, remembered in the session as on the other pages)."""
    if "run" in request.GET:
        request.session["run_id"] = request.GET.get("run")
    return {"scope": scope_for(request.user), "run": run_chosen(run_id=request.session.get("run_id")),
            "runs": runs_done()}


@login_required
def review_view(request):
    ctx = page_context(request)
    pending_only = request.GET.get("show") != "all"
    entries = review.review_queue(scope=ctx["scope"], run=ctx["run"], pending_only=pending_only) if ctx["run"] else []
    page = Paginator(entries, 25).get_page(request.GET.get("page"))
    if page.object_list:
        audit_record(user=request.user, action="view_review", scope=ctx["scope"].label,
                     rows=len(page.object_list), detail={"run": ctx["run"].pk, "page": page.number})
    ctx.update(page=page, pending_only=pending_only, total=len(entries))
    return render(request, "linkage/review.html", ctx)


@login_required
@require_POST
def review_decide_view(request, item_id: int):
    decision = request.POST.get("decision", "")
    try:
        review.review_decide(user=request.user, item_id=item_id, decision=decision, note=request.POST.get("note", ""))
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("linkage:review")
    label = _("diterima") if decision == "accept" else _("ditolak")
    messages.success(request, _("Padanan %(label)s; berlaku pada perhitungan berikutnya.") % {"label": label})
    return redirect("linkage:review")
