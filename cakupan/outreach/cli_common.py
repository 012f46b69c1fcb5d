"""Helpers shared by the outreach CLI modules."""
from __future__ import annotations


def actor(username: str | None):
    """(user, scope) for a CLI call: the named user's scope, or the system operator (admin)."""
    from cakupan.accounts.selectors import cli_actor

    return cli_actor(username)
