"""Exact totals, recomputed from the files by the contract's rules."""

from __future__ import annotations

import json

from tests.synth.conftest import AS_OF, SCALE
from tests.synth.recompute import totals


def test_workforce_and_active_are_exact(small):
    got = totals(small.out, AS_OF)
    assert got["workforce"] == round(457_718 * SCALE)
    assert got["active"] == round(115_463 * SCALE)


def test_truth_files_agree_with_recomputation(small):
    got = totals(small.out, AS_OF)
    summary = json.loads((small.out / "truth" / "summary.json").read_text())
    assert (summary["workforce"], summary["active"], summary["nonactive"]) == (
        got["workforce"],
        got["active"],
        got["nonactive"],
    )
    row = (small.out / "truth" / "coverage_kabupaten.csv").read_text().splitlines()[1].split(",")
    assert row == [
        "34.02",
        str(got["workforce"]),
        str(got["active"]),
        str(got["nonactive"]),
        f"{100 * got['active'] / got['workforce']:.2f}",
    ]


def test_breakdowns_sum_to_the_kabupaten(small):
    import pandas as pd

    truth = small.out / "truth"
    for name, key in (
        ("kapanewon", "code"),
        ("kalurahan", "code"),
        ("segment", "key"),
        ("ecosystem", "key"),
    ):
        df = pd.read_csv(truth / f"coverage_{name}.csv", dtype={key: str})
        assert df["workforce"].sum() == small.summary["workforce"], name
        assert df["active"].sum() == small.summary["active"], name
        assert df["nonactive"].sum() == small.summary["nonactive"], name
    kal = pd.read_csv(truth / "coverage_kalurahan.csv", dtype={"code": str})
    assert len(kal) == 75


def test_kalurahan_truth_matches_recomputed_residence(small):
    got = totals(small.out, AS_OF)
    wf = got["wf"]
    kal = __import__("pandas").read_csv(
        small.out / "truth" / "coverage_kalurahan.csv", dtype={"code": str}
    )
    counts = wf.groupby("KODE_WILAYAH").size()
    assert {k: int(v) for k, v in counts.items()} == {
        r.code: r.workforce for r in kal.itertuples() if r.workforce
    }


def test_scale_one_plan_hits_published_figures():
    from cakupan.synth.plan import plan_build
    from cakupan.synth.reference import region_reference

    plan = plan_build(region_reference("34.02"), seed=1, scale=1.0, as_of=AS_OF)
    assert plan.workforce.sum() == 457_718
    assert plan.active.sum() == 115_463
    assert sum(len(p) for p in plan.padukuhan) == 933
    assert all(len(set(p)) == len(p) for p in plan.padukuhan)
    assert len(plan.kalurahan) == 75
