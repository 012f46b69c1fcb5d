"""Errors a user can act on. The CLI prints their message (no traceback) and exits non-zero."""


class UserError(Exception):
    """A problem with the user's input or environment, with a message that says what to do."""

    exit_code = 2

    def __init__(self, message: str, *, code: str = "error"):
        super().__init__(message)
        self.code = code
