"""Shared bits of the outreach views."""
from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from cakupan.accounts.scope import scope_for


def persons_required(view):
    """Logged in, with a role that may see person lists (the scope filters what it sees)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        scope = scope_for(request.user)
        if not scope.can_see_persons:
            raise PermissionDenied
        request.scope = scope
        return view(request, *args, **kwargs)

    return wrapper


def run_context() -> dict:
    from cakupan.coverage.selectors import run_latest

    run = run_latest()
    return {"run": run, "terms": region_terms(run)}


def region_terms(run=None) -> dict[str, str]:
    """The area words of the run's province ({{ terms.kalurahan }}: 'kalurahan' in DIY, 'desa/kelurahan'
    elsewhere; core.terms), by the newest run when none is given; the stored kinds with no run."""
    from cakupan.coverage.selectors import run_latest, run_terms
    from cakupan.core.terms import kind_terms

    run = run if run is not None else run_latest()
    return run_terms(run) if run is not None else kind_terms(None)


def worklist_or_404(request, worklist_id: int):
    from django.http import Http404

    from cakupan.errors import UserError

    from .selectors import access_worklist

    try:
        return access_worklist(scope=request.scope, worklist_id=worklist_id)
    except UserError as exc:
        raise Http404(str(exc)) from None


def month_label(d) -> str:
    """date(2022, 11, 1) -> 'November 2022' (paid-through months are months, not days)."""
    from cakupan.core.formatting import tanggal

    return tanggal(d).split(" ", 1)[1] if d else "–"


PER_PAGE = 50
PAYER_WORDS = {"peserta": _("peserta"), "pemberi_kerja": _("pemberi kerja"), "pekerja": _("pekerja"),
               "pemerintah": _("pemerintah")}  # who pays a quote line (cakupan.outreach.contributions.quote.Line)


def page_of(request, rows, per_page: int = PER_PAGE):
    """(page, query): one page of `rows` (Django Paginator; a wrong page number gives the nearest
    page) and the request's other GET parameters, urlencoded, for page links that keep the filters."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
