"""Check results of item files, kept between builds so that a rebuild re-checks only what changed.

Checking every item again would be seconds of every rebuild at 10,000 items.
The result of :func:`generator.check.items.check_item` is a pure function of

* the file's bytes and its path (the folder rules),
* ``categories.yml``, ``holidays.yml``, "today" and the checking code
  (together the *fingerprint*: when any of them changes, nothing is reused),
* the answers the file system gave to the few questions the checks ask
  (does an attachment or a link target exist, how large is it, where does it
  resolve to: :data:`generator.check.context.PROBES`). These are recorded with the
  result and asked again before it is reused.

So an entry is reused only when the file's SHA-256, the fingerprint and every
recorded answer are the same; the item, its problems (warnings included) and
its index number come back exactly as a fresh check gives them
(``tests/test_check_cache.py`` compares both on the sample content).

The cache is one file, ``<root>/.cache/disclosure/checks.jsonl``: a header
line, then a line per item file (path, SHA-256, the entry as JSON), written
only when something changed (a new file name, then an atomic rename). An
entry is parsed only when its file is unchanged, so at 100,000 items the
cache costs its text in memory. JSON, not pickle: a CI cache restored from
another branch must not be able to run code. Items keep schema objects by id
and the body is not stored: it is the file's text after the front matter
(``body_line``).
"""

from __future__ import annotations

import json
import os
from dataclasses import astuple, fields
from datetime import date
from pathlib import Path

from ..cache import code_digest, digest
from ..model.item import Attachment, Item
from ..model.schema import Schema
from ..problems import Problem
from .context import PROBES

FORMAT = "checks-4"
_SCHEMA_FIELDS = {"category", "unit", "co_units", "sector", "info_type", "deadline_rule"}
_DATE_FIELDS = {"formation_date", "publish_date", "change_date", "abolished_date", "deadline", "approval_date"}
_SKIPPED = {"body", "digest", "_derived_summary"}


def fingerprint(root: Path, today: date) -> str:
    """Everything besides the file itself that a check result depends on."""
    configs = [(root / name).read_bytes() if (root / name).is_file() else b"-"
               for name in ("categories.yml", "holidays.yml")]
    return digest(FORMAT, today.isoformat(), *configs, code_digest())     # code: the checks and what they import


def file_digest(data: bytes) -> str:
    return digest(data)


class CheckCache:
    """``get`` a stored result for (path, bytes) or ``put`` a fresh one; ``save`` at the end."""

    def __init__(self, path: Path, fingerprint: str, schema: Schema):
        self.path = path
        self.fingerprint = fingerprint
        self.schema = schema
        # rel -> (sha, entry as a JSON line): parsed only when used, so 100,000 entries cost their
        # text in memory, not a tree of Python objects
        self.entries: dict[str, tuple[str, str]] = {}
        self.used: set[str] = set()
        self.changed = False
        self.hits = 0
        try:
            with open(path, encoding="utf-8") as handle:
                header = json.loads(handle.readline())
                if header == {"format": FORMAT, "fingerprint": fingerprint}:
                    for line in handle:
                        rel, sha, entry = line.rstrip("\n").split("\t", 2)
                        self.entries[rel] = (sha, entry)
        except (OSError, ValueError):
            self.entries = {}   # no cache, or one this version cannot read: everything is checked
        self._info_types = {t.id: t for t in schema.info_types}
        self._rules = schema.deadline_rules_by_id()

    # -- reading -----------------------------------------------------------------------------

    def has(self, rel: str, digest: str) -> bool:
        """Whether an entry was stored for these bytes (still to be confirmed by :meth:`get`)."""
        stored = self.entries.get(rel)
        return stored is not None and stored[0] == digest

    def get(self, rel: str, digest: str, text: str) -> tuple[Item | None, list[Problem], list | None, list] | None:
        """(item, problems, [index number, line] or None, linked files) as stored for this file, or None to check it."""
        stored = self.entries.get(rel)
        if stored is None or stored[0] != digest:
            return None
        try:
            entry = json.loads(stored[1])
            for kind, path, answer in entry["probes"]:
                if PROBES[kind](path) != answer:
                    return None
            item = self._item(entry["item"], text) if entry["item"] is not None else None
            problems = [Problem(*p) for p in entry["problems"]]
            holder = entry["holder"]
            files = list(entry["files"])
        except (KeyError, TypeError, ValueError):
            return None
        self.used.add(rel)
        self.hits += 1
        return item, problems, holder, files

    def _item(self, data: dict, text: str) -> Item:
        schema = self.schema
        values = {}
        for name, value in data.items():
            if name in _DATE_FIELDS:
                value = date.fromisoformat(value) if value is not None else None
            elif name == "category":
                value = schema.categories[value]
            elif name == "unit":
                value = schema.units[value]
            elif name == "co_units":
                value = tuple(schema.units[u] for u in value)
            elif name == "sector":
                value = schema.sectors[value] if value is not None else None
            elif name == "info_type":
                value = self._info_types[value] if value is not None else None
            elif name == "deadline_rule":
                value = self._rules[value] if value is not None else None
            elif name == "decision_dates":
                value = tuple((date.fromisoformat(day), count) for day, count in value)
            elif name == "fee_period":
                value = tuple(date.fromisoformat(day) for day in value) if value is not None else None
            elif name == "attachments":
                value = tuple(Attachment(*a) for a in value)
            elif name == "keywords":
                value = tuple(value)
            values[name] = value
        return Item(body=body_of(text, data["body_line"]), **values)

    # -- writing -----------------------------------------------------------------------------

    def put(self, rel: str, digest: str, item: Item | None, problems: list[Problem], holder: list | None,
            probes: list, files: list) -> None:
        if "\t" in rel or "\n" in rel:
            return              # not representable in the file's lines; such a file is checked every time
        entry = {"item": _item_data(item) if item is not None else None,
                 "problems": [list(astuple(p)) for p in problems], "holder": holder,
                 "probes": [list(p) for p in probes], "files": sorted(files)}
        self.entries[rel] = (digest, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        self.used.add(rel)
        self.changed = True

    def save(self) -> None:
        """Write the entries of the files seen in this run (removed files drop out), if anything changed.

        The file: a header line (format and fingerprint), then one line per file: path, SHA-256 and
        the entry as JSON, separated by tabs (JSON text has no raw tab or line break)."""
        if set(self.entries) != self.used:
            self.entries = {rel: entry for rel, entry in self.entries.items() if rel in self.used}
            self.changed = True
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}")
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(json.dumps({"format": FORMAT, "fingerprint": self.fingerprint}) + "\n")
            for rel in sorted(self.entries):
                sha, entry = self.entries[rel]
                handle.write(f"{rel}\t{sha}\t{entry}\n")
        os.replace(tmp, self.path)
        self.changed = False


def body_of(text: str, body_line: int) -> str:
    """The body as :func:`generator.source.read_source` cuts it: the text from line ``body_line`` on."""
    parts = text.split("\n", body_line - 1)
    return parts[body_line - 1] if len(parts) >= body_line else ""


def _item_data(item: Item) -> dict:
    out = {}
    for f in fields(Item):
        name = f.name
        if name in _SKIPPED:
            continue
        value = getattr(item, name)
        if name in _DATE_FIELDS:
            value = value.isoformat() if value is not None else None
        elif name in _SCHEMA_FIELDS:
            value = [u.id for u in value] if name == "co_units" else (value.id if value is not None else None)
        elif name == "attachments":
            value = [[a.path, a.title, a.rel, a.size] for a in value]
        elif name == "decision_dates":
            value = [[day.isoformat(), count] for day, count in value]
        elif name == "fee_period":
            value = [day.isoformat() for day in value] if value is not None else None
        elif name == "keywords":
            value = list(value)
        out[name] = value
    return out
