"""PDP duties: subject access report and retention pruning."""
from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cakupan.accounts.models import AuditLog
from cakupan.coverage.models import CoverageFact, CoverageRun, PersonStatus
from cakupan.errors import UserError
from cakupan.privacy.services import person_data_report, runs_prune
from cakupan.registries.models import Snapshot
from tests.web.factories import run_make


@pytest.mark.django_db
def test_prune_keeps_newest_runs_and_all_aggregates(cakupan_home):
    old = run_make(as_of=date(2023, 1, 31)).run
    new = run_make(as_of=date(2023, 2, 27), with_history=False).run
    (cakupan_home / "runs" / "old").mkdir(parents=True)
    (cakupan_home / "runs" / "old" / "person_status.parquet").write_bytes(b"x")
    CoverageRun.objects.filter(pk=old.pk).update(run_dir="runs/old")
    facts_before = CoverageFact.objects.count()
    persons_old = PersonStatus.objects.filter(run=old).count()
    rep = runs_prune(keep=1)
    assert rep.runs_pruned == 1 and rep.persons_deleted == persons_old > 0 and rep.files_deleted == 1
    assert not PersonStatus.objects.filter(run=old).exists()
    assert PersonStatus.objects.filter(run=new).exists()
    assert CoverageFact.objects.count() == facts_before
    assert AuditLog.objects.filter(action="pdp_retention_prune").count() == 1
    with pytest.raises(UserError):
        runs_prune(keep=0)


@pytest.mark.django_db
def test_access_report_collects_snapshot_rows_and_is_audited(cakupan_home):
    path = cakupan_home / "snapshots" / "population" / "1.parquet"
    path.parent.mkdir(parents=True)
    pq.write_table(pa.table({"nik": ["3402014501900001", "3402010101900002"], "nama": ["Ngadiyem", "Paijo"]}), path)
    Snapshot.objects.create(kind="population", as_of=date(2023, 2, 27), file_name="p.csv", file_sha256="a" * 64,
                            rows_read=2, rows_loaded=2, rows_quarantined=0, data_path="snapshots/population/1.parquet")
    report = person_data_report(nik="3402014501900001")
    assert [r["nama"] for r in report["population"]] == ["Ngadiyem"]
    log = AuditLog.objects.get(action="pdp_access_report")
    assert "3402014501900001" not in log.scope and log.rows == 1
    with pytest.raises(UserError):
        person_data_report(nik="12345")


@pytest.mark.django_db
def test_access_report_reads_links_from_the_database_and_prune_deletes_them(cakupan_home):
    from cakupan.compliance.models import RosterStatus
    from cakupan.linkage.models import MemberLink

    old = run_make(as_of=date(2023, 1, 31)).run
    new = run_make(as_of=date(2023, 2, 27), with_history=False).run
    nik = "3402014501900001"
    for run in (old, new):
        MemberLink.objects.create(run=run, member_key="11000000001", kpj="11000000001", person_nik=nik, method="exact",
                                  match_probability=1.0, reasons="")
        RosterStatus.objects.create(run=run, roster_kind="opd", nik=nik, nama="Ngadiyem", status="active")
    MemberLink.objects.create(run=new, member_key="row:9", kpj=None, person_nik=nik, method="probabilistic",
                              match_probability=0.97, reasons="nama sama")
    report = person_data_report(nik=nik)  # no run directory exists: nothing is read from files
    assert report["links"] == [
        {"member_key": "11000000001", "kpj": "11000000001", "person_nik": nik, "method": "exact",
         "match_probability": "1.0", "reasons": ""},
        {"member_key": "row:9", "kpj": None, "person_nik": nik, "method": "probabilistic",
         "match_probability": "0.97", "reasons": "nama sama"},
    ]
    runs_prune(keep=1)
    assert not MemberLink.objects.filter(run=old).exists() and not RosterStatus.objects.filter(run=old).exists()
    assert MemberLink.objects.filter(run=new).count() == 2 and RosterStatus.objects.filter(run=new).count() == 1
    detail = AuditLog.objects.get(action="pdp_retention_prune").detail
    assert detail["member_links"] == 1 and detail["roster_rows"] == 1
