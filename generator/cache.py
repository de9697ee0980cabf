"""Digests of files (the generator's own code, the theme), for the caches that must not outlive a change to them."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

CODE = Path(__file__).resolve().parent


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
