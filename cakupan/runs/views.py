"""Run history pages: every published and failed run (/run/) and one run's report (/run/<id>/).

Any signed-in role may see them: they hold counts, settings and timings, no personal data. The
"start a run" form posts to the job system (jobs:run_start) and is shown only once that URL exists
and to a user who may operate (upload extracts, start runs).
"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from cakupan.accounts.scope import scope_for

from .selectors import run_detail, run_history


def _start_url(request) -> str | None:
    """jobs:run_start for a user who may start runs; None until that page exists, or for others."""
    scope = scope_for(request.user)
    if not scope.can_operate:
        return None
    try:
        return reverse("jobs:run_start")
    except NoReverseMatch:
        return None


@login_required
def history_view(request):
    rows = run_history()
    return render(request, "runs/history.html", {"rows": rows, "start_url": _start_url(request)})


@login_required
def detail_view(request, run_id: int):
    detail = run_detail(run_id=run_id)
    if detail is None:
        raise Http404(_("Proses tidak ditemukan."))
    published_names = {"facts": _("Baris fakta cakupan"), "persons": _("Orang (status per orang)"),
                       "review": _("Butir antrean review")}
    return render(request, "runs/detail.html", {
        "r": detail,
        "inputs": [(_("Penduduk"), detail.population), (_("Peserta"), detail.members)],
        "published": [(published_names.get(k, k), v) for k, v in detail.published.items()],
        "timings": [(title, items) for title, items in (
            (_("Orkestrator"), detail.service_timings), (_("Pipeline"), detail.pipeline_timings),
            (_("Pencocokan"), detail.link_timings)) if items],
    })
