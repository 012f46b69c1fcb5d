"""The audit log, for admins only (read-only)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from cakupan.accounts.models import AuditLog, Role
from cakupan.accounts.scope import scope_for


@login_required
def audit_view(request):
    if scope_for(request.user).role != Role.ADMIN:
        raise PermissionDenied
    qs = AuditLog.objects.all()
    action = request.GET.get("action", "")
    if action:
        qs = qs.filter(action=action)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "web/audit.html", {"page": page, "action": action,
                                              "actions": ["view_persons", "export_persons", "reveal_nik", "view_review", "review_decide"]})
