"""Logging to whatever `sys.stderr` is when a record is written, not the stream that was current
when logging was configured (a command run inside another, or a test runner, swaps sys.stderr; a
handler bound to a swapped-out, closed stream prints "--- Logging error ---" with a traceback)."""
from __future__ import annotations

import logging
import sys


class CurrentStderrHandler(logging.StreamHandler):
    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler.__init__ / setStream assign it: always follow sys.stderr
        pass
