"""The one problem type every check yields, and the configuration error.

A :class:`Problem` is a finding about one file: where it is (1-based line and
column, or ``None``), which front-matter field it concerns (canonical key, or
``None`` for the body or the file as a whole), a stable machine ``code``, a
``severity`` and a Chinese ``message`` with a ``hint`` that says how to fix it.
Formatters (``generator.formatters``) turn lists of problems into text, JSON or
CI annotations; checks never print.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    column: int | None
    field: str | None
    code: str
    severity: str
    message: str
    hint: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def sort_key(problem: Problem) -> tuple:
    """Stable order: by file, then position (missing positions first), then code."""
    return (
        problem.path,
        problem.line if problem.line is not None else 0,
        problem.column if problem.column is not None else 0,
        problem.code,
        problem.field or "",
        problem.message,
    )


class ConfigError(Exception):
    """A mistake in a configuration file (categories.yml, holidays.yml, mkdocs.yml).

    Carries a Chinese message and, where known, the file and 1-based line, so
    the CLI can print it and exit 2 instead of showing a traceback.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        text = where + self.message
        if self.hint:
            text += f"（{self.hint}）"
        return text
