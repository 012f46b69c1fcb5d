"""Two published months for the monthly report tests, built on tests.web.factories.run_make: January
and February 2023 of the small region (2 kapanewon, 3 kalurahan), with February's figures moved up
(rise) or down (fall) and its month's flows counted against January."""
from __future__ import annotations

from datetime import date

from django.db.models import F

from cakupan.coverage.models import CoverageFact, CoverageFlow
from tests.web.factories import KAL_A, KAL_A2, KAL_B, history_make, run_make

JAN, FEB = date(2023, 1, 31), date(2023, 2, 27)
FLOWS = {KAL_A: (3, 1, 2, 1), KAL_A2: (2, 0, 1, 0), KAL_B: (1, 1, 0, 0)}  # new, reactivated, lapsed, left


def months_make(*, direction: str = "rise", flows: bool = True):
    """(january run, february run). rise: February's Poncosari non-active count as active; fall:
    February's Gadingsari active count as non-active; same: February equals January."""
    jan = run_make(as_of=JAN).run
    feb = run_make(as_of=FEB).run
    facts = CoverageFact.objects.filter(run=feb)
    if direction == "rise":
        facts.filter(kalurahan_code=KAL_A).update(active=F("active") + F("nonactive"), nonactive=0)
    elif direction == "fall":
        facts.filter(kalurahan_code=KAL_B).update(nonactive=F("active") + F("nonactive"), active=0)
    history_make(feb)
    if flows:
        CoverageFlow.objects.bulk_create([
            CoverageFlow(run=feb, previous_run=jan, as_of=FEB, kalurahan_code=kal, segment="BPU", ecosystem="pasar",
                         new=n, reactivated=r, lapsed=lp, left=lf)
            for kal, (n, r, lp, lf) in FLOWS.items()])
    return jan, feb
