"""Honest figures (issue 15 part 7): provisional enrolments counted apart from confirmed coverage,
and small cells hidden from roles without person-level access (docs/privacy.md "Small cells")."""
from __future__ import annotations

import pytest

from cakupan.accounts.scope import Scope
from cakupan.coverage import selectors as cov
from tests.web.factories import KAL_A, run_make

pytestmark = pytest.mark.django_db

ANALIS, PIMPINAN = Scope(role="analis"), Scope(role="pimpinan")


@pytest.fixture
def run(db):
    return run_make(provisional=2).run


def test_provisional_is_counted_apart(run):
    total = cov.coverage_total(run=run, scope=ANALIS)
    assert total.provisional == 2 and total.confirmed == total.active - 2
    assert total.pct == round(100 * total.active / total.workforce, 2)  # coverage stays on `active`
    assert total.confirmed_pct == round(100 * (total.active - 2) / total.workforce, 2)
    by_pad = {r.key: r.provisional for r in cov.coverage_by(run=run, by="padukuhan", scope=ANALIS, within=KAL_A)}
    assert by_pad == {f"{KAL_A}.krajan": 2, f"{KAL_A}.ngentak": 0}
    assert total.suppressed == ()


def test_pimpinan_sees_small_cells_hidden_analis_exact(run):
    # pimpinan first: the cached rows are the exact ones, hidden on the way out
    hidden = {r.key: r for r in cov.coverage_by(run=run, by="segment", scope=PIMPINAN)}
    exact = {r.key: r for r in cov.coverage_by(run=run, by="segment", scope=ANALIS)}
    assert (exact["PMI"].workforce, exact["PMI"].active) == (2, 1) and exact["PMI"].suppressed == ()
    pmi = hidden["PMI"]
    assert (pmi.workforce, pmi.active, pmi.nonactive, pmi.pct, pmi.uncovered) == (None, None, None, None, None)
    assert pmi.k == 5 and {"workforce", "active", "nonactive", "pct", "uncovered"} <= set(pmi.suppressed)
    assert "provisional" not in pmi.suppressed and pmi.provisional == 0  # zero is not a small cell
    assert hidden["BPU"] == cov.row_suppressed(exact["BPU"], 5)
    total = cov.coverage_total(run=run, scope=PIMPINAN)
    assert total.workforce == 75 and total.provisional is None and total.confirmed is None
    assert total.pct is not None and total.confirmed_pct is None
    assert set(total.suppressed) == {"provisional", "confirmed", "confirmed_pct"}
    pads = cov.coverage_by(run=run, by="padukuhan", scope=PIMPINAN, within=KAL_A)
    assert all(r.active is None and r.pct is None for r in pads)  # 4 and 3 active


@pytest.mark.parametrize("role", ["operator", "anonymous", "pimpinan"])
def test_every_role_without_person_access_is_suppressed(run, role):
    assert cov.suppress_below(Scope(role=role)) == 5
    assert cov.coverage_by(run=run, by="segment", scope=Scope(role=role))[-1].k == 5


@pytest.mark.parametrize("role", ["admin", "analis", "kepatuhan", "mitra"])
def test_roles_with_person_access_see_exact_figures(run, role):
    assert cov.suppress_below(Scope(role=role)) == 0


def test_threshold_is_a_setting(run, settings):
    settings.CAKUPAN_SUPPRESS_BELOW = 3
    pmi = next(r for r in cov.coverage_by(run=run, by="segment", scope=PIMPINAN) if r.key == "PMI")
    assert pmi.workforce is None and pmi.k == 3
    settings.CAKUPAN_SUPPRESS_BELOW = 0
    pmi = next(r for r in cov.coverage_by(run=run, by="segment", scope=PIMPINAN) if r.key == "PMI")
    assert (pmi.workforce, pmi.suppressed) == (2, ())


def test_exact_for_callers_that_compute(run):
    assert cov.coverage_total(run=run, scope=PIMPINAN, exact=True).provisional == 2


def test_row_suppressed_bounds():
    row = cov.CoverageRow(key="x", workforce=5, active=4, nonactive=1, provisional=0)
    out = cov.row_suppressed(row, 5)
    assert (out.workforce, out.active, out.nonactive, out.provisional) == (5, None, None, 0)
    assert out.suppressed == ("active", "nonactive", "confirmed", "uncovered", "pct", "confirmed_pct")
    assert cov.row_suppressed(row, 0) is row
