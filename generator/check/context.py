"""What every check of one file shares: the context, the collector of problems, the item's fields so far."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..model.schema import Schema
from ..model.source import Entry, Source
from ..model.workdays import Calendar
from ..problems import ERROR, WARNING, Problem


@dataclass
class Context:
    """What the checks of one file need besides the file itself."""

    schema: Schema
    calendar: Calendar
    today: date
    content_dir: Path          # absolute path of content/
    probes: list | None = None  # when a list: every file-system question asked, see probe()
    files: set | None = None    # when a set: the site paths of the files the checked file links to

    @property
    def max_attachment_bytes(self) -> int:
        return self.schema.attachment_mb * 1024 * 1024


def _resolve(path: str) -> str | None:
    try:
        return str(Path(path).resolve())
    except OSError:
        return None


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


# The only questions the checks ask the file system (attachments and links). A cached check result
# (generator.check.cache) is still valid when every recorded question gets the same answer.
PROBES = {"resolve": _resolve, "is_file": os.path.isfile, "exists": os.path.exists, "size": _size}


def probe(ctx: Context, kind: str, path) -> object:
    """Ask the file system (``PROBES[kind]``) and, when ``ctx.probes`` is a list, record question and answer."""
    answer = PROBES[kind](str(path))
    if ctx.probes is not None:
        ctx.probes.append((kind, str(path), answer))
    return answer


class Collector:
    """The problems of one file, in the order found (the repository sorts them)."""

    def __init__(self, rel: str):
        self.rel = rel
        self.problems: list[Problem] = []

    def error(self, line, column, field, code, message, hint=""):
        self.problems.append(Problem(self.rel, line, column, field, code, ERROR, message, hint))

    def warning(self, line, column, field, code, message, hint=""):
        self.problems.append(Problem(self.rel, line, column, field, code, WARNING, message, hint))


@dataclass
class Draft:
    """An item file while it is checked: its fields as written and their typed values so far."""

    source: Source
    src_uri: str                                       # path under content/
    fields: dict[str, Entry] = field(default_factory=dict)     # canonical key -> entry
    values: dict[str, Any] = field(default_factory=dict)       # canonical key -> converted value
    folder_unit: str | None = None                     # content/<unit>/<year>/<slug>.md as found
    folder_year: int | None = None

    def at(self, key: str) -> tuple[int, int]:
        """Line and column of a field's key."""
        entry = self.fields[key]
        return entry.line, entry.column


def is_empty(value) -> bool:
    return value is None or (isinstance(value, (str, list, dict, tuple)) and not value) or (
        isinstance(value, str) and not value.strip())


def line_col(source: Source, offset: int) -> tuple[int, int]:
    """File line and column of an offset in the body."""
    before = source.body[:offset]
    line = source.body_line + before.count("\n")
    column = offset - (before.rfind("\n") + 1) + 1
    return line, column


def scalar_texts(node: yaml.Node):
    """(node, text) of every scalar in a YAML value, nested lists and mappings included."""
    if isinstance(node, yaml.ScalarNode):
        yield node, str(node.value)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from scalar_texts(child)
    elif isinstance(node, yaml.MappingNode):
        for _k, child in node.value:
            yield from scalar_texts(child)
