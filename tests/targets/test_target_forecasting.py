from datetime import date

import pytest

from cakupan.coverage.models import CoverageHistory
from cakupan.errors import UserError
from cakupan.targets.forecasting import backtest_area, forecast_area
from cakupan.targets.services import target_set

from .factories import make_region


@pytest.mark.django_db
def test_forecast_from_the_as_of_uses_only_months_up_to_it():
    make_region()
    target_set(area_code="34.02", value_pct=40, due=date(2023, 12, 31), baseline_as_of=date(2023, 2, 27))
    f = forecast_area(area_code="34.02", origin=date(2023, 2, 27))
    assert f.last_month == date(2023, 2, 28)
    assert f.months[0] == date(2023, 3, 31) and f.months[-1] == date(2023, 12, 31) and len(f.point) == 10
    assert all(m <= date(2023, 2, 28) for m, _ in f.history)
    assert all(scored <= date(2023, 2, 28) for _, scored in f.backtest_months)
    # the factory history is a known process (2 % of start enrolled, 1 % lapse): the forecast
    # lands within 1 % of what happened in December
    dec = CoverageHistory.objects.get(area_code="34.02", segment="ALL", as_of=date(2023, 12, 31)).active
    assert f.point[-1] == pytest.approx(dec, rel=0.01)
    assert f.low[-1] <= f.point[-1] <= f.high[-1]
    assert f.backtest.mape < 1.0
    assert f.target_count is not None and f.needed_per_month > (f.target_count - f.history[-1][1]) / 10


@pytest.mark.django_db
def test_backtest_over_the_whole_history():
    make_region()
    months, bt = backtest_area(area_code="34.02.01.2001", horizon=3)
    assert months[-1] == date(2023, 12, 31)
    assert len(bt.rows) == 24 - 6 - 3 + 1 and bt.mape is not None


@pytest.mark.django_db
def test_forecast_without_history_is_a_user_error():
    make_region(history=False)
    with pytest.raises(UserError):
        forecast_area(area_code="34.02", to=date(2023, 12, 31))
