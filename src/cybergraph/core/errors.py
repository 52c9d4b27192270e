"""Errors that the command line turns into a message and an exit code, never a traceback."""

from __future__ import annotations

from cybergraph.core.positions import Position

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2


class CybergraphError(Exception):
    """Base class of every error the tool reports to a user."""

    exit_code: int = EXIT_UNUSABLE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        text = f"error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class InputError(CybergraphError):
    """An input file or argument cannot be used (exit code 2)."""

    def __init__(self, message: str, *, position: Position | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.position = position

    def render(self) -> str:
        where = f"{self.position}: " if self.position else ""
        text = f"{where}error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(CybergraphError):
    """The command was called with arguments that do not fit (exit code 2)."""


class QueryTimeout(CybergraphError):
    """A query or validation ran past its time limit (exit code 2)."""
