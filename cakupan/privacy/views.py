"""The DPO's pages (/pdp/): data subjects' requests (deletion, rectification) and the breach
register with each notice deadline (found + 3 x 24 hours) and the time left. Only the DPO (the
privacy.dpo permission) or an admin sees them (403 for anyone else); writes go through
cakupan.privacy.services, a user error is one line on the form."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cakupan.accounts.scope import mask_nik
from cakupan.errors import UserError

from .forms import BreachForm, NotifyForm, RequestForm
from .selectors import breach_get, breaches_for, dpo_require, requests_for
from .services import breach_notify, breach_record, subject_request_record


def _now_local() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


@login_required
def requests_view(request):
    dpo_require(request.user)
    form = RequestForm(request.POST or None, initial={"received_at": _now_local()})
    done = None
    if request.method == "POST" and form.is_valid():
        try:
            done = subject_request_record(user=request.user, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(f"{request.path}?dicatat={done.pk}")
    rows = [(r, mask_nik(r.nik)) for r in requests_for(user=request.user)]
    return render(request, "privacy/requests.html", {"form": form, "rows": rows,
                                                     "recorded": request.GET.get("dicatat", "")})


@login_required
def breaches_view(request):
    dpo_require(request.user)
    form = BreachForm(request.POST or None, initial={"found_at": _now_local()})
    if request.method == "POST" and form.is_valid():
        try:
            breach_record(user=request.user, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(request.path)
    return render(request, "privacy/breaches.html", {"form": form, "rows": breaches_for(user=request.user)})


@login_required
def breach_view(request, breach_id: int):
    row = breach_get(user=request.user, breach_id=breach_id)
    if row is None:
        raise Http404
    form = NotifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            breach_notify(breach_id=breach_id, user=request.user, **form.cleaned_data)
        except UserError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(request.path)
    return render(request, "privacy/breach.html", {"form": form, "r": row})
