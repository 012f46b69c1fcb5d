"""Teachers per school and per responsible office: the classification by name, the selectors over a
small published guru roster (figures counted by hand below), the page, the dashboard panel, the CLI."""
from __future__ import annotations

import json
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from cakupan.accounts.models import Profile
from cakupan.accounts.scope import Scope
from cakupan.compliance.schools import School, school_classify
from cakupan.compliance.selectors_teachers import teacher_offices, teacher_schools
from cakupan.compliance.services import roster_status_publish
from cakupan.coverage.models import CoverageRun
from cakupan.errors import UserError


@pytest.mark.parametrize("name, expected", [
    ("SD NEGERI 2 BANTUL", School("SD", "negeri", "kabupaten")),
    ("SDN Jejeran", School("SD", "negeri", "kabupaten")),
    ("SD Muhammadiyah Bodon", School("SD", "swasta", "kabupaten")),
    ("SMPN 1 Sewon", School("SMP", "negeri", "kabupaten")),
    ("SMA Negeri 1 Bantul", School("SMA", "negeri", "provinsi")),
    ("SMK N 1 Pandak", School("SMK", "negeri", "provinsi")),
    ("SLB Negeri 1 Bantul", School("SLB", "negeri", "provinsi")),
    ("MI Ma'arif Jejeran", School("MI", "swasta", "kemenag")),
    ("MTsN 3 Bantul", School("MTS", "negeri", "kemenag")),
    ("MAN 2 Bantul", School("MA", "negeri", "kemenag")),
    ("TK ABA Gandekan", School("PAUD", "swasta", "kabupaten")),
    ("PAUD Gedongan", School("PAUD", "swasta", "kabupaten")),
    ("Yayasan Pelita", School("", "", "")),
    ("", School("", "", "")),
])
def test_school_classify(name, expected):
    assert school_classify(name) == expected


ROWS = [  # org, status: 2 SD negeri (one all active), 1 SMK negeri, 1 MI swasta
    ("SD NEGERI 1 PANDAK", "active"), ("SD NEGERI 1 PANDAK", "active"),
    ("SD NEGERI 2 PANDAK", "active"), ("SD NEGERI 2 PANDAK", "none"), ("SD NEGERI 2 PANDAK", "nonactive"),
    ("SMK NEGERI 1 PANDAK", "none"), ("SMK NEGERI 1 PANDAK", "active"),
    ("MI MA'ARIF JEJERAN", "none"),
]


@pytest.fixture
def run(cakupan_home):
    run_dir = cakupan_home / "runs" / "rg"
    run_dir.mkdir(parents=True)
    n = len(ROWS)
    pq.write_table(pa.table({
        "roster_kind": ["guru"] * n, "source_row": list(range(1, n + 1)),
        "nik": [f"34020101019000{i:02d}" for i in range(n)], "nama": [f"Guru {i}" for i in range(n)],
        "org": [r[0] for r in ROWS], "project_code": [""] * n, "kode_wilayah": ["34.02.01.2001"] * n,
        "status": [r[1] for r in ROWS], "jabatan": ["GURU HONORER"] * n, "segment": [None] * n, "kpj": [""] * n,
        "in_population": [True] * n,
    }), run_dir / "roster_status.parquet")
    run = CoverageRun.objects.create(as_of=date(2023, 2, 27), status="DONE", run_dir="runs/rg")
    roster_status_publish(run=run, path=run_dir / "roster_status.parquet")
    return run


@pytest.mark.django_db
def test_schools_and_offices_by_hand(run):
    schools = {s.name: s for s in teacher_schools(run=run, scope=Scope(role="admin"))}
    assert schools["SD NEGERI 2 PANDAK"].row.workers == 3 and schools["SD NEGERI 2 PANDAK"].row.active == 1
    assert schools["MI MA'ARIF JEJERAN"].school == School("MI", "swasta", "kemenag")
    offices = {o.office: o for o in teacher_offices(run=run, scope=Scope(role="admin"))}
    # kabupaten: SD 1 (2/2) + SD 2 (1/3) = 3 of 5 active, 1 of 2 schools compliant
    k = offices["kabupaten"]
    assert (k.schools, k.compliant_schools, k.row.workers, k.row.active, k.row.none, k.row.pct) == (2, 1, 5, 3, 1, 60.0)
    p = offices["provinsi"]
    assert (p.schools, p.row.workers, p.row.active, p.row.pct) == (1, 2, 1, 50.0)
    assert (offices["kemenag"].row.workers, offices["kemenag"].row.active) == (1, 0)
    assert [o.office for o in teacher_offices(run=run, scope=Scope(role="admin"))] == ["kabupaten", "provinsi", "kemenag"]


def _login(client, role):
    user = get_user_model().objects.create_user(username=role, password="pw-" + role)
    Profile.objects.create(user=user, role=role)
    client.force_login(user)


@pytest.mark.django_db
def test_teachers_page_and_dashboard_panel(client, run):
    _login(client, "kepatuhan")
    page = client.get("/kepatuhan/guru/sekolah/").content.decode()
    assert "Dinas pendidikan kabupaten/kota" in page and "Kantor Kementerian Agama kabupaten/kota" in page
    assert "60,00" in page and "UU 23/2014" in page and "SD NEGERI 2 PANDAK" in page
    assert "/kepatuhan/guru/sekolah/" in client.get("/kepatuhan/guru/").content.decode()
    dash = client.get("/").content.decode()
    assert 'id="compliance-panel"' in dash and 'data-office="kemenag"' in dash


@pytest.mark.django_db(transaction=True)
def test_cli_teachers_per_office_and_a_wrong_option(run):
    from cakupan.cli import app

    out = CliRunner().invoke(app, ["kepatuhan", "guru", "--per", "dinas", "--format", "json"])
    assert out.exit_code == 0, out.output
    rows = {r["office"]: r for r in json.loads(out.output)}
    assert rows["kabupaten"]["teachers"] == 5 and rows["provinsi"]["active"] == 1
    bad = CliRunner().invoke(app, ["kepatuhan", "opd", "--per", "dinas"])   # the entry point prints UserErrors in one line
    assert isinstance(bad.exception, UserError) and "hanya untuk daftar guru" in str(bad.exception)
