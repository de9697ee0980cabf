"""The benchmark generator writes valid, varied and reproducible items."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from bench.generate import generate, tiny_pdf
from generator.check.repository import load_repository

TODAY = date(2026, 11, 27)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "site"
    generate(root, 300)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "content").rglob("*")) if p.is_file()}


def test_generated_items_pass_the_checker(generated):
    repo = load_repository(generated, today=TODAY)
    assert [f"{p.path}:{p.line} {p.code} {p.message}" for p in repo.errors] == []
    assert len(repo.items) == 300
    assert len(repo.pages) == 3


def test_generated_items_cover_the_schema(generated):
    repo = load_repository(generated, today=TODAY)
    schema = repo.schema
    assert {i.category.id for i in repo.items} == set(schema.categories)
    assert {i.unit.id for i in repo.items} == set(schema.units)
    leaves = {s.id for s in schema.sectors.values() if not s.children}
    assert {i.sector.id for i in repo.items if i.sector} == leaves
    assert {i.publish_date.year for i in repo.items} == {2024, 2025, 2026}
    assert all(i.publish_date <= TODAY for i in repo.items)
    assert any(i.decision_type for i in repo.items)
    assert any(i.project and i.info_type for i in repo.items)
    assert any(i.attachments for i in repo.items)
    assert all(i.doc_number and i.validity for i in repo.items if i.category.id == "regulations")
    assert not [i for i in repo.items if i.is_late]
    lengths = [len(i.body) for i in repo.items]
    assert 1400 <= min(lengths) and max(lengths) <= 3600
    per_unit_year = Counter((i.unit.id, i.year) for i in repo.items)
    assert len({i.index_no for i in repo.items}) == 300 and per_unit_year


def test_generation_is_deterministic(tmp_path, generated):
    again = tmp_path / "again"
    generate(again, 300)
    assert _files(again) == _files(generated)
    other = tmp_path / "other"
    generate(other, 300, seed=2)
    assert _files(other) != _files(generated)


def test_tiny_pdf_is_a_pdf():
    data = tiny_pdf()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    start = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[start:start + 4] == b"xref"
