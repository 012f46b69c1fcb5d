"""`cakupan wilayah load|find|show` (thin wrappers; errors as one line)."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cakupan.errors import UserError
from cakupan.wilayah.cli import app
from cakupan.wilayah.models import Area
from cakupan.wilayah.services import area_load_reference_if_empty

FIX = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.django_db
runner = CliRunner()


@pytest.fixture(autouse=True)
def bantul():
    area_load_reference_if_empty()


def test_load_with_region():
    result = runner.invoke(app, ["load", str(FIX / "national_small.csv"), "--region", "34.71"])
    assert result.exit_code == 0, result.output
    assert "4 wilayah dibuat" in result.output  # 34 exists already
    assert Area.objects.filter(code__startswith="34.71").count() == 4


def test_find_and_show():
    result = runner.invoke(app, ["find", "Kal. Poncosari"])
    assert (
        result.exit_code == 0 and "34.02.01.2001" in result.output and "Srandakan" in result.output
    )
    result = runner.invoke(app, ["show", "34.02.01"])
    assert result.exit_code == 0
    assert (
        "Poncosari" in result.output
        and "Trimurti" in result.output
        and "2 wilayah" in result.output
    )


def test_find_nothing_exits_1():
    assert runner.invoke(app, ["find", "Atlantis"]).exit_code == 1


def test_show_unknown_code_is_a_user_error():
    result = runner.invoke(app, ["show", "34.02.99"])
    assert isinstance(result.exception, UserError) and "34.02.99" in str(result.exception)
