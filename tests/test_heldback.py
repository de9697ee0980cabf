"""The held-back items (tests/heldback/): realistic items that must pass, and a few that must fail.

They are asserted as a whole -- no error for pass/, the named code for fail/ --
never per message, so that they measure the checker rather than steer it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import TODAY, build_repository

from generator.check.repository import load_repository
from generator.problems import ERROR

HELD = Path(__file__).resolve().parent / "heldback"
MANIFEST = yaml.safe_load((HELD / "manifest.yml").read_text(encoding="utf-8"))


def _check(tmp_path: Path, folder: str, name: str, rel: str) -> list:
    root = build_repository(tmp_path / "repo")
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((HELD / folder / name).read_text(encoding="utf-8"), encoding="utf-8")
    return [p for p in load_repository(root, today=TODAY).problems if p.path == rel]


@pytest.mark.parametrize("name", sorted(MANIFEST["pass"]))
def test_heldback_item_passes(tmp_path, name):
    errors = [p for p in _check(tmp_path, "pass", name, MANIFEST["pass"][name]["as"]) if p.severity == ERROR]
    assert not errors, "\n".join(f"{p.code} {p.field} {p.line}: {p.message}" for p in errors)


@pytest.mark.parametrize("name", sorted(MANIFEST["fail"]))
def test_heldback_item_fails_with_its_code(tmp_path, name):
    spec = MANIFEST["fail"][name]
    codes = {p.code for p in _check(tmp_path, "fail", name, spec["as"])}
    assert spec["code"] in codes, codes


def test_every_heldback_file_is_listed():
    for kind in ("pass", "fail"):
        assert {p.name for p in (HELD / kind).glob("*.md")} == set(MANIFEST[kind])
