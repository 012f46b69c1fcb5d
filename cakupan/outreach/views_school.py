"""A school's or an office's worklist from the teachers' page (/kepatuhan/guru/sekolah/): one POST
per school (or per responsible office) makes the partner if missing and the worklist, then opens it
(services/school_worklists.py, services/office_worklists.py)."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cakupan.errors import UserError

from . import services
from .views_common import persons_required


@require_POST
@persons_required
def school_make(request):
    """POST school=<the roster's school name>: the worklist of its teachers not active, or back to
    the teachers' page with the reason."""
    return _make_then_open(request, lambda: services.school_worklist_make(
        school=request.POST.get("school", "")[:200], scope=request.scope, user=request.user))


@require_POST
@persons_required
def office_make(request):
    """POST office=kabupaten|provinsi|kemenag: the worklist of the teachers not active of every
    school the office answers for, or back to the teachers' page with the reason."""
    return _make_then_open(request, lambda: services.office_worklist_make(
        office=request.POST.get("office", "")[:20], scope=request.scope, user=request.user))


def _make_then_open(request, make):
    """Open the worklist `make()` returns, or go back to the teachers' page with the reason."""
    try:
        wl = make()
    except UserError as exc:
        messages.error(request, str(exc))
        return redirect("compliance:teachers")
    return redirect("outreach:worklist", worklist_id=wl.pk)
