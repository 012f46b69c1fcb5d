"""The forecast's monthly series from published runs alone, with no monthly history file (issue 15,
part 3): each run's month carries the flows counted against the run before."""
from __future__ import annotations

import pytest

from cakupan.targets import forecast as fc
from cakupan.targets.figures import history_series
from tests.coverage.conftest import write_run
from tests.coverage.test_flows_publish import FEB, JAN, _february, _publish


@pytest.mark.django_db
def test_series_from_two_published_runs(tmp_path, cakupan_home):
    _publish(write_run(tmp_path / "jan"), JAN)
    _publish(_february(tmp_path), FEB)
    months, series = history_series(code="34.02")
    assert len(months) == 2 and months[1] == months[0] + 1
    total = {k: sum(getattr(s, k)[1] for s in series.values()) for k in ("active", "enrolled", "lapsed")}
    assert total == {"active": 4, "enrolled": 2, "lapsed": 2}
    rates = fc.fit(fc.series_of(*(sum(getattr(s, k) for s in series.values()) for k in ("active", "enrolled",
                                                                                          "lapsed"))))
    assert rates.enrol == 2.0 and rates.hazard == pytest.approx(2 / 4)
