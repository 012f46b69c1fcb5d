from datetime import date

from cakupan.targets.tracking import (expected_at, months_between, net_needed_per_month, path_points,
                                      status_of)

BASE = dict(baseline_active=115463, target_count=183088, baseline_as_of=date(2023, 2, 27), due=date(2023, 12, 31))


def test_months_between_is_calendar_months():
    assert months_between(date(2023, 2, 27), date(2023, 12, 31)) == 10
    assert months_between(date(2023, 2, 27), date(2023, 2, 28)) == 0


def test_linear_path_monthly():
    assert expected_at(**BASE, as_of=date(2023, 2, 27)) == 115463
    # one month in: 115,463 + 67,625 / 10
    assert expected_at(**BASE, as_of=date(2023, 3, 31)) == 115463 + 6763
    assert expected_at(**BASE, as_of=date(2023, 7, 15)) == 115463 + 33813  # 5/10, 33,812.5 rounded up
    assert expected_at(**BASE, as_of=date(2024, 3, 1)) == 183088
    assert expected_at(**BASE, as_of=date(2022, 12, 1)) == 115463


def test_path_points_month_ends_up_to_due():
    points = path_points(**BASE)
    assert len(points) == 11
    assert points[0] == (date(2023, 2, 27), 115463)
    assert points[1][0] == date(2023, 3, 31)
    assert points[-1] == (date(2023, 12, 31), 183088)


def test_status_thresholds():
    assert status_of(baseline_active=1000, expected=2000, actual=2000) == "hijau"
    assert status_of(baseline_active=1000, expected=2000, actual=1900) == "kuning"  # 900 of 1000 = 90 %
    assert status_of(baseline_active=1000, expected=2000, actual=1899) == "merah"


def test_net_needed_per_month_rounds_up():
    assert net_needed_per_month(actual=115463, target_count=183088, as_of=date(2023, 2, 27), due=date(2023, 12, 31)) == 6763
    assert net_needed_per_month(actual=200000, target_count=183088, as_of=date(2023, 2, 27), due=date(2023, 12, 31)) == 0
