from typer.testing import CliRunner

from cakupan.cli import app


def test_serve_help_has_example():
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--noreload" in result.output and "Example: cakupan serve" in result.output


def test_serve_runs_django_server_with_options(monkeypatch):
    import django.core.management

    from cakupan import home

    from cakupan.web import server

    calls, workers = [], []
    monkeypatch.setattr(home, "ensure_ready", lambda **kw: None)
    monkeypatch.setattr(django.core.management, "call_command", lambda *a, **kw: calls.append((a, kw)))
    monkeypatch.setattr(server, "worker_start", lambda: workers.append(1))
    result = CliRunner().invoke(app, ["serve", "--port", "8123", "--host", "127.0.0.1", "--noreload"])
    assert result.exit_code == 0, result.output
    (args, kwargs), = calls
    assert args == ("runserver", "127.0.0.1:8123") and kwargs["use_reloader"] is False
    assert workers == [1]  # a job worker beside the web server
    result = CliRunner().invoke(app, ["serve", "--port", "8123", "--noreload", "--no-worker"])
    assert result.exit_code == 0 and workers == [1]
