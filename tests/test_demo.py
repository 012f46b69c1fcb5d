"""`cakupan demo` end to end at a tiny scale: synth with six month-end extracts, imports, the main
run, the six months before (backfill), target, worklist, accounts — and the months chain."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cakupan.cli import app


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_demo_at_a_tiny_scale(cakupan_home, monkeypatch):
    monkeypatch.setattr("cakupan.home._READY", False)  # a fresh instance: areas and mappings load into this DB
    res = CliRunner().invoke(app, ["demo", "--scale", "0.01", "--no-serve"])
    assert res.exit_code == 0, res.output
    assert "6 bulan diproses" in res.output and "demo-admin" in res.output
    rows = json.loads(CliRunner().invoke(app, ["coverage", "--by", "month", "--format", "json"]).output)["rows"]
    assert len(rows) == 7 and rows[-1]["as_of"] == "2023-02-27"
    for before, after in zip(rows, rows[1:]):
        assert after["active_start"] == before["active"]
        assert after["active"] == (after["active_start"] + after["new"] + after["reactivated"] - after["lapsed"]
                                   - after["left"] + after["moved_in"] - after["moved_out"])
    again = CliRunner().invoke(app, ["demo", "--scale", "0.01", "--no-serve"])
    assert again.exit_code == 0 and "0 bulan diproses" in again.output  # idempotent: months are not redone
