"""noshow's own exceptions. The CLI's single error boundary turns them into one-line messages."""

from __future__ import annotations


class NoshowError(Exception):
    """Base of every error noshow reports to a person (exit status 2)."""


class InviteError(NoshowError):
    """An invite or calendar that cannot be read; ``line`` is the line number when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class ConfigError(NoshowError):
    """The configuration file or an option value is wrong."""
