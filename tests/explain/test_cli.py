"""`cakupan person` (issue 19): the explanation on the command line, the same as the page and the API;
user errors in one line, no traceback; --user applies that user's scope and audits under their name."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.conf import settings
from typer.testing import CliRunner

from cakupan.accounts.models import AuditLog
from cakupan.accounts.scope import Scope
from cakupan.cli import app, main
from cakupan.explain.selectors import person_explain

from .world import KPJ, N

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(world, monkeypatch):
    import cakupan.home

    monkeypatch.setattr(cakupan.home, "_READY", True)  # pytest-django has set up the test database
    return world


def invoke(*args):
    return CliRunner().invoke(app, ["person", *args], env={"COLUMNS": "200"})


def flat(text: str) -> str:
    return " ".join(text.split())


def entry_point(monkeypatch, capsys, *args) -> tuple[int, str, str]:
    """Through the real entry point (cakupan.cli:main), which turns user errors into one line."""
    monkeypatch.setattr(sys, "argv", ["cakupan", "person", *args])
    with pytest.raises(SystemExit) as done:
        main()
    out, err = capsys.readouterr()
    return done.value.code, out, err


def test_prints_the_header_sections_sentences_and_history(ready):
    r = invoke(N.CARD_UNLINKED)
    assert r.exit_code == 0, r.output
    out = flat(r.output)
    expl = person_explain(user=None, scope=Scope(role="admin"), nik=N.CARD_UNLINKED)
    assert "SUKIRNO" in out and N.CARD_UNLINKED in out and "Poncosari" in out and "12 Desember 1970" in out
    assert f"Proses #{ready.run.pk} per 27 Februari 2023" in out
    for section in expl.sections:
        assert section.title in out
        for sentence in section.sentences:
            assert flat(sentence.text) in out, sentence.code
    assert "SUKIRMAN HADI" in out  # the card whose name differs too much (link.card_unlinked)
    assert "Riwayat per proses" in out and "Januari" in out
    for change in expl.changes:
        assert flat(change.text) in out


def test_json_is_the_api_shape(ready):
    r = invoke("--kpj", KPJ[N.EXACT], "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["count"] == 1 and data["matches"][0]["nik"] == N.EXACT
    expl = data["explanation"]
    assert expl["run"] == ready.run.pk and expl["nik"] == N.EXACT
    sections = {s["key"]: [x["code"] for x in s["sentences"]] for s in expl["sections"]}
    assert sections["linkage"] == ["link.exact"] and sections["status"] == ["status.active"]
    assert [h["status"] for h in expl["history"]] == ["none", "active"]


def test_an_older_run(ready):
    data = json.loads(invoke(N.EXACT, "--run", str(ready.run_old.pk), "--json").stdout)
    assert data["explanation"]["run"] == ready.run_old.pk and data["explanation"]["as_of"] == "2023-01-31"
    r = invoke(N.EXACT, "--run", "999")
    assert r.exit_code != 0 and "Proses #999" in str(r.exception)


def test_by_name_and_birth_date(ready):
    r = invoke("--nama", "sukir", "--lahir", "1970-12-12")
    assert r.exit_code == 0, r.output
    assert "SUKIRNO" in r.output and "SUKIRMAN HADI" in flat(r.output)


def test_several_matches_are_listed_to_narrow_down(ready, users):
    path = Path(settings.CAKUPAN_HOME) / ready.run.run_dir / "person_status.parquet"
    rows = pq.read_table(path).to_pylist()
    twin = dict(next(r for r in rows if r["nik"] == N.EXACT), nik="3402014101800099", nama="SUKARDI WIYONO")
    pq.write_table(pa.Table.from_pylist(rows + [twin]), path)
    r = invoke("--nama", "sukardi", "--lahir", "1980-01-01", "--user", "kalurahan")
    assert r.exit_code == 0, r.output
    out = flat(r.output)
    assert "2 orang cocok" in out and "SUKARDI WIYONO" in out and "3402********0099" in out
    assert "Riwayat per proses" not in out
    data = json.loads(invoke("--nama", "sukardi", "--lahir", "1980-01-01", "--json").stdout)
    assert data["count"] == 2 and data["explanation"] is None
    assert [m["nik"] for m in data["matches"]] == [N.EXACT, twin["nik"]]


@pytest.mark.parametrize("args, words", [
    (("123",), "NIK harus 16 digit"),
    ((), "Cari dengan NIK"),
    (("--nama", "sukardi", "--lahir", "01-01-1980"), "--lahir harus berformat yyyy-mm-dd"),
    (("3402019999990001",), "tidak ditemukan"),
    ((N.EXACT, "--user", "tidak-ada"), "Pengguna 'tidak-ada' tidak ada"),
])
def test_user_errors_are_one_line_without_a_traceback(ready, monkeypatch, capsys, args, words):
    code, out, err = entry_point(monkeypatch, capsys, *args)
    assert code != 0
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Galat:") and words in lines[0], err
    assert "Traceback" not in out + err


def test_user_scope_applies_and_is_audited(ready, users, monkeypatch, capsys):
    _, _, missing = entry_point(monkeypatch, capsys, "3402029999990001", "--user", "kalurahan_b")
    code, out, outside = entry_point(monkeypatch, capsys, N.EXACT, "--user", "kalurahan_b")  # lives in KAL_A
    assert code != 0 and "SUKARDI" not in out + outside
    assert outside == missing and "tidak ditemukan" in outside  # the same words: no probing
    before = AuditLog.objects.count()
    data = json.loads(invoke(N.EXACT, "--user", "kalurahan", "--json").stdout)
    assert data["explanation"]["nik"] == "3402********0001"  # masked for the kalurahan role
    rows = list(AuditLog.objects.order_by("id"))[before:]
    assert [(r.action, r.username, r.detail["via"]) for r in rows] == [
        ("search_person", "kalurahan", "cli"), ("explain_person", "kalurahan", "cli")]
    r = invoke(N.EXACT, "--user", "pimpinan")
    assert r.exit_code != 0 and "tidak boleh melihat data per orang" in str(r.exception)


def test_without_user_the_system_looks_office_wide(ready):
    before = AuditLog.objects.count()
    assert invoke(N.OTHER_KAL).exit_code == 0
    rows = list(AuditLog.objects.order_by("id"))[before:]
    assert {r.username for r in rows} == {"system"} and {r.scope for r in rows} == {"admin semua wilayah"}
