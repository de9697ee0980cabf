"""Digests of the generator's own code, for the caches that must not outlive a change to it."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

CODE = Path(__file__).resolve().parent


@functools.cache
def code_digest() -> str:
    """SHA-256 over every module of the generator (name and bytes), read once per process."""
    h = hashlib.sha256()
    for path in sorted(CODE.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
