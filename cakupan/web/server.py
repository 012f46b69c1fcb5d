"""Serve the web app on the embedded database (Django's threaded development server; static
files through whitenoise from the app directories), with a background-job worker beside it (a
child process running `cakupan worker`, stopped with the server). Production: docs/deploy.md."""
from __future__ import annotations

import atexit
import logging
import os
import signal
import subprocess
import sys

log = logging.getLogger(__name__)


def worker_start() -> subprocess.Popen | None:
    """`cakupan worker` as a child process (once: not again in the autoreloader's inner process)."""
    if os.environ.get("RUN_MAIN") == "true":
        return None
    proc = subprocess.Popen([sys.executable, "-m", "cakupan.cli", "worker"], env=os.environ.copy(),
                            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    atexit.register(_stop, proc)
    log.info("job worker started (pid %s)", proc.pid)
    return proc


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the server process dies, even by kill -9 (Linux prctl)."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def app_serve(*, host: str = "127.0.0.1", port: int = 8000, reload: bool = False, worker: bool = True) -> None:
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
    proc = worker_start() if worker else None
    if proc is not None:  # `kill` of the server stops its worker too (finally below)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log.info("serving cakupan on http://%s:%s", host, port)
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=reload, use_threading=True, skip_checks=False)
    finally:
        if proc is not None:
            _stop(proc)
