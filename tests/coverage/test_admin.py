"""The coverage admin lists runs and facts read-only."""
from __future__ import annotations

from datetime import date

import pytest

from cakupan.coverage.models import CoverageRun
from cakupan.runs.services import run_publish


@pytest.mark.django_db
def test_admin_lists_runs_read_only(admin_client, run_dir):
    run = run_publish(run_dir=run_dir, as_of=date(2023, 2, 27), engine="duckdb", summary={"totals": {"workforce": 12}})
    res = admin_client.get("/admin/coverage/coveragerun/")
    assert res.status_code == 200 and str(run.as_of.year) in res.content.decode()
    assert admin_client.get("/admin/coverage/coveragefact/").status_code == 200
    assert admin_client.get("/admin/coverage/coveragehistory/").status_code == 200
    assert admin_client.get("/admin/coverage/coveragerun/add/").status_code == 403
    assert CoverageRun.objects.count() == 1
