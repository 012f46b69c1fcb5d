"""cakupan.coverage.selectors.runs: which published run a read uses."""
from __future__ import annotations

from datetime import date

import pytest

from cakupan.coverage.models import CoverageRun
from cakupan.coverage.selectors import run_chosen, run_latest, runs_done

pytestmark = pytest.mark.django_db


def _run(as_of: date, status=CoverageRun.Status.DONE) -> CoverageRun:
    return CoverageRun.objects.create(as_of=as_of, status=status)


def test_nothing_published_yet():
    _run(date(2023, 1, 31), CoverageRun.Status.FAILED)
    assert run_latest() is None and runs_done() == [] and run_chosen(run_id=None) is None


def test_latest_by_as_of_then_id_and_only_done():
    jan = _run(date(2023, 1, 31))
    feb = _run(date(2023, 2, 28))
    feb_again = _run(date(2023, 2, 28))
    _run(date(2023, 3, 31), CoverageRun.Status.FAILED)
    _run(date(2023, 4, 30), CoverageRun.Status.STARTED)
    assert run_latest() == feb_again
    assert run_latest(as_of=date(2023, 1, 31)) == jan
    assert run_latest(as_of=date(2023, 3, 31)) is None
    assert run_latest(on_or_before=date(2023, 2, 27)) == jan
    assert run_latest(on_or_before=date(2023, 6, 30)) == feb_again
    assert run_latest(on_or_before=date(2022, 12, 31)) is None
    assert runs_done() == [feb_again, feb, jan]


def test_runs_done_keeps_the_newest_fifty():
    runs = [_run(date(2020, 1, 1 + i % 28)) for i in range(55)]
    done = runs_done()
    assert len(done) == 50 and done[0] == max(runs, key=lambda r: (r.as_of, r.id))


def test_chosen_run_else_latest():
    jan = _run(date(2023, 1, 31))
    feb = _run(date(2023, 2, 28))
    failed = _run(date(2023, 3, 31), CoverageRun.Status.FAILED)
    assert run_chosen(run_id=jan.pk) == jan
    assert run_chosen(run_id=str(jan.pk)) == jan
    for picked in (None, "", "abc", failed.pk, 999_999):
        assert run_chosen(run_id=picked) == feb
