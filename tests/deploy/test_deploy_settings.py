"""Production settings fail closed (docs/deploy.md "What production refuses"): without a secret key,
a database URL or allowed hosts they refuse to load, with one line naming what is missing, and with
them `manage.py check --deploy` finds nothing. Each case is a fresh process, as a server starts."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV_KEY = "cakupan-dev-only-not-secret"


def _env(home: Path, **overrides) -> dict:
    """The caller's environment without any cakupan or Django setting, plus `overrides`
    (None removes a variable)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CAKUPAN_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update(CAKUPAN_HOME=str(home), DJANGO_SETTINGS_MODULE="config.settings.production",
               CAKUPAN_SECRET_KEY=secrets.token_urlsafe(50), DATABASE_URL=f"sqlite:///{home}/db.sqlite3",
               CAKUPAN_ALLOWED_HOSTS="cakupan.example.go.id")
    for k, v in overrides.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


def _run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _manage(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def _one_line(proc: subprocess.CompletedProcess) -> str:
    lines = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.strip()]
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and len(lines) == 1, proc.stdout + proc.stderr
    return lines[0]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    home = tmp_path / "home"
    proc = _run(_manage("check", "--deploy", "--fail-level", "WARNING"), _env(home))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "System check identified no issues" in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert "WARNINGS" not in proc.stderr and "ERRORS" not in proc.stderr


@pytest.mark.parametrize("missing", ["CAKUPAN_SECRET_KEY", "DATABASE_URL", "CAKUPAN_ALLOWED_HOSTS"])
@pytest.mark.parametrize("empty", [False, True], ids=["unset", "empty"])
def test_production_refuses_to_start_without_each_required_variable(tmp_path, missing, empty):
    home = tmp_path / "home"
    line = _one_line(_run(_manage("check"), _env(home, **{missing: "" if empty else None})))
    assert line.startswith("cakupan tidak mau mulai / refuses to start (config.settings.production):"), line
    assert missing in line and "docs/deploy.md" in line
    others = {"CAKUPAN_SECRET_KEY", "DATABASE_URL", "CAKUPAN_ALLOWED_HOSTS"} - {missing}
    assert not any(o in line for o in others), line  # names what is missing, nothing else
    assert not home.exists() or not any(home.iterdir())  # refused before anything is written


@pytest.mark.parametrize("name, value, says", [
    ("CAKUPAN_SECRET_KEY", DEV_KEY, "public development key"),
    ("CAKUPAN_SECRET_KEY", "short-but-not-empty", "too weak"),
    ("CAKUPAN_ALLOWED_HOSTS", "*", "not '*'"),
])
def test_production_refuses_insecure_values(tmp_path, name, value, says):
    line = _one_line(_run(_manage("check"), _env(tmp_path / "home", **{name: value})))
    assert name in line and says in line, line


def test_every_entry_point_refuses_in_one_line(tmp_path):
    """manage.py (above), `python -m django`, the `cakupan` command: one line each; the WSGI
    application (gunicorn) raises ImproperlyConfigured with the same message."""
    env = _env(tmp_path / "home", CAKUPAN_SECRET_KEY=None, DATABASE_URL=None, CAKUPAN_ALLOWED_HOSTS=None)
    line = _one_line(_run([sys.executable, "-m", "django", "check"], env))
    assert all(v in line for v in ("CAKUPAN_SECRET_KEY", "DATABASE_URL", "CAKUPAN_ALLOWED_HOSTS")), line
    cli = Path(sys.executable).with_name("cakupan")
    if cli.exists():
        assert _one_line(_run([str(cli), "coverage"], env)) == line
    wsgi = _run([sys.executable, "-c",
                 "from django.core.exceptions import ImproperlyConfigured\n"
                 "try:\n    import config.wsgi\nexcept ImproperlyConfigured as exc:\n    print('refused:', exc)\n"], env)
    assert wsgi.returncode == 0 and wsgi.stdout.strip() == f"refused: {line}", wsgi.stdout + wsgi.stderr


def test_development_settings_keep_their_defaults(tmp_path):
    env = _env(tmp_path / "home", DJANGO_SETTINGS_MODULE="config.settings.dev",
               CAKUPAN_SECRET_KEY=None, DATABASE_URL=None, CAKUPAN_ALLOWED_HOSTS=None)
    proc = _run([sys.executable, "-c",
                 "import django; django.setup(); from django.conf import settings as s; "
                 "print(s.SECRET_KEY, s.DATABASES['default']['ENGINE'], ','.join(s.ALLOWED_HOSTS))"], env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [DEV_KEY, "django.db.backends.sqlite3", "127.0.0.1,localhost"]
