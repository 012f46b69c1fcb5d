"""Contributions (iuran) from dated rate tables. Pure Python, no Django. See docs/contributions.md."""
from .padat_karya import quote_padat_karya
from .quote import Line, Quote, bpu_minimum_monthly, quote_bpu, quote_jakon, quote_pmi, quote_pu, rupiah
from .rates import rate_table, rates_on

__all__ = [
    "Line", "Quote", "bpu_minimum_monthly", "quote_bpu", "quote_jakon", "quote_pmi", "quote_pu",
    "quote_padat_karya", "rate_table", "rates_on", "rupiah",
]
