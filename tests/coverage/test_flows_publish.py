"""Two runs a month apart, published: the flows are stored per cell with the identity holding on
every row, the history carries the month's enrolled and lapsed (so the forecast has real flows),
and `cakupan coverage --by month` prints them (issue 15, part 1)."""
from __future__ import annotations

import json
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cakupan.accounts.scope import Scope
from cakupan.cli import app
from cakupan.coverage.models import CoverageFlow, CoverageHistory
from cakupan.coverage.selectors import flows_by_month
from cakupan.coverage.services import coverage_publish, run_finish, run_start
from cakupan.errors import UserError

from tests.coverage.conftest import K1, K2, PERSONS, write_run

JAN, FEB = date(2023, 1, 31), date(2023, 2, 28)


def _february(tmp_path):
    """January's people a month later: one lapsed (active -> non-active), one re-activated, one new
    (not registered -> active), one left (became ASN), one moved from K1 to K2."""
    persons = [dict(p) for p in PERSONS]
    by_nik = {p["nik"]: p for p in persons}
    k1_active = [p for p in persons if p["kalurahan_code"] == K1 and p["status"] == "active"]
    next(p for p in persons if p["status"] == "nonactive")["status"] = "active"  # re-activated
    new = next(p for p in persons if p["status"] == "none")                     # new
    new.update(status="active", segment="BPU", kpj="11009999999", paid_through=date(2023, 2, 1), link_method="exact")
    k1_active[0]["status"] = "nonactive"                      # lapsed
    k1_active[1]["excluded_reason"] = "asn"                   # left
    k1_active[2]["kalurahan_code"] = K2                       # moved
    k1_active[2]["padukuhan_code"] = f"{K2}.krajan"
    run_dir = write_run(tmp_path / "feb")
    pq.write_table(pa.Table.from_pylist(persons), run_dir / "person_status.parquet")
    assert len(by_nik) == len(persons)
    return run_dir


def _publish(run_dir, as_of):
    run = run_start(run_dir=run_dir, as_of=as_of, engine="duckdb", summary={})
    counts = coverage_publish(run=run, run_dir=run_dir)
    return run_finish(run=run, summary={"published": counts})


@pytest.mark.django_db
def test_two_months_of_flows(tmp_path, cakupan_home):
    jan = _publish(write_run(tmp_path / "jan"), JAN)
    feb = _publish(_february(tmp_path), FEB)
    rows = list(CoverageFlow.objects.filter(run=feb))
    assert rows and all(r.previous_run_id == jan.pk for r in rows)
    for r in rows:
        assert r.active_end == r.active_start + r.new + r.reactivated - r.lapsed - r.left + r.moved_in - r.moved_out
    months = flows_by_month(scope=Scope(role="admin"))
    assert [m["as_of"] for m in months] == [JAN, FEB]
    assert months[0]["new"] == months[0]["active"] == 4 and months[0]["previous_run"] is None
    f = months[1]
    assert (f["active_start"], f["new"], f["reactivated"], f["lapsed"], f["left"]) == (4, 1, 1, 1, 1)
    assert f["moved_in"] == f["moved_out"] == 1 and f["active"] == 4
    k2 = flows_by_month(scope=Scope(role="admin"), area_code=K2)[1]
    assert k2["moved_in"] == 1 and k2["active"] == k2["active_start"] + k2["new"] + k2["moved_in"] - k2["lapsed"]
    kab = CoverageHistory.objects.get(as_of=FEB, area_code="34.02", segment="ALL", source="run")
    assert (kab.enrolled, kab.lapsed) == (2, 2)  # new + re-activated; lapsed + left
    first = CoverageHistory.objects.get(as_of=JAN, area_code="34.02", segment="ALL", source="run")
    assert (first.enrolled, first.lapsed) == (0, 0)  # a first run has nothing to compare with

    out = CliRunner().invoke(app, ["coverage", "--by", "month", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)["rows"]
    assert [(r["as_of"], r["workforce"], r["active"], r["new"], r["reactivated"], r["lapsed"], r["left"])
            for r in data] == [("2023-01-31", 12, 4, 4, 0, 0, 0), ("2023-02-28", 11, 4, 1, 1, 1, 1)]
    assert data[1]["pct"] == round(100 * 4 / 11, 2)
    table = CliRunner().invoke(app, ["coverage", "--by", "month", "--area", K1])
    assert table.exit_code == 0 and "Stok dan arus per proses" in table.output
    none = CliRunner().invoke(app, ["coverage", "--by", "month", "--area", "34.99"])
    assert none.exit_code != 0 and isinstance(none.exception, UserError) and "cakupan link" in str(none.exception)


@pytest.mark.django_db
def test_a_month_run_again_is_shown_once(tmp_path, cakupan_home):
    _publish(write_run(tmp_path / "jan"), JAN)
    _publish(_february(tmp_path), FEB)
    again = _publish(write_run(tmp_path / "feb-again"), FEB)
    months = flows_by_month(scope=Scope(role="admin"))
    assert [(m["as_of"], m["run"]) for m in months][-1] == (FEB, again.pk) and len(months) == 2
