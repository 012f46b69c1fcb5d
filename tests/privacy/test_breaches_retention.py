"""The breach register (UU 27/2022 art. 46: notice within 3 x 24 hours) and the retention of
snapshots and export files (`cakupan prune`, the runs' period); the pdp commands."""
from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from cakupan.accounts.models import AuditLog
from cakupan.coverage.models import CoverageRun
from cakupan.errors import UserError
from cakupan.privacy.models import Breach, SubjectRequest, Tombstone
from cakupan.privacy.selectors import breach_row, breaches_for
from cakupan.privacy.services import breach_notify, breach_record, exports_expire, snapshots_expire
from cakupan.registries.models import Snapshot
from tests.outreach.factories import make_user

pytestmark = pytest.mark.django_db
FOUND = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


def test_breach_deadline_is_72_hours_after_it_was_found():
    dpo = make_user("dpo", role="admin")
    b = breach_record(what="Laptop berisi daftar pekerja hilang", found_at=FOUND, data_affected="NIK, nama",
                      people_affected=120, user=dpo)
    assert b.deadline == FOUND + timedelta(hours=72)
    row = breach_row(b, now=FOUND + timedelta(hours=70))
    assert row.hours_left == 2.0 and not row.overdue
    late = breach_row(b, now=FOUND + timedelta(hours=75, minutes=30))
    assert late.hours_left == -3.5 and late.overdue
    breach_notify(breach_id=b.pk, notified="surat ke 120 pekerja", subjects_at=FOUND + timedelta(hours=20), user=dpo)
    b.refresh_from_db()
    assert not breach_row(b, now=FOUND + timedelta(hours=80)).notified_in_full  # the authority not yet
    breach_notify(breach_id=b.pk, notified="surel ke Komdigi", authority_at=FOUND + timedelta(hours=74), user=dpo)
    b.refresh_from_db()
    assert b.notified == "surat ke 120 pekerja\nsurel ke Komdigi"
    assert not breach_row(b, now=FOUND + timedelta(hours=80)).overdue
    notices = AuditLog.objects.filter(action="pdp_breach_notify").order_by("id")
    assert [n.detail["late"] for n in notices] == [False, True]


def test_breach_register_is_for_the_dpo_only_and_checks_its_input():
    from django.core.exceptions import PermissionDenied

    kal = make_user("lurah", role="kalurahan", area_code="34.02.01.2001")
    with pytest.raises(PermissionDenied):
        breach_record(what="x", found_at=FOUND, data_affected="y", user=kal)
    with pytest.raises(PermissionDenied):
        breaches_for(user=kal)
    with pytest.raises(UserError, match="masa depan"):
        breach_record(what="x", found_at=timezone.now() + timedelta(days=1), data_affected="y", user=None)
    with pytest.raises(UserError, match="wajib"):
        breach_record(what=" ", found_at=FOUND, data_affected="y", user=None)
    b = breach_record(what="x", found_at=FOUND, data_affected="y", user=None)
    with pytest.raises(UserError, match="sebelum"):
        breach_notify(breach_id=b.pk, notified="z", subjects_at=FOUND - timedelta(hours=1), user=None)
    with pytest.raises(UserError, match="tidak ada"):
        breach_notify(breach_id=b.pk + 1, notified="z", subjects_at=FOUND, user=None)


def _snapshot(home, sid: int, *, kind="population", as_of=date(2023, 1, 31), days_old=40) -> Snapshot:
    path = home / "snapshots" / kind / f"{sid}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    snap = Snapshot.objects.create(kind=kind, as_of=as_of, file_name="f.csv", file_sha256=f"{sid:064d}", rows_read=1,
                                   rows_loaded=1, rows_quarantined=0, data_path=f"snapshots/{kind}/{sid}.parquet")
    Snapshot.objects.filter(pk=snap.pk).update(loaded_at=timezone.now() - timedelta(days=days_old))
    return snap


def test_old_snapshots_go_but_the_newest_and_those_a_run_reads(cakupan_home):
    old = _snapshot(cakupan_home, 1, as_of=date(2022, 11, 30))
    read = _snapshot(cakupan_home, 2, as_of=date(2022, 12, 31))
    newest = _snapshot(cakupan_home, 3, as_of=date(2023, 1, 31))
    recent = _snapshot(cakupan_home, 4, as_of=date(2023, 1, 15), days_old=2)
    members = _snapshot(cakupan_home, 5, kind="members")  # old, but the newest of its kind
    CoverageRun.objects.create(as_of=date(2022, 12, 31), status=CoverageRun.Status.DONE, population_snapshot=read)
    preview = snapshots_expire(older_than_days=30, dry_run=True)
    assert [g.path for g in preview] == ["snapshots/population/1.parquet"] and Snapshot.objects.count() == 5
    gone = snapshots_expire(older_than_days=30)
    assert [g.path for g in gone] == ["snapshots/population/1.parquet"]
    assert set(Snapshot.objects.values_list("pk", flat=True)) == {read.pk, newest.pk, recent.pk, members.pk}
    assert not (cakupan_home / "snapshots/population/1.parquet").exists()
    assert (cakupan_home / "snapshots/population/2.parquet").exists()
    assert AuditLog.objects.get(action="pdp_retention_expire").detail["snapshots"] == [old.pk]
    with pytest.raises(UserError):
        snapshots_expire(older_than_days=-1)


def test_old_export_files_go(cakupan_home):
    folder = cakupan_home / "exports"
    folder.mkdir()
    (folder / "old.csv").write_text("nik\n")
    (folder / "new.csv").write_text("nik\n")
    past = time.time() - 40 * 86400
    os.utime(folder / "old.csv", (past, past))
    assert [g.path for g in exports_expire(older_than_days=30)] == ["exports/old.csv"]
    assert sorted(p.name for p in folder.iterdir()) == ["new.csv"]


@pytest.fixture
def cli(cakupan_home, monkeypatch):
    import cakupan.home
    from cakupan.cli import app

    monkeypatch.setattr(cakupan.home, "_READY", True)  # pytest-django has set up the test database
    return lambda *args: CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_pdp_commands(cli):
    r = cli("pdp", "hapus", "3402014501900001", "--alasan", "pindah", "--pemohon", "Ngadiyem (ybs)",
            "--diterima", "2026-12-01 09:00")
    assert r.exit_code == 0, r.output
    assert "3402…0001 dihapus" in r.output and Tombstone.objects.filter(nik="3402014501900001").exists()
    r = cli("pdp", "betulkan", "3402014501900002", "--nama", "Sri", "--alasan", "salah", "--pemohon", "ybs")
    assert r.exit_code == 0, r.output
    r = cli("pdp", "permintaan")
    assert "deletion NIK 3402…0001 pemohon Ngadiyem (ybs)" in r.output and "rectification" in r.output
    r = cli("pdp", "kebocoran", "catat", "--apa", "surel salah kirim", "--ditemukan", "2026-12-01 08:00",
            "--data", "NIK 40 pekerja", "--orang", "40")
    assert r.exit_code == 0 and "batas pemberitahuan" in r.output, r.output
    r = cli("pdp", "kebocoran", "daftar")
    assert "TERLAMBAT" in r.output or "sisa" in r.output
    r = cli("pdp", "kebocoran", "catat", "--apa", "x", "--ditemukan", "kemarin", "--data", "y")
    assert isinstance(r.exception, UserError) and "YYYY-MM-DD HH:MM" in str(r.exception)
    assert SubjectRequest.objects.count() == 2 and Breach.objects.count() == 1


def test_prune_command_expires_snapshots_and_exports_with_the_runs(cli, cakupan_home):
    old = _snapshot(cakupan_home, 1, as_of=date(2022, 11, 30))
    _snapshot(cakupan_home, 2, as_of=date(2022, 12, 31))
    r = cli("prune", "--days", "30", "--dry-run")
    assert r.exit_code == 0, r.output
    assert f"snapshot #{old.pk} (population, 2022-11-30) akan dihapus" in r.output and Snapshot.objects.count() == 2
    r = cli("prune", "--days", "30")
    assert "1 snapshot dan 0 berkas ekspor dihapus" in r.output and Snapshot.objects.count() == 1
