"""Monthly history: anchored on the snapshot, consistent flows, a rise after the drive."""

from __future__ import annotations

import pandas as pd


def _hist(small):
    return pd.read_csv(
        small.out / "history" / "monthly.csv", dtype={"kalurahan_code": str, "month": str}
    )


def test_shape_and_anchor(small):
    h = _hist(small)
    assert list(h.columns) == [
        "month",
        "kalurahan_code",
        "segment",
        "enrolled",
        "lapsed",
        "active_end",
        "workforce",
    ]
    assert h["month"].min() == "2022-01" and h["month"].max() == "2023-12"
    assert len(h) == 24 * 75 * 4
    feb = h[h["month"] == "2023-02"]
    assert feb["active_end"].sum() == small.summary["active"]
    wf = feb.drop_duplicates("kalurahan_code")["workforce"].sum()
    assert wf == small.summary["workforce"]


def test_flows_add_up(small):
    h = _hist(small).sort_values(["kalurahan_code", "segment", "month"])
    assert (h[["enrolled", "lapsed", "active_end"]] >= 0).all().all()
    prev = h.groupby(["kalurahan_code", "segment"])["active_end"].shift()
    ok = prev.isna() | (prev + h["enrolled"] - h["lapsed"] == h["active_end"])
    assert ok.all()


def test_trend_rises_after_the_drive_but_mostly_short_of_40_percent(small):
    h = _hist(small)
    kal = h.groupby(["month", "kalurahan_code"]).agg(
        active=("active_end", "sum"), wf=("workforce", "first")
    )
    dec = kal.xs("2023-12", level="month")
    feb = kal.xs("2023-02", level="month")
    assert dec["active"].sum() > feb["active"].sum() * 1.1
    pct = dec["active"] / dec["wf"]
    assert (pct < 0.40).mean() > 0.5
