"""Helpers shared by the outreach CLI modules."""
from __future__ import annotations

from cakupan.errors import UserError


def actor(username: str | None):
    """(user, scope) for a CLI call: the named user's scope, or the system operator (admin)."""
    from django.contrib.auth import get_user_model

    from cakupan.accounts.scope import Scope, scope_for

    if not username:
        return None, Scope(role="admin")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UserError(f"Pengguna '{username}' tidak ada.", code="cli.user")
    return user, scope_for(user)
