import numpy as np
import pytest

from cakupan.targets import forecast as fc
from cakupan.targets.backtest import backtest


def exact_series(n=24, start=10000.0, enrol=300.0, hazard=0.02):
    active, enrolled, lapsed = [], [], []
    a = start
    for _ in range(n):
        lap = hazard * a
        a = a + enrol - lap
        active.append(a), enrolled.append(enrol), lapsed.append(lap)
    return fc.series_of(active, enrolled, lapsed)


def test_fit_recovers_known_rates():
    r = fc.fit(exact_series())
    assert r.enrol == pytest.approx(300.0)
    assert r.hazard == pytest.approx(0.02)


def test_fit_uses_only_the_window():
    s = exact_series(n=24)
    s = fc.series_of(s.active, np.r_[np.full(12, 9999.0), s.enrolled[12:]], s.lapsed)
    assert fc.fit(s, window=12).enrol == pytest.approx(300.0)
    assert fc.fit(s, window=24).enrol > 300.0


def test_projection_matches_closed_form():
    # A_n = A0 (1-h)^n + E (1 - (1-h)^n) / h
    out = fc.project(10000, 300, 0.02, 10)
    assert out[-1] == pytest.approx(10000 * 0.98**10 + 300 * (1 - 0.98**10) / 0.02)
    assert fc.project(100, 5, 0.0, 3).tolist() == [105, 110, 115]


def test_forecast_sums_segments_and_band_collapses_without_noise():
    segs = {"PU": exact_series(enrol=300, hazard=0.02), "BPU": exact_series(start=5000, enrol=400, hazard=0.05)}
    f = fc.forecast(segs, 6)
    expected = fc.project(segs["PU"].active[-1], 300, 0.02, 6) + fc.project(segs["BPU"].active[-1], 400, 0.05, 6)
    assert np.allclose(f.point, expected)
    assert np.allclose(f.low, f.point) and np.allclose(f.high, f.point)
    assert f.enrol_per_month == pytest.approx(700)


def test_band_widens_with_noise_and_with_horizon():
    rng = np.random.default_rng(1)
    a, act, enr, lap = 10000.0, [], [], []
    for _ in range(24):
        e, l = rng.poisson(300), rng.binomial(int(a), 0.02)
        a = a + e - l
        act.append(a), enr.append(e), lap.append(l)
    f = fc.forecast({"BPU": fc.series_of(act, enr, lap)}, 10)
    width = f.high - f.low
    assert (width > 0).all()
    assert width[-1] > width[0]
    assert (f.low <= f.point).all() and (f.point <= f.high).all()


def test_needed_per_month_reaches_target_net_of_lapses():
    segs = {"PU": exact_series(enrol=300, hazard=0.02), "BPU": exact_series(start=5000, enrol=100, hazard=0.05)}
    rates = {k: fc.fit(s) for k, s in segs.items()}
    target = 30000.0
    need = fc.needed_per_month(segs, rates, target=target, steps=10)
    # spending `need` per month in the recent enrolment mix (3:1) lands exactly on the target
    end = fc.project(segs["PU"].active[-1], need * 0.75, 0.02, 10)[-1] + fc.project(segs["BPU"].active[-1], need * 0.25, 0.05, 10)[-1]
    assert end == pytest.approx(target)
    assert need > (target - sum(s.active[-1] for s in segs.values())) / 10  # more than net: lapses
    assert fc.needed_per_month(segs, rates, target=1.0, steps=10) == 0.0


def test_backtest_is_exact_on_a_known_process():
    bt = backtest({"PU": exact_series()}, horizon=3, min_fit=6)
    assert len(bt.rows) == 24 - 6 - 3 + 1
    assert bt.mae == pytest.approx(0.0, abs=1e-6)
    assert bt.mape == pytest.approx(0.0, abs=1e-6)
    assert bt.coverage == 1.0
    assert all(r.scored == r.origin + 3 for r in bt.rows)


def test_backtest_never_peeks_at_the_future():
    s = exact_series()
    bt = backtest({"PU": s}, horizon=3)
    # change everything from month 15 on: forecasts made at origins <= 14 must not move
    changed = fc.series_of(np.r_[s.active[:15], s.active[15:] * 2], np.r_[s.enrolled[:15], s.enrolled[15:] * 5], s.lapsed)
    bt2 = backtest({"PU": changed}, horizon=3)
    for r1, r2 in zip(bt.rows, bt2.rows):
        if r1.origin <= 14:
            assert r1.predicted == r2.predicted and r1.low == r2.low
        if r1.scored >= 15:
            assert r1.actual != r2.actual
    assert any(r.scored >= 15 and abs(r.predicted - r.actual) > 1 for r in bt2.rows)


def test_backtest_last_scored_limits_to_known_months():
    bt = backtest({"PU": exact_series()}, horizon=3, last_scored=13)
    assert bt.rows and max(r.scored for r in bt.rows) == 13


def test_backtest_errors_reported():
    s = exact_series()
    biased = fc.series_of(s.active * np.r_[np.ones(12), np.full(12, 1.1)], s.enrolled, s.lapsed)
    bt = backtest({"PU": biased}, horizon=3)
    assert bt.mae > 0 and bt.mape > 0
    manual = np.mean([abs(r.predicted - r.actual) / r.actual * 100 for r in bt.rows])
    assert bt.mape == pytest.approx(manual)


def ramp_series(n=24, start=10000.0, hazard=0.02):
    """Enrolments growing by 20 a month: a long window lags behind."""
    active, enrolled, lapsed = [], [], []
    a = start
    for t in range(n):
        e = 200.0 + 20.0 * t
        lap = hazard * a
        a = a + e - lap
        active.append(a), enrolled.append(e), lapsed.append(lap)
    return fc.series_of(active, enrolled, lapsed)


def test_window_is_chosen_from_the_past_errors():
    assert fc.choose_window({"BPU": ramp_series()}) == 3
    assert fc.choose_window({"BPU": exact_series(n=5)}) == fc.DEFAULT_WINDOW  # too short to compare


def test_band_is_calibrated_by_past_errors():
    s = {"BPU": ramp_series()}
    plain = fc.forecast(s, 6, window=3, n_paths=200)
    errs = fc.past_errors(s, window=3, max_steps=6)
    assert plain.calibrated and len(errs) >= fc.MIN_CALIBRATION
    assert all(e > 0 for _, e in errs)  # the model under-forecasts a ramp ...
    assert plain.high[-1] > plain.point[-1] * 1.005  # ... so the band reaches above the point
    bt = backtest(s, horizon=3)
    assert bt.coverage >= 0.5


def test_past_errors_match_one_forecast_per_origin():
    s = {"PU": ramp_series(), "BPU": exact_series(start=3000, enrol=50, hazard=0.05)}
    errs = fc.past_errors(s, window=6, max_steps=4)
    manual = []
    for origin in range(5, 23):
        past = {k: v.head(origin + 1) for k, v in s.items()}
        point = sum(fc.project(v.active[-1], fc.fit(v, window=6).enrol, fc.fit(v, window=6).hazard, 4) for v in past.values())
        actual = sum(v.active for v in s.values())
        manual += [(k, actual[origin + k] / point[k - 1] - 1) for k in range(1, min(4, 23 - origin) + 1)]
    assert [k for k, _ in errs] == [k for k, _ in manual]
    assert np.allclose([e for _, e in errs], [e for _, e in manual])
