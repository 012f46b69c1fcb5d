"""An oracle for coverage figures independent of cakupan.coverage.selectors: the PersonStatus rows
a factory wrote, tallied in plain Python (the selectors read the aggregated CoverageFact table).
Tests of pages, the API and reports compare with this, so they check the figures, not only that a
view renders what the selectors return."""
from __future__ import annotations

from collections import Counter
from typing import NamedTuple

FIELDS = {"kapanewon": "kapanewon_code", "kalurahan": "kalurahan_code", "padukuhan": "padukuhan_code",
          "segment": "segment", "ecosystem": "ecosystem"}


class Tally(NamedTuple):
    workforce: int
    active: int
    nonactive: int

    @property
    def pct(self) -> float:
        return round(100.0 * self.active / self.workforce, 2) if self.workforce else 0.0


def tally_by(run, level: str, within: str | None = None) -> dict[str, Tally]:
    """key -> figures of the run's persons grouped by `level`, optionally only those whose
    padukuhan lies inside the area code `within`."""
    from cakupan.coverage.models import PersonStatus

    counts: dict[str, Counter] = {}
    for key, padukuhan, status in PersonStatus.objects.filter(run=run).values_list(
            FIELDS[level], "padukuhan_code", "status"):
        if within and not padukuhan.startswith(within + "."):
            continue
        c = counts.setdefault(key, Counter())
        c["workforce"] += 1
        c[status] += 1
    return {k: Tally(c["workforce"], c["active"], c["nonactive"]) for k, c in counts.items()}


def tally_total(run, within: str | None = None) -> Tally:
    rows = tally_by(run, "kapanewon", within).values()
    return Tally(sum(r.workforce for r in rows), sum(r.active for r in rows), sum(r.nonactive for r in rows))


def facts_total(run, within: str | None = None) -> Tally:
    """The run's CoverageFact rows summed in Python: the oracle for a run whose persons were drawn
    independently of its facts (tests/web/factories_bantul.py), where the pages read the facts."""
    from cakupan.coverage.models import CoverageFact

    w = a = n = 0
    for pad, workforce, active, nonactive in CoverageFact.objects.filter(run=run).values_list(
            "padukuhan_code", "workforce", "active", "nonactive"):
        if within and not pad.startswith(within + "."):
            continue
        w, a, n = w + workforce, a + active, n + nonactive
    return Tally(w, a, n)
