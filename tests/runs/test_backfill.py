"""A year of extracts in one command (issue 15): synth --history-months, import the population,
`cakupan backfill` imports each month and runs it; the month's figures follow the monthly truth
and the flows add up whatever order the months were published in."""
from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from cakupan.cli import app
from cakupan.coverage.models import CoverageFlow
from cakupan.errors import UserError
from cakupan.runs.backfill import history_backfill

AS_OF = date(2023, 2, 27)


@pytest.fixture(scope="module")
def synth_months(tmp_path_factory):
    from cakupan.synth.generate import synth_generate

    out = tmp_path_factory.mktemp("synth-months")
    synth_generate(region="34.02", out=out, scale=0.01, seed=4, as_of=AS_OF, fmt="csv", history_months=3)
    return out


@pytest.fixture
def region(db, cakupan_home):
    from cakupan.registries.occupations import occupation_mapping_ensure
    from cakupan.wilayah.services import area_load_reference_if_empty

    area_load_reference_if_empty()
    occupation_mapping_ensure()
    return cakupan_home


def _truth(synth) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in csv.DictReader((synth / "history" / "truth-monthly.csv").open(encoding="utf-8")):
        out[r["month"]] = out.get(r["month"], 0) + int(r["active"])
    return out


def _truth_flows(synth) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for r in csv.DictReader((synth / "history" / "truth-monthly.csv").open(encoding="utf-8")):
        if r["new"] != "":
            new, lapsed = out.get(r["month"], (0, 0))
            out[r["month"]] = (new + int(r["new"]), lapsed + int(r["lapsed"]))
    return out


@pytest.mark.django_db
def test_backfill_then_the_main_month(region, synth_months):
    from cakupan.registries.services import snapshot_import
    from cakupan.runs.services import run_execute

    for kind, name in (("population", "population.csv"), ("roster", "rosters/asn.csv")):
        snapshot_import(kind=kind, path=synth_months / name, as_of=AS_OF, roster_kind="asn" if kind == "roster" else "")
    snapshot_import(kind="members", path=synth_months / "members.csv", as_of=AS_OF)
    run_execute(as_of=AS_OF)  # the main month first: its flows are recounted after the backfill

    outcome = history_backfill(folder=synth_months / "history")
    assert [(d.isoformat(), what) for d, what, _ in outcome.months] == [
        ("2022-11-30", "run"), ("2022-12-31", "run"), ("2023-01-31", "run")]
    assert outcome.flows_recounted == 4
    for flow in CoverageFlow.objects.all():
        assert flow.active_end == (flow.active_start + flow.new + flow.reactivated - flow.lapsed - flow.left
                                   + flow.moved_in - flow.moved_out)

    res = CliRunner().invoke(app, ["coverage", "--by", "month", "--format", "json"])
    rows = json.loads(res.output)["rows"]
    assert [r["as_of"] for r in rows] == ["2022-11-30", "2022-12-31", "2023-01-31", "2023-02-27"]
    truth = _truth(synth_months)
    for r in rows[:3]:  # each month as the truth says, up to the linkage's few misses
        assert abs(r["active"] - truth[r["as_of"]]) <= max(3, 0.01 * truth[r["as_of"]]), (r, truth)
    for before, after in zip(rows, rows[1:]):
        assert after["active_start"] == before["active"]  # the chain holds from month to month
    flows = _truth_flows(synth_months)
    for r in rows[1:]:  # the flows equal the truth's, up to linkage noise
        new, lapsed = flows[r["as_of"]]
        assert abs(r["new"] + r["reactivated"] - new) <= max(2, 0.05 * new), (r, new)
        assert abs(r["lapsed"] + r["left"] - lapsed) <= max(2, 0.05 * lapsed), (r, lapsed)
    assert rows[0]["previous_run"] is None and all(r["previous_run"] for r in rows[1:])
    assert sum(r["new"] + r["reactivated"] for r in rows[1:]) > 0

    again = history_backfill(folder=synth_months / "history")
    assert {what for _, what, _ in again.months} == {"skipped"}


@pytest.mark.django_db
def test_backfill_errors_are_one_sentence(region, tmp_path):
    with pytest.raises(UserError, match="members-YYYY-MM-DD"):
        history_backfill(folder=tmp_path)
    res = CliRunner().invoke(app, ["backfill", str(tmp_path / "missing")])
    assert res.exit_code != 0 and isinstance(res.exception, UserError)


@pytest.mark.django_db
def test_a_month_published_after_a_later_one_recounts_the_later_flows(region, synth_months):
    """The browser path: each month uploaded and run on its own, in any order."""
    from cakupan.coverage.models import CoverageRun
    from cakupan.registries.services import snapshot_import
    from cakupan.runs.services import run_execute

    snapshot_import(kind="population", path=synth_months / "population.csv", as_of=AS_OF)
    snapshot_import(kind="members", path=synth_months / "members.csv", as_of=AS_OF)
    feb = run_execute(as_of=AS_OF).run
    assert set(CoverageFlow.objects.filter(run=feb).values_list("previous_run", flat=True)) == {None}
    jan_as_of = date(2023, 1, 31)
    snapshot_import(kind="members", path=synth_months / "history" / "members-2023-01-31.csv", as_of=jan_as_of)
    outcome = run_execute(as_of=jan_as_of)
    assert "flows_refresh" in outcome.timings
    jan = CoverageRun.objects.get(pk=outcome.run.pk)
    assert set(CoverageFlow.objects.filter(run=feb).values_list("previous_run", flat=True)) == {jan.pk}
    assert "as_of_before_published" in {w["code"] for w in outcome.warnings}  # said, not refused
