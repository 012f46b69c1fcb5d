"""`cakupan forecast` without --area takes the kabupaten of the newest run; no 34.02 default."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner


@pytest.mark.django_db
def test_without_a_run_the_area_must_be_given(cakupan_home, monkeypatch):
    import cakupan.home
    from cakupan.cli import app
    from cakupan.errors import UserError

    monkeypatch.setattr(cakupan.home, "_READY", True)
    result = CliRunner().invoke(app, ["forecast", "backtest"])
    assert isinstance(result.exception, UserError) and result.exception.code == "forecast.no_area"
    assert "--area" in str(result.exception)
