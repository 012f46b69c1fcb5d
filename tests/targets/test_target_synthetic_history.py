"""A long monthly history with a "future" after the as-of date (a committed slice of the synthetic
drive: Srandakan's two kalurahan), read by the forecast and its back-test."""
from datetime import date
from pathlib import Path

import pytest

from cakupan.targets.forecasting import backtest_area, forecast_area
from cakupan.targets.selectors import target_for
from cakupan.targets.services import target_set

from .factories import _area
from .monthly_fixture import monthly_fixture_load

FIXTURE = Path(__file__).parent / "fixtures" / "monthly_srandakan.csv"
AS_OF = date(2023, 2, 27)


@pytest.fixture
def history(db):
    monthly_fixture_load(FIXTURE)
    _area("34", "DI Yogyakarta", "provinsi", None)
    _area("34.02", "Bantul", "kabupaten", "34")
    _area("34.02.01", "Srandakan", "kapanewon", "34.02")


@pytest.mark.django_db
def test_forecast_at_the_as_of_reads_only_the_past(history):
    f = forecast_area(area_code="34.02.01", origin=AS_OF, to=date(2023, 12, 31))
    assert f.history[0] == (date(2022, 1, 31), 3009) and f.history[-1] == (date(2023, 2, 28), 3242)
    assert len(f.months) == 10 and f.window in (3, 6, 12)
    assert f.backtest.rows and all(scored <= date(2023, 2, 28) for _, scored in f.backtest_months)
    assert f.backtest.mape is not None and f.backtest.mape < 5  # a steady past: small errors
    assert f.low[-1] < f.point[-1] < f.high[-1]


@pytest.mark.django_db
def test_backtest_over_the_drive_shows_the_break(history):
    months, bt = backtest_area(area_code="34.02.01", horizon=3)
    before = [r for r in bt.rows if months[r.scored] <= date(2023, 2, 28)]
    after = [r for r in bt.rows if months[r.scored] > date(2023, 2, 28)]
    assert before and after
    err = lambda rows: sum(abs(r.predicted - r.actual) for r in rows) / len(rows)  # noqa: E731
    assert err(after) > err(before)  # the drive after February is more than the past pace foresaw


@pytest.mark.django_db
def test_target_from_history_baseline_and_needed_per_month(history):
    t = target_set(area_code="34.02.01", value_pct=40, due=date(2023, 12, 31), baseline_as_of=AS_OF)
    feb = {r[1]: int(r[6]) for r in (line.split(",") for line in FIXTURE.read_text().splitlines()[1:]) if r[0] == "2023-02"}
    assert t.baseline_active == 3242 and t.baseline_workforce == sum(feb.values())
    s = target_for("34.02.01", AS_OF)
    assert s.gap == t.target_count - 3242
    assert s.needed_per_month > s.net_needed_per_month > 0
    later = target_for("34.02.01", date(2023, 12, 31))
    assert later.actual == 3961 and later.status == "merah"
