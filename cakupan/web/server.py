"""Serve the web app on the embedded database (Django's threaded development server; static
files through whitenoise from the app directories). Production: see docs/deploy.md."""
from __future__ import annotations

import logging
import os

log = logging.getLogger(__name__)


def app_serve(*, host: str = "127.0.0.1", port: int = 8000, reload: bool = False) -> None:
    """Blocks until interrupted. Adds `host` to ALLOWED_HOSTS so a LAN address works too."""
    from cakupan.home import ensure_ready

    hosts = os.environ.get("CAKUPAN_ALLOWED_HOSTS", "127.0.0.1,localhost")
    if host not in hosts.split(","):
        os.environ["CAKUPAN_ALLOWED_HOSTS"] = f"{hosts},{host}"
    ensure_ready()
    from django.conf import settings
    from django.core.management import call_command

    if host not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS.append(host if host not in ("0.0.0.0", "::") else "*")
    log.info("serving cakupan on http://%s:%s", host, port)
    call_command("runserver", f"{host}:{port}", use_reloader=reload, use_threading=True, skip_checks=False)
