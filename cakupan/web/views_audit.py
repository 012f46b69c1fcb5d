"""The audit log, for admins only (read-only)."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from cakupan.accounts.scope import scope_for
from cakupan.accounts.selectors import AUDIT_ACTIONS, audit_entries


@login_required
def audit_view(request):
    action = request.GET.get("action", "")
    qs = audit_entries(scope=scope_for(request.user), action=action)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "web/audit.html", {"page": page, "action": action, "actions": list(AUDIT_ACTIONS)})
