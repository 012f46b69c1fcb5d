import sys
from datetime import date

import pytest
from typer.testing import CliRunner

from cakupan.cli import app
from cakupan.targets.models import Target

from .factories import make_region

runner = CliRunner()


@pytest.fixture
def ready(db, monkeypatch):
    import cakupan.home

    monkeypatch.setattr(cakupan.home, "_READY", True)  # pytest-django has set up the test database
    return make_region()


def invoke(*args):
    result = runner.invoke(app, list(args))
    return result


@pytest.mark.django_db
def test_set_allocate_show(ready):
    r = invoke("target", "set", "--area", "34.02", "--pct", "40", "--due", "2023-12-31", "--baseline", "2023-02-27")
    assert r.exit_code == 0, r.output
    t = Target.objects.get(parent__isnull=True)
    assert f"Target {t.id}" in r.output and "40,00\u00a0%" in r.output
    r = invoke("target", "allocate", str(t.id), "--rule", "proportional_uncovered", "--override", "34.02.01=5000")
    assert r.exit_code == 0, r.output
    assert "3 kapanewon" in r.output and "6 kalurahan" in r.output
    assert t.children.get(area_id="34.02.01").target_count == 5000
    r = invoke("target", "show", "--area", "34.02", "--level", "kalurahan", "--as-of", "2023-02-27")
    assert r.exit_code == 0, r.output
    assert "34.02.03.2002" in r.output and "hijau" in r.output
    kal = Target.objects.get(area_id="34.02.03.2002")
    assert f"{kal.target_count:,}".replace(",", ".") in r.output


@pytest.mark.django_db
def test_user_errors_are_one_line(ready):
    r = invoke("target", "set", "--area", "34.02", "--pct", "40", "--due", "31-12-2023")
    assert r.exit_code != 0
    assert isinstance(r.exception, Exception) and "yyyy-mm-dd" in str(r.exception)
    r = invoke("target", "allocate", "999", "--rule", "equal_rate")
    assert "tidak ditemukan" in str(r.exception)


@pytest.mark.django_db
def test_forecast_show_and_backtest(ready):
    invoke("target", "set", "--area", "34.02", "--pct", "40", "--due", "2023-12-31", "--baseline", "2023-02-27")
    r = invoke("forecast", "show", "--area", "34.02", "--origin", "2023-02-27")
    assert r.exit_code == 0, r.output
    assert "Des 2023" in r.output and "MAPE" in r.output and "perlu" in r.output
    r = invoke("forecast", "show", "--area", "34.02", "--level", "kalurahan", "--origin", "2023-02-27")
    assert r.exit_code == 0, r.output
    assert all(code in r.output for code in ("34.02.01.2001", "34.02.03.2002")) and "MAPE" in r.output
    r = invoke("forecast", "backtest", "--area", "34.02.01", "--horizon", "3")
    assert r.exit_code == 0, r.output
    assert "MAE" in r.output and "Des 2023" in r.output


def test_help_has_examples(monkeypatch):
    for group, cmds in (("target", ("set", "allocate", "show")), ("forecast", ("show", "backtest"))):
        for cmd in cmds:
            # the root callback skips the instance set-up when the command line asks for --help
            monkeypatch.setattr(sys, "argv", ["cakupan", group, cmd, "--help"])
            r = runner.invoke(app, [group, cmd, "--help"])
            assert r.exit_code == 0 and f"cakupan {group} {cmd}" in r.output
