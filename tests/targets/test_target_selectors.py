from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from cakupan.accounts.scope import Scope
from cakupan.coverage.models import CoverageHistory
from cakupan.targets import selectors as tsel
from cakupan.targets.selectors import target_for, target_roots, target_summary, target_table
from cakupan.targets.services import target_allocate, target_set
from cakupan.targets.tracking import expected_at, status_of

from .factories import make_region

AS_OF = date(2023, 2, 27)
DUE = date(2023, 12, 31)


@pytest.fixture
def region(db):
    codes, figs, run = make_region()
    t = target_set(area_code="34.02", value_pct=40, due=DUE, baseline_as_of=AS_OF)
    target_allocate(target_id=t.id, rule="equal_rate")
    return codes, figs, t


@pytest.mark.django_db
def test_no_target_gives_none(db):
    make_region(history=False)
    assert target_for("34.02", AS_OF) is None


@pytest.mark.django_db
def test_summary_is_the_dashboard_dict(region, monkeypatch):
    codes, figs, t = region
    s = target_for("34.02", AS_OF)
    assert target_summary("34.02", AS_OF) == {
        "pct": s.target_pct, "count": s.target_count, "gap": max(s.gap, 0), "due": DUE, "status": s.status,
        "forecast_at_due": s.forecast_at_due,
        "baseline_as_of": AS_OF, "baseline_pct": 100.0 * t.baseline_active / (t.target_count * 100.0 / s.target_pct),
    }
    assert target_summary("34.02.99", AS_OF) is None

    def broken(area_code, as_of):
        raise RuntimeError("broken target")

    monkeypatch.setattr(tsel, "target_for", broken)
    assert target_summary("34.02", AS_OF) is None  # logged; the dashboard shows no target


@pytest.mark.django_db
def test_status_at_baseline(region):
    codes, figs, t = region
    s = target_for("34.02", AS_OF)
    active = sum(a for _, a in figs.values())
    assert s.actual == active == s.expected_to_date == t.baseline_active
    assert s.target_count == t.target_count and s.target_pct == pytest.approx(40.0, abs=0.01)
    assert s.gap == t.target_count - active
    # on the path to date, but the forecast for December falls short of the target: not hijau
    assert s.forecast_at_due < s.target_count
    assert status_of(baseline_active=t.baseline_active, expected=s.expected_to_date, actual=s.actual) == "hijau"
    assert s.status == status_of(baseline_active=t.baseline_active, expected=s.expected_to_date, actual=s.actual,
                                 target_count=s.target_count, forecast_at_due=s.forecast_at_due) != "hijau"
    assert s.net_needed_per_month == -(-s.gap // 10)
    assert s.needed_per_month > s.net_needed_per_month  # the history has lapses (1 %/month)
    assert s.lapses_per_month == pytest.approx(0.01 * active, rel=0.05)
    with pytest.raises(FrozenInstanceError):
        s.actual = 0


@pytest.mark.django_db
def test_status_later_reads_the_monthly_history(region):
    codes, figs, t = region
    when = date(2023, 6, 30)
    row = CoverageHistory.objects.get(area_code="34.02", segment="ALL", as_of=when)
    s = target_for("34.02", when)
    assert s.actual == row.active
    exp = expected_at(baseline_active=t.baseline_active, target_count=t.target_count,
                      baseline_as_of=AS_OF, due=DUE, as_of=when)
    assert s.expected_to_date == exp
    assert s.status == status_of(baseline_active=t.baseline_active, expected=exp, actual=row.active,
                                 target_count=t.target_count, forecast_at_due=s.forecast_at_due)


@pytest.mark.django_db
def test_kalurahan_gets_its_allocated_target(region):
    codes, figs, t = region
    s = target_for(codes[0], AS_OF)
    assert s is not None and s.area_code == codes[0] and s.actual == figs[codes[0]][1]
    assert s.target_count == t.children.get(area_id=codes[0][:8]).children.get(area_id=codes[0]).target_count


@pytest.mark.django_db
def test_table_is_scoped_to_the_operator_area(region):
    codes, figs, t = region
    full = target_table(target=t, as_of=AS_OF, scope=Scope(role="admin"))
    assert len(full) == 1 + 3 + 6
    assert sum(s.target_count for tt, s in full if tt.level == "kalurahan") == t.target_count
    mine = target_table(target=t, as_of=AS_OF, scope=Scope(role="kalurahan", area_code=codes[0]))
    assert [tt.area_id for tt, _ in mine] == [codes[0]]
    kap = target_table(target=t, as_of=AS_OF, scope=Scope(role="kapanewon", area_code="34.02.02"), level="kalurahan")
    assert {tt.area_id for tt, _ in kap} == {c for c in codes if c.startswith("34.02.02.")}
    assert target_roots(scope=Scope(role="kalurahan", area_code=codes[0])) == [t]
