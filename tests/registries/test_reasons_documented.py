"""Every import code is documented (docs/error-codes.md), every code used in the registries code
is declared in reasons.py, and every row reason appears in some committed fixture."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from cakupan.registries.reasons import FILE_ERRORS, ROW_REASONS, ROW_WARNINGS
from cakupan.registries.services import snapshot_import

from .helpers import AS_OF, FIXTURES

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "error-codes.md").read_text(encoding="utf-8")
PREFIXES = ("file", "import", "snapshot", "nik", "wilayah", "tanggal", "jenis_kelamin", "baris", "pekerjaan",
            "segmen", "iuran", "kunci", "merge")
CODE_RE = re.compile(r"""['"]((?:%s)\.[a-z_]+)['"]""" % "|".join(PREFIXES))
MINE = ["cli.py", "columns.py", "readers.py", "readers_csv.py", "readers_xlsx.py", "reasons.py", "stage.py", "validate.py",
        "validate_members.py", "validate_kind.py", "services.py", "selectors.py", "quarantine.py", "report.py",
        "detect.py", "merge.py", "merge_sql.py"]
ALL = {**FILE_ERRORS, **ROW_REASONS, **ROW_WARNINGS}


def test_every_declared_code_and_message_is_in_the_doc():
    for code in ALL:
        assert f"`{code}`" in DOC, code
    for code, message in {**ROW_REASONS, **ROW_WARNINGS}.items():
        assert message in DOC, code


def test_every_code_used_in_the_code_is_declared():
    used = set()
    for name in MINE:
        used |= set(CODE_RE.findall((ROOT / "cakupan" / "registries" / name).read_text(encoding="utf-8")))
    assert used, "the pattern finds the codes"
    assert used - set(ALL) == set()


def test_nik_error_codes_are_all_row_reasons():
    from cakupan.nik import MESSAGES

    errors = {c for c in MESSAGES if c not in ROW_WARNINGS}
    assert errors <= set(ROW_REASONS)


@pytest.mark.django_db
def test_every_row_reason_appears_in_a_fixture(reference):
    from cakupan.registries.merge import snapshot_merge

    seen: set[str] = set()
    for kind, name in (("population", "population_bom_semicolon.csv"), ("members", "members_cp1252.csv")):
        report = snapshot_import(kind=kind, path=FIXTURES / name, as_of=AS_OF)
        assert report.rows_read == report.rows_loaded + report.rows_quarantined
        seen |= set(report.reasons)
        if kind == "population":  # the fix of that import (tests/fixtures/registries/population_fix.csv)
            merged = snapshot_merge(snapshot_id=report.snapshot_id, path=FIXTURES / "population_fix.csv")
            assert merged.rows_read == merged.rows_loaded + merged.rows_quarantined
            seen |= set(merged.reasons)
    assert seen == set(ROW_REASONS)
