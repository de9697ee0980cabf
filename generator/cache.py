"""Cache keys: digests of values and files, and the cache's folder.

Every cache of a build lives under ``<root>/.cache/disclosure/`` (outside
site/, safe to delete at any time) and is keyed by :func:`digest` of what
its entry is made of; :func:`code_digest` stands for the generator itself,
so that no cache outlives a change to the code or its templates.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

CODE = Path(__file__).resolve().parent
FOLDER = (".cache", "disclosure")


def folder(root: Path) -> Path:
    """The project's cache folder."""
    return Path(root).joinpath(*FOLDER)


def digest(*parts: str | bytes) -> str:
    """SHA-256 (hex) of the parts, each ended by a NUL byte so that no two lists of parts collide."""
    h = hashlib.sha256()
    for part in parts:
        h.update((part if isinstance(part, bytes) else part.encode("utf-8")) + b"\0")
    return h.hexdigest()


def files_digest(files: Iterable[tuple[str, Path]]) -> str:
    """SHA-256 over (name, bytes) of each file in the order given: names, not absolute paths, so a
    moved checkout keeps its caches."""
    h = hashlib.sha256()
    for name, path in files:
        h.update(name.encode() + b"\0" + Path(path).read_bytes() + b"\0")
    return h.hexdigest()


@functools.cache
def code_digest() -> str:
    """:func:`files_digest` over every module and template of the generator, read once per process."""
    files = [p for p in CODE.rglob("*") if p.is_file() and (p.suffix == ".py" or "templates" in p.parts)]
    return files_digest((path.relative_to(CODE).as_posix(), path) for path in sorted(files))
