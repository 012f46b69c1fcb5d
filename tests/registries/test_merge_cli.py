"""`cakupan quarantine merge SNAPSHOT_ID FILE`: the import's report, its --json shape, one-line errors."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cakupan.registries.cli import quarantine_app
from cakupan.registries.models import Snapshot
from cakupan.registries.services import snapshot_import

from .helpers import AS_OF, FIXTURES
from .test_import_cli import JSON_KEYS

POPULATION = FIXTURES / "population_bom_semicolon.csv"


def run(*args: str):
    return CliRunner().invoke(quarantine_app, list(args))


@pytest.mark.django_db
def test_merge_prints_the_import_report(reference):
    parent = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    result = run("merge", str(parent.snapshot_id), str(FIXTURES / "population_fix.csv"), "--user", "petugas")
    assert result.exit_code == 0, result.output
    assert f"perbaikan snapshot #{parent.snapshot_id}" in result.stdout and "merge.duplicate_row" in result.stdout
    merged = Snapshot.objects.get(parent_id=parent.snapshot_id)
    assert merged.loaded_by_name == "petugas" and f"cakupan quarantine export {merged.pk}" in result.stdout
    again = run("merge", str(parent.snapshot_id), str(FIXTURES / "population_fix.csv"), "--json")
    data = json.loads(again.stdout)
    assert again.exit_code == 0 and set(data) == JSON_KEYS
    assert data["status"] == "duplicate" and data["snapshot_id"] == merged.pk


@pytest.mark.django_db
def test_merge_json_report(reference):
    parent = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    result = run("merge", str(parent.snapshot_id), str(FIXTURES / "population_fix.csv"), "--json")
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and set(data) == JSON_KEYS and data["status"] == "loaded"
    assert data["rows_read"] == data["rows_loaded"] + data["rows_quarantined"] == 22
    assert data["kind"] == "population" and data["as_of"] == AS_OF.isoformat()


@pytest.mark.django_db
def test_merge_errors_are_one_line(reference, tmp_path):
    parent = snapshot_import(kind="population", path=POPULATION, as_of=AS_OF)
    cases = [((str(parent.snapshot_id), str(POPULATION)), "merge.not_export", "population"),
             (("999", str(POPULATION)), "snapshot.not_found", ""),
             ((str(parent.snapshot_id), str(tmp_path / "tidak_ada.xlsx")), "file.not_found", "population")]
    for args, code, kind in cases:
        result = run("merge", *args)
        assert result.exit_code == 2, result.output
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("Galat:") and "Traceback" not in result.output, lines
        data = json.loads(run("merge", *args, "--json").stdout)
        assert (data["status"], data["error_code"], data["kind"]) == ("failed", code, kind)
    assert Snapshot.objects.count() == 1


def test_merge_help_has_an_example():
    result = run("merge", "--help")
    assert result.exit_code == 0 and "Example: cakupan quarantine merge 12 perbaiki.xlsx" in result.stdout
