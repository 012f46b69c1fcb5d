"""Accounts' reads that depend on who is asking. The audit log is for admins only:

    audit_entries(scope=scope_for(user))                        every entry, newest first
    audit_entries(scope=scope_for(user), action="reveal_nik")   one action only
    # any other role: PermissionDenied
"""
from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from .models import AuditLog, Role
from .scope import Scope

AUDIT_ACTIONS = ("view_persons", "export_persons", "reveal_nik", "view_review", "review_decide")


def audit_entries(*, scope: Scope, action: str = "") -> QuerySet:
    """Audit log entries (newest first), optionally of one action; admins only."""
    if scope.role != Role.ADMIN:
        raise PermissionDenied
    qs = AuditLog.objects.all()
    return qs.filter(action=action) if action else qs


def cli_actor(username: str | None):
    """(user, scope) for a command-line call: the named user's scope, or, without a name, the system
    operator with the office-wide admin scope (audited as "system")."""
    from django.contrib.auth import get_user_model

    from cakupan.errors import UserError

    from .scope import scope_for

    if not username:
        return None, Scope(role="admin")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UserError(f"Pengguna '{username}' tidak ada.", code="cli.user")
    return user, scope_for(user)
