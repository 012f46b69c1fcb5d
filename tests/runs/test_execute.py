"""run_execute / `cakupan link` / `cakupan coverage` over snapshots registered in the app DB.

The snapshots are the committed pipeline fixture (tests/pipeline/fixtures); the linker is pinned
to an exact-NIK linker so the expected figures are known by hand."""
from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from cakupan.cli import app
from cakupan.coverage.models import CoverageRun, PersonStatus
from cakupan.errors import UserError

FIXTURES = Path(__file__).resolve().parents[1] / "pipeline" / "fixtures"
AS_OF = date(2023, 2, 27)


def exact_linker(engine, *, settings=None):
    engine.create("links", """
        SELECT m.member_key, m.kpj, p.nik AS person_nik,
               CASE WHEN p.nik IS NULL THEN 'none' ELSE 'exact' END AS method,
               CAST(CASE WHEN p.nik IS NULL THEN 0.0 ELSE 1.0 END AS DOUBLE) AS match_probability,
               CAST('' AS STRING) AS reasons
        FROM stg_members m LEFT JOIN stg_population p ON m.nik_valid AND p.nik = m.nik""")
    engine.create("review_queue", "SELECT member_key, kpj, person_nik AS candidate_nik, match_probability, reasons "
                                  "FROM links WHERE 1 = 0")


@pytest.fixture
def snapshots(cakupan_home, monkeypatch):
    from cakupan.home import ensure_ready
    from cakupan.pipeline import run as pipeline_run
    from cakupan.registries.models import Snapshot
    from cakupan.registries.occupations import occupation_mapping_ensure
    from cakupan.wilayah.services import area_load_reference_if_empty

    ensure_ready()  # once per process; the reference rows themselves roll back with each test
    area_load_reference_if_empty()
    occupation_mapping_ensure()
    monkeypatch.setattr(pipeline_run, "_default_linker", exact_linker)
    files = {"population": "population.parquet", "members": "members.parquet"}
    files.update({f"roster-{k}": f"roster-{k}.parquet" for k in ("asn", "opd", "perangkat_desa", "pasar")})
    for kind, name in files.items():
        dest = cakupan_home / "snapshots" / kind
        dest.mkdir(parents=True)
        shutil.copy(FIXTURES / name, dest / "1.parquet")
        roster = kind.removeprefix("roster-") if kind.startswith("roster-") else ""
        Snapshot.objects.create(
            kind="roster" if roster else kind, roster_kind=roster, as_of=AS_OF, file_name=name,
            file_sha256=kind.ljust(64, "0"), rows_read=1, rows_loaded=1, rows_quarantined=0,
            data_path=f"snapshots/{kind}/1.parquet",
        )
    return cakupan_home


@pytest.mark.django_db
def test_run_execute_publishes_and_exports(snapshots, tmp_path):
    from cakupan.runs.services import run_execute

    with pytest.raises(UserError, match="--tujuan"):  # personal data: the export names its purpose
        run_execute(export=tmp_path / "links.csv")
    assert not CoverageRun.objects.exists()  # refused before any work
    out = run_execute(export=tmp_path / "links.csv", export_purpose="verifikasi")  # as-of: the member snapshot's
    assert out.run.status == CoverageRun.Status.DONE and out.run.as_of == AS_OF
    assert out.result.totals["workforce"] == PersonStatus.objects.filter(run=out.run).count() == 55
    assert out.result.totals["active"] == 20 and out.run.member_snapshot.kind == "members"
    rows = list(csv.DictReader(open(tmp_path / "links.csv", encoding="utf-8")))
    assert list(rows[0]) == ["kpj", "person_nik", "method", "match_probability", "reasons"]
    assert len(rows) == 30 and sum(r["method"] == "none" for r in rows) == 2
    assert (out.run_dir / "inputs" / "occupations.csv").exists()
    # each owner published its own tables with the run
    from cakupan.compliance.models import RosterStatus
    from cakupan.linkage.models import MemberLink

    roster = pq.read_table(out.run_dir / "roster_status.parquet")
    assert RosterStatus.objects.filter(run=out.run).count() == roster.num_rows > 0
    assert MemberLink.objects.filter(run=out.run).count() == 28  # the 30 member records less the 2 unmatched
    assert out.timings["publish"] >= 0 and out.run.summary["service_timings"]["inputs"] >= 0
    from cakupan.accounts.models import AuditLog

    audit = AuditLog.objects.get(action="export_persons")
    assert audit.rows == 30 and audit.detail["purpose"] == "verifikasi" and audit.detail["run"] == out.run.pk


@pytest.mark.django_db
def test_run_execute_records_who_started_it(snapshots):
    from django.contrib.auth import get_user_model

    from cakupan.runs.services import run_execute

    user = get_user_model().objects.create_user(username="analis1", password="pw-analis1")
    out = run_execute(user=user)
    assert CoverageRun.objects.get(pk=out.run.pk).summary["by"] == "analis1"


@pytest.mark.django_db
def test_run_execute_without_snapshots_is_a_user_error(cakupan_home):
    from cakupan.home import ensure_ready
    from cakupan.runs.services import run_execute

    ensure_ready()
    with pytest.raises(UserError, match="snapshot peserta"):
        run_execute()


@pytest.mark.django_db
def test_cli_link_then_coverage(snapshots, tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["link", "--as-of", "2023-02-27", "--export", str(tmp_path / "x.csv"), "--tujuan", "verifikasi"])
    assert res.exit_code == 0, res.output
    assert "Cocok persis" in res.output and "36,36" in res.output  # 20 / 55
    res = runner.invoke(app, ["coverage", "--as-of", "2023-02-27", "--by", "kalurahan", "--format", "json"])
    data = json.loads(res.output)
    assert {r["key"] for r in data["rows"]} == {"34.02.01.2001", "34.02.01.2002", "34.02.02.2001"}
    assert sum(r["workforce"] for r in data["rows"]) == 55
    assert {r["name"] for r in data["rows"]} >= {"Poncosari", "Trimurti"}
    res = runner.invoke(app, ["coverage", "--as-of", "2023-02-27", "--by", "kabupaten", "--format", "csv"])
    assert res.output.splitlines()[1].startswith("34.02,") and ",55,20,5,36.36" in res.output
    res = runner.invoke(app, ["coverage", "--as-of", "2023-02-27", "--by", "segment"])
    assert "BPU" in res.output and "36,36" in res.output


@pytest.mark.django_db
def test_cli_coverage_unknown_as_of(snapshots):
    from cakupan.coverage.cli import coverage_rows

    with pytest.raises(UserError, match="2020-01-01"):
        coverage_rows(as_of=date(2020, 1, 1), by="kabupaten")
