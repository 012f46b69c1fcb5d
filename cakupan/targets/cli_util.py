"""Small helpers shared by the target and forecast commands."""
from __future__ import annotations

from datetime import date, datetime

from cakupan.errors import UserError


def parse_date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise UserError(f"{name} harus berformat yyyy-mm-dd, bukan {value!r}.", code="cli.date") from None


def ready() -> None:
    from cakupan.home import ensure_ready

    ensure_ready()
