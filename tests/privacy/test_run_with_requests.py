"""A run after a deletion and a rectification on request: the orchestrator hands privacy's tombstones
and overrides to the pipeline (inputs/tombstones.parquet, inputs/overrides.parquet); the erased NIK is
not in the run at all, the rectified name is."""
from __future__ import annotations

from datetime import date

import pyarrow.parquet as pq
import pytest

from cakupan.coverage.models import PersonStatus
from cakupan.linkage.models import MemberLink
from cakupan.privacy.services import subject_request_record
from tests.runs.test_execute import snapshots  # noqa: F401  (the fixture: the pipeline fixture's snapshots)

pytestmark = pytest.mark.django_db


def test_next_run_leaves_out_the_erased_and_applies_the_rectified(snapshots):  # noqa: F811
    from cakupan.runs.services import run_execute

    first = run_execute()
    gone = PersonStatus.objects.filter(run=first.run, status="active").order_by("nik").first().nik  # a covered worker
    assert MemberLink.objects.filter(run=first.run, person_nik=gone).exists()
    fixed = PersonStatus.objects.filter(run=first.run).exclude(nik=gone).order_by("nik").first().nik
    workforce, active = first.result.totals["workforce"], first.result.totals["active"]
    subject_request_record(nik=gone, kind="deletion", reason="r", requested_by="ybs", user=None)
    subject_request_record(nik=fixed, kind="rectification", reason="r", requested_by="ybs", nama="Nama Benar",
                           birth_date=date(1985, 3, 4), user=None)
    second = run_execute()
    assert pq.read_table(second.run_dir / "inputs" / "tombstones.parquet").to_pylist() == [{"nik": gone}]
    assert not PersonStatus.objects.filter(nik=gone).exists()
    assert not MemberLink.objects.filter(run=second.run, person_nik=gone).exists()
    files = pq.read_table(second.run_dir / "person_status.parquet").to_pylist()
    assert gone not in {r["nik"] for r in files}
    assert (second.result.totals["workforce"], second.result.totals["active"]) == (workforce - 1, active - 1)
    assert (first.result.totals["workforce"], first.result.totals["active"]) == (55, 20)  # the first run as published
    p = PersonStatus.objects.get(run=second.run, nik=fixed)
    assert (p.nama, p.birth_date) == ("Nama Benar", date(1985, 3, 4))
