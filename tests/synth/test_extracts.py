"""Month-end member extracts before the as-of date (`--history-months`): each month is the main
extract as it stood then, and the monthly truth counts what the product rule says."""
from __future__ import annotations

import csv
from datetime import date

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from cakupan.synth.extracts import active_at, history_months, members_at
from cakupan.synth.generate import synth_generate
from cakupan.errors import UserError

GRACE = {"BPU": 3, "PU": 3, "JAKON": 0, "PMI": 0}


def test_months_are_the_month_ends_before_the_as_of_month():
    assert history_months(date(2023, 2, 27), 3) == [date(2022, 11, 30), date(2022, 12, 31), date(2023, 1, 31)]
    assert history_months(date(2024, 3, 1), 1) == [date(2024, 2, 29)]


def test_a_record_as_it_stood_at_a_month_end():
    t = pa.table({
        "KPJ": ["joined-later", "paying", "lapsed-since", "left-since", "long-lapsed"],
        "SEGMEN": ["BPU", "BPU", "BPU", "PU", "BPU"],
        "STATUS_KEPESERTAAN": ["AKTIF", "AKTIF", "AKTIF", "KELUAR", "NON AKTIF"],
        "TGL_KEPESERTAAN": pa.array([date(2023, 2, 1), date(2020, 1, 1), date(2020, 1, 1), date(2020, 1, 1),
                                     date(2015, 1, 1)]),
        "IURAN_TERAKHIR": ["2023-02", "2023-02", "2022-09", "2023-01", "2019-04"],
    })
    then, kept = members_at(t, date(2022, 12, 31))
    assert kept.to_pylist() == [False, True, True, True, True]
    assert then["KPJ"].to_pylist() == ["paying", "lapsed-since", "left-since", "long-lapsed"]
    assert then["IURAN_TERAKHIR"].to_pylist() == ["2022-12", "2022-09", "2022-12", "2019-04"]
    assert then["STATUS_KEPESERTAAN"].to_pylist() == ["AKTIF", "AKTIF", "AKTIF", "NON AKTIF"]  # left after
    assert active_at(then, date(2022, 12, 31), GRACE).tolist() == [True, True, True, False]
    now = t.filter(pa.array([False, True, True, True, True]))
    assert active_at(now, date(2023, 2, 27), GRACE).tolist() == [True, False, False, False]


def test_synth_writes_the_months_and_their_truth(tmp_path):
    res = synth_generate(region="34.02", out=tmp_path / "r", scale=0.01, seed=5, fmt="csv", history_months=2)
    hist = tmp_path / "r" / "history"
    assert res.summary["history_months"] == ["2022-12-31", "2023-01-31"]
    main = pacsv.read_csv(tmp_path / "r" / "members.csv").num_rows
    sizes = [pacsv.read_csv(hist / f"members-{m}.csv").num_rows for m in res.summary["history_months"]]
    assert sizes[0] <= sizes[1] <= main  # registrations only accumulate
    rows = list(csv.DictReader((hist / "truth-monthly.csv").open(encoding="utf-8")))
    by_month: dict[str, int] = {}
    for r in rows:
        by_month[r["month"]] = by_month.get(r["month"], 0) + int(r["active"])
        assert 0 <= int(r["active"]) <= int(r["workforce"])
    assert set(by_month) == {*res.summary["history_months"], "2023-02-27"}  # the as-of month closes the chain
    assert by_month["2023-02-27"] == res.summary["active"]  # the main extract's truth
    assert all(abs(v - res.summary["active"]) < 0.05 * res.summary["active"] for v in by_month.values())
    chain = sorted(by_month)
    flows = {m: (sum(int(r["new"] or 0) for r in rows if r["month"] == m),
                 sum(int(r["lapsed"] or 0) for r in rows if r["month"] == m)) for m in chain}
    for before, after in zip(chain, chain[1:]):  # truth flows add up to the change in the stock
        assert by_month[after] == by_month[before] + flows[after][0] - flows[after][1]
    again = synth_generate(region="34.02", out=tmp_path / "r", scale=0.01, seed=5, fmt="csv", history_months=2)
    assert again.manifest == res.manifest  # reproducible, months included


def test_history_months_out_of_range(tmp_path):
    with pytest.raises(UserError):
        synth_generate(region="34.02", out=tmp_path / "x", scale=0.01, history_months=99)
