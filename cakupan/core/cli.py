"""What every `cakupan ...` command shares: parsing the dates and months officers type, and numbers
printed the Indonesian way whatever language a web request last activated.

    parse_date("2023-02-27", option="--as-of")   date(2023, 2, 27)
    parse_date("27-02-2023")                      UserError cli.date: "--as-of harus berformat yyyy-mm-dd ..."
    num(115463)                                   '115.463'

Initialisation (Django, migrations, reference data) happens once, in the root command's callback
(cakupan/cli.py), never in a command.
"""
from __future__ import annotations

from datetime import date

from cakupan.errors import UserError

from .formatting import angka, persen, rupiah


def parse_date(value: str | None, *, option: str = "--as-of") -> date | None:
    """A YYYY-MM-DD option value; None when not given."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"{option} harus berformat yyyy-mm-dd, bukan {value!r}.", code="cli.date") from None


def num(value: int) -> str:
    """115463 -> '115.463' (the CLI speaks Indonesian)."""
    return angka(value, lang="id")


def pct(value: float) -> str:
    """25.2345 -> '25,23 %' with a plain space (terminals)."""
    return persen(value, lang="id").replace("\u00a0", " ")


def rp(value: int) -> str:
    """2500000 -> 'Rp 2.500.000'."""
    return rupiah(value, lang="id")
