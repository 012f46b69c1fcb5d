"""Helpers shared by the outreach CLI modules."""
from __future__ import annotations

from datetime import date, datetime

from cakupan.errors import UserError


def ready() -> None:
    from cakupan.home import ensure_ready

    ensure_ready()


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


def parse_date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise UserError(f"{name} harus berformat yyyy-mm-dd, bukan {value!r}.", code="cli.date") from None


def rp(value: int) -> str:
    from cakupan.core.formatting import angka

    return "Rp " + angka(value, lang="id")


def num(value: int) -> str:
    from cakupan.core.formatting import angka

    return angka(value, lang="id")


def pct(value: float) -> str:
    from cakupan.core.formatting import persen

    return persen(value, lang="id").replace("\u00a0", " ")
