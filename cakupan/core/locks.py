"""Advisory file locks under CAKUPAN_HOME/.locks/ (flock: the kernel drops them when a process dies,
so a `kill -9` never leaves a lock behind).

    with home_lock("files", shared=True):          # an import or a run writing files: many at once
        ...
    with home_lock("files", shared=False, wait=False) as got:   # the startup sweep
        if got: ...                                 # nobody is writing: leftovers are dead ones'

Writers of snapshot and run files hold "files" shared from their first temporary file until the
database has recorded (or rolled back) the result; the startup sweep (cakupan.home.home_sweep)
removes leftovers only while it holds it exclusively. Backup and prune hold "maintenance"
exclusively so that a prune never deletes what a backup is copying."""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _home() -> Path:
    from django.conf import settings

    return Path(settings.CAKUPAN_HOME)


@contextmanager
def home_lock(name: str, *, shared: bool, wait: bool = True, home: Path | None = None) -> Iterator[bool]:
    """Hold lock `name` (shared or exclusive); yields False (holding nothing) when `wait` is False
    and someone else holds it incompatibly."""
    folder = (home or _home()) / ".locks"
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        flags = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(fd, flags)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
