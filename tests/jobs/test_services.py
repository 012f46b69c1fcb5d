"""Jobs end to end on the real database queue: upload -> import job -> worker -> snapshot; run job
-> published run; who may; one run at a time; a cancelled job is not run."""
from __future__ import annotations

import pytest

from cakupan.errors import UserError
from cakupan.jobs.models import Job
from cakupan.jobs.services import job_cancel, job_import_submit, job_retry, job_run_submit, upload_save

from .conftest import AS_OF, PASSWORD, drain, uploaded

pytestmark = pytest.mark.django_db(transaction=True)


def _import(user, path, kind, roster_kind=""):
    up = upload_save(file=uploaded(path), kind=kind, roster_kind=roster_kind, as_of=AS_OF, user=user)
    return job_import_submit(upload=up, user=user)


def test_import_and_run_jobs_publish_the_figures(operator, small_synth):
    from cakupan.accounts.models import AuditLog
    from cakupan.registries.models import Snapshot

    jobs = [_import(operator, small_synth / "population.csv", "population"),
            _import(operator, small_synth / "members.csv", "members"),
            _import(operator, small_synth / "rosters" / "asn.csv", "roster", "asn")]
    assert {j.status for j in jobs} == {"queued"}
    drain()
    for job in jobs:
        job.refresh_from_db()
        assert job.status == "done", job.message
        assert job.progress == 1.0 and job.result["status"] == "loaded"
        assert job.result["rows_read"] == job.result["rows_loaded"] + job.result["rows_quarantined"]
        assert job.started_at and job.finished_at and job.worker
    assert Snapshot.objects.count() == 3
    run = job_run_submit(user=operator)
    drain()
    run.refresh_from_db()
    assert run.status == "done", run.message
    assert run.result["run_id"] and run.result["workforce"] > 0 and 0 < run.result["pct"] < 100
    assert "diterbitkan" in run.message
    assert "no_asn_roster" not in {w["code"] for w in run.result["warnings"]}  # the ASN roster was imported
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"upload", "import_start", "run_start"} <= actions


def test_a_file_that_is_not_an_extract_fails_the_job_without_a_snapshot(operator, tmp_path):
    from cakupan.registries.models import Snapshot

    img = tmp_path / "foto.csv"
    img.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    nonik = tmp_path / "tanpa_nik.csv"
    nonik.write_text("NAMA;ALAMAT\nSRI;Bantul\n", encoding="utf-8")
    bad = [_import(operator, img, "population"), _import(operator, nonik, "population")]
    drain()
    for job in bad:
        job.refresh_from_db()
        assert job.status == "failed"
        assert job.message and "\n" not in job.message and "Traceback" not in job.message
    assert Snapshot.objects.count() == 0


def test_only_operators_may_submit(region):
    from cakupan.accounts.services import user_create

    analis = user_create(username="analis", role="analis", password=PASSWORD)
    with pytest.raises(PermissionError):
        job_run_submit(user=analis)


def test_a_second_run_is_refused_while_one_waits(operator):
    first = job_run_submit(user=operator)
    with pytest.raises(UserError) as exc:
        job_run_submit(user=operator)
    assert exc.value.code == "run.busy" and f"#{first.pk}" in str(exc.value)
    job_cancel(job=first, user=operator)
    drain()
    first.refresh_from_db()
    assert first.status == "cancelled" and first.started_at is None
    again = job_retry(job=first, user=operator)
    assert again.status == "queued" and again.pk != first.pk


def test_a_run_without_snapshots_fails_with_a_message(operator):
    job = job_run_submit(user=operator)
    drain()
    job.refresh_from_db()
    assert job.status == "failed" and job.message
    assert Job.objects.filter(status="running").count() == 0


def test_recovery_fails_a_dead_workers_job_and_its_started_run(operator):
    from django.utils import timezone

    from cakupan.coverage.models import CoverageRun
    from cakupan.jobs.worker import jobs_recover

    job = job_run_submit(user=operator)
    Job.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now(), worker="elsewhere:1",
                                         heartbeat_at=timezone.now() - timezone.timedelta(hours=2))
    started = CoverageRun.objects.create(as_of=AS_OF, status="STARTED")
    assert jobs_recover() == [job.pk]
    job.refresh_from_db()
    started.refresh_from_db()
    assert job.status == "failed" and "Pekerja berhenti" in job.message
    assert started.status == "FAILED"
    live = job_retry(job=job, user=operator)
    Job.objects.filter(pk=live.pk).update(status="running", started_at=timezone.now(), worker="elsewhere:2",
                                          heartbeat_at=timezone.now())
    assert jobs_recover() == []  # a recent heartbeat on another host: still alive


def test_a_failed_run_leaves_the_last_published_run_on_every_page(operator, small_synth, cakupan_home):
    from django.test import Client

    from cakupan.coverage.selectors import run_latest

    for path, kind in ((small_synth / "population.csv", "population"), (small_synth / "members.csv", "members")):
        _import(operator, path, kind)
    first = job_run_submit(user=operator)
    drain()
    first.refresh_from_db()
    published = run_latest()
    assert first.status == "done" and published.pk == first.result["run_id"]
    warned = {w["code"]: w["message"] for w in first.result["warnings"]}
    assert "Impor daftar ASN" in warned["no_asn_roster"]  # no ASN roster in this run: it says so
    assert published.summary["warnings"] == first.result["warnings"]
    c = Client()
    c.force_login(operator)
    before = c.get("/").content.decode()
    for parquet in (cakupan_home / "snapshots" / "members").glob("*.parquet"):
        parquet.unlink()  # the next run cannot read its members
    second = job_run_submit(user=operator)
    drain()
    second.refresh_from_db()
    assert second.status == "failed" and second.message and "\n" not in second.message
    assert run_latest().pk == published.pk
    from cakupan.core.formatting import angka

    figure = angka(first.result["workforce"])
    assert figure in before and figure in c.get("/").content.decode()


def test_a_data_date_out_of_any_sane_window_is_refused(operator, tmp_path):
    from datetime import date

    path = tmp_path / "p.csv"
    path.write_text("NIK;KODE_WILAYAH\n3402014101900001;34.02.01.2001\n", encoding="utf-8")
    for day in (date(9999, 12, 31), date(1900, 1, 1)):
        with pytest.raises(UserError) as exc:
            upload_save(file=uploaded(path), kind="population", as_of=day, user=operator)
        assert exc.value.code == "upload.as_of"
        with pytest.raises(UserError):
            job_run_submit(user=operator, as_of=day)
    assert Job.objects.count() == 0
