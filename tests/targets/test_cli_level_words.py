"""The level options of the CLI take the words of any province (core.terms.level_alias), as
`coverage --by` does: `--level kecamatan` / `--level desa` mean the stored kinds kapanewon /
kalurahan (`target show`, `forecast show`), `wilayah find --kind desa` the kalurahan kind; a word
that is no level is refused in one line that names both words."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cakupan.cli import app
from cakupan.errors import UserError
from cakupan.targets.models import Target

from .factories import make_region

runner = CliRunner()


@pytest.fixture
def ready(db, monkeypatch):
    import cakupan.home

    monkeypatch.setattr(cakupan.home, "_READY", True)  # pytest-django has set up the test database
    return make_region()


def invoke(*args):
    return runner.invoke(app, list(args))


@pytest.mark.django_db
def test_target_show_level_takes_kecamatan_and_desa(ready):
    r = invoke("target", "set", "--area", "34.02", "--pct", "40", "--due", "2023-12-31", "--baseline", "2023-02-27")
    assert r.exit_code == 0, r.output
    tid = str(Target.objects.get(parent__isnull=True).id)
    assert invoke("target", "allocate", tid, "--rule", "equal_rate").exit_code == 0
    by_kind = invoke("target", "show", "--area", "34.02", "--level", "kalurahan", "--as-of", "2023-02-27")
    by_word = invoke("target", "show", "--area", "34.02", "--level", "desa", "--as-of", "2023-02-27")
    assert by_word.exit_code == 0, by_word.output
    assert "34.02.03.2002" in by_word.output and by_word.output == by_kind.output
    kec = invoke("target", "show", "--area", "34.02", "--level", "kecamatan", "--as-of", "2023-02-27")
    assert kec.exit_code == 0, kec.output
    assert "34.02.03 " in kec.output and "34.02.03.2002" not in kec.output
    bad = invoke("target", "show", "--area", "34.02", "--level", "rt", "--as-of", "2023-02-27")
    assert isinstance(bad.exception, UserError) and "kapanewon/kecamatan atau kalurahan/desa" in str(bad.exception)


@pytest.mark.django_db
def test_forecast_show_level_takes_desa(ready):
    invoke("target", "set", "--area", "34.02", "--pct", "40", "--due", "2023-12-31", "--baseline", "2023-02-27")
    r = invoke("forecast", "show", "--area", "34.02", "--level", "desa", "--origin", "2023-02-27")
    assert r.exit_code == 0, r.output
    assert all(code in r.output for code in ("34.02.01.2001", "34.02.03.2002"))
    r = invoke("forecast", "show", "--area", "34.02", "--level", "kecamatan", "--origin", "2023-02-27")
    assert r.exit_code == 0, r.output
    assert "34.02.03" in r.output and "34.02.03.2002" not in r.output
    bad = invoke("forecast", "show", "--area", "34.02", "--level", "dusun", "--origin", "2023-02-27")
    assert isinstance(bad.exception, UserError) and "kapanewon/kecamatan atau kalurahan/desa" in str(bad.exception)


@pytest.mark.django_db
def test_wilayah_find_kind_takes_desa_and_kecamatan(ready):
    from cakupan.wilayah.models import Area
    from cakupan.wilayah.selectors import name_key

    Area.objects.create(code="34.02.02.2009", name="Sanggrahan", name_key=name_key("Sanggrahan"), kind="kalurahan",
                        parent_id="34.02.02")
    r = invoke("wilayah", "find", "Sanggrahan", "--kind", "desa")
    assert r.exit_code == 0, r.output
    assert "34.02.02.2009" in r.output
    r = invoke("wilayah", "find", "Sanggrahan", "--kind", "kecamatan")
    assert r.exit_code == 1 and "34.02.02.2009" not in r.output
