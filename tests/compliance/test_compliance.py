"""Compliance selectors, pages and CLI over a small roster_status mart, published to RosterStatus."""
from __future__ import annotations

from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from cakupan.accounts.models import AuditLog, Profile
from cakupan.accounts.scope import Scope
from cakupan.compliance import selectors as sel
from cakupan.compliance.services import roster_status_publish
from cakupan.coverage.models import CoverageRun

ROWS = [
    # roster_kind, source_row, nik, nama, org, project_code, kode_wilayah, status
    ("perangkat_desa", 1, "3402010101800001", "Sukardi", "Poncosari", "", "34.02.01.2001", "active"),
    ("perangkat_desa", 2, "3402010101800002", "Ngadiyem", "Poncosari", "", "34.02.01.2001", "active"),
    ("perangkat_desa", 3, "3402014101800003", "Tumini", "Trimurti", "", "34.02.01.2002", "none"),
    ("padat_karya", 1, "3402010101900004", "Paijo", "", "PK-2023-001", "34.02.01.2001", "active"),
    ("padat_karya", 2, "3402010101900005", "Paimin", "", "PK-2023-001", "34.02.01.2001", "nonactive"),
    ("opd", 1, "3471010101900006", "Budi Santoso", "Dinas Pertanian", "", "", "active"),
]


@pytest.fixture
def run(cakupan_home):
    run_dir = cakupan_home / "runs" / "r1"
    run_dir.mkdir(parents=True)
    cols = list(zip(*ROWS))
    table = pa.table({
        "roster_kind": cols[0], "source_row": cols[1], "nik": cols[2], "nama": cols[3], "org": cols[4],
        "project_code": cols[5], "kode_wilayah": cols[6], "status": cols[7],
        "jabatan": [""] * len(ROWS), "segment": ["PU"] * len(ROWS), "kpj": [""] * len(ROWS),
        "in_population": [True] * len(ROWS),
    })
    pq.write_table(table, run_dir / "roster_status.parquet")
    run = CoverageRun.objects.create(as_of=date(2023, 2, 27), status="DONE", run_dir="runs/r1")
    assert roster_status_publish(run=run, path=run_dir / "roster_status.parquet") == len(ROWS)
    return run


def _user(username, role, **profile):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    Profile.objects.create(user=user, role=role, **profile)
    return user


@pytest.mark.django_db
def test_overview_counts_every_roster_row(run):
    rows = {r.key: r for r in sel.compliance_overview(run=run, scope=Scope(role="kepatuhan"))}
    assert rows["perangkat_desa"].workers == 3 and rows["perangkat_desa"].active == 2
    assert rows["padat_karya"].nonactive == 1
    assert sum(r.workers for r in rows.values()) == len(ROWS)


@pytest.mark.django_db
def test_groups_worst_first_and_compliance_flag(run):
    groups = sel.compliance_groups(run=run, scope=Scope(role="analis"), roster_kind="perangkat_desa")
    assert [g.key for g in groups] == ["34.02.01.2002", "34.02.01.2001"]
    assert [g.compliant for g in groups] == [False, True]


@pytest.mark.django_db
def test_area_operator_sees_only_own_kalurahan(run):
    scope = Scope(role="kalurahan", area_code="34.02.01.2002")
    groups = sel.compliance_groups(run=run, scope=scope, roster_kind="perangkat_desa")
    assert [g.key for g in groups] == ["34.02.01.2002"]
    assert sel.compliance_people(run=run, scope=scope, roster_kind="perangkat_desa", group="34.02.01.2001") == []


@pytest.mark.django_db
def test_mitra_sees_own_org_only_and_pimpinan_no_people(run):
    mitra = Scope(role="mitra", org="dinas pertanian")
    assert [r.key for r in sel.compliance_overview(run=run, scope=mitra)] == ["opd"]
    boss = Scope(role="pimpinan")
    assert sel.compliance_overview(run=run, scope=boss)
    assert sel.compliance_people(run=run, scope=boss, roster_kind="opd", group="Dinas Pertanian") == []


@pytest.mark.django_db
def test_people_page_masks_and_audits(client, run):
    user = _user("lurah", "kalurahan", area_code="34.02.01.2001")
    client.force_login(user)
    resp = client.get("/kepatuhan/perangkat_desa/orang/", {"g": "34.02.01.2001"})
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "3402********0001" in body and "3402010101800001" not in body
    log = AuditLog.objects.get(action="view_roster_persons")
    assert log.rows == 2 and log.username == "lurah"
    assert client.get("/kepatuhan/perangkat_desa/orang/", {"g": "34.02.01.2002"}).content.decode().count("Tumini") == 0


@pytest.mark.django_db
def test_index_and_kind_pages(client, run):
    client.force_login(_user("tim", "kepatuhan"))
    assert "Perangkat desa" in client.get("/kepatuhan/").content.decode()
    page = client.get("/kepatuhan/padat_karya/").content.decode()
    assert "PK-2023-001" in page and "50,00" in page
    assert client.get("/kepatuhan/tidak_ada/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_cli_lists_failing_groups(run):
    from cakupan.cli import app

    result = CliRunner().invoke(app, ["kepatuhan", "perangkat_desa", "--belum-patuh", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"key": "34.02.01.2002"' in result.output and "34.02.01.2001" not in result.output


@pytest.mark.django_db
def test_published_rows_equal_the_mart_and_no_file_is_read(run, cakupan_home):
    from cakupan.compliance.models import RosterStatus

    (cakupan_home / "runs" / "r1" / "roster_status.parquet").unlink()  # pages read the database only
    assert RosterStatus.objects.filter(run=run).count() == len(ROWS)
    people = sel.compliance_people(run=run, scope=Scope(role="admin"), roster_kind="padat_karya", group="PK-2023-001")
    assert [(p["nama"], p["status"]) for p in people] == [("Paimin", "nonactive"), ("Paijo", "active")]
    assert people[0]["in_population"] is True and people[0]["segment"] == "PU"


@pytest.mark.django_db
def test_mitra_sees_its_ecosystems_roster_kinds(run):
    desa = Scope(role="mitra", org="Lembaga Lain", ecosystems=("desa",))
    assert [r.key for r in sel.compliance_overview(run=run, scope=desa)] == ["perangkat_desa"]
    assert sel.compliance_overview(run=run, scope=Scope(role="none")) == []
    assert sel.compliance_overview(run=None, scope=Scope(role="admin")) == []
