import pytest
from typer.testing import CliRunner

from cakupan.cli import app


def test_cli_help_lists_commands():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for cmd in ("import", "synth", "link", "coverage", "serve", "demo"):
        assert cmd in result.output


@pytest.mark.django_db
def test_models_migrate_and_accept_rows():
    from cakupan.wilayah.models import Area

    Area.objects.create(code="34", name="DI Yogyakarta", name_key="di yogyakarta", kind="provinsi")
    assert Area.objects.count() == 1


def test_usage_errors_print_a_message_not_a_traceback():
    import subprocess
    import sys

    for args in (["nosuch"], ["synth", "--bogus"]):
        proc = subprocess.run([sys.executable, "-m", "cakupan.cli", *args], capture_output=True, text=True)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr and "Error" in proc.stderr
