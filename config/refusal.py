"""A settings module that must not start says why in one line, not a traceback.

`SettingsRefused` is an ImproperlyConfigured: gunicorn (the WSGI start) logs it like any boot
failure, the message last. `manage.py`, `python -m django` and the `cakupan` command let it reach
the interpreter's top level; `refuse()` installs, just before raising, a `sys.excepthook` that
prints that message alone on stderr (exit status 1) and hands every other exception to the hook
that was there before."""
from __future__ import annotations

import sys

from django.core.exceptions import ImproperlyConfigured


class SettingsRefused(ImproperlyConfigured):
    """The settings refuse to start; str() is the whole one-line message."""


def _one_line_hook(previous):
    def hook(kind, exc, tb):
        if isinstance(exc, SettingsRefused):
            print(str(exc), file=sys.stderr)
            return
        previous(kind, exc, tb)

    hook.cakupan_one_line = True
    return hook


def refuse(settings_name: str, problems: list[str]) -> None:
    """Raise SettingsRefused naming every problem, on one line."""
    if not getattr(sys.excepthook, "cakupan_one_line", False):
        sys.excepthook = _one_line_hook(sys.excepthook)
    raise SettingsRefused(
        f"cakupan tidak mau mulai / refuses to start ({settings_name}): " + "; ".join(problems)
        + " — lihat/see docs/deploy.md"
    )
