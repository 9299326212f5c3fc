"""Exceptions the pipeline raises for input it cannot use; each names the file and the reason."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """A file that cannot be built into a report. ``str()`` is the one-line message for the user."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class ReadError(InputError):
    """The file cannot be read as text (empty, binary, truncated, undecodable, too large)."""


class NotAReportError(InputError):
    """The text is readable but is not an annual rule-of-law report."""


class QueryError(Exception):
    """A stored query is unknown, malformed or missing a parameter."""
