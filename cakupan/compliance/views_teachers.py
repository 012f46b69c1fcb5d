"""The teachers' page: honorary teachers per school (level, status, office) and per office."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cakupan.accounts.scope import scope_for
from cakupan.coverage.selectors import run_latest

from .schools import OFFICE_RULES
from .selectors_teachers import teacher_offices, teacher_schools


@login_required
def teachers(request):
    scope, run = scope_for(request.user), run_latest()
    schools = teacher_schools(run=run, scope=scope) if run else []
    offices = teacher_offices(run=run, scope=scope) if run else []
    ctx = {"run": run, "schools": schools, "offices": [(o, OFFICE_RULES[o.office]) for o in offices],
           "can_list": scope.can_see_persons}
    return render(request, "compliance/teachers.html", ctx)
