"""generator/checkcache.py: check results reused between builds only while they are still true."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import TODAY
from sitebuild import copy_repository

from generator.cache import digest
from generator.check.repository import load_repository

BUDGET = "content/fgw/2026/department-budget-2026.md"       # has an attachment (a file-system question)
LINKED = "content/czj/2026/city-final-accounts-2025.md"     # shows an image next to it


@pytest.fixture()
def repo(tmp_path):
    return copy_repository(tmp_path / "repo")


def load(root, cache=True):
    return load_repository(root, today=TODAY, cache_dir=root / ".cache" / "disclosure" if cache else None)


def cache_file(root):
    return root / ".cache" / "disclosure" / "checks.jsonl"


def entries(root) -> dict[str, tuple[str, dict]]:
    lines = cache_file(root).read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["format"]
    out = {}
    for line in lines[1:]:
        rel, sha, entry = line.split("\t")
        out[rel] = (sha, json.loads(entry))
    return out


def same(a, b) -> None:
    assert a.items == b.items
    assert [i.body for i in a.items] == [i.body for i in b.items]
    assert a.problems == b.problems
    assert a.files_checked == b.files_checked


def test_a_cached_load_gives_what_a_fresh_check_gives(repo):
    fresh = load(repo, cache=False)
    assert fresh.warnings, "the sample content should carry some warnings, so that they are compared too"
    first = load(repo)                  # fills the cache
    assert cache_file(repo).is_file()
    second = load(repo)                 # reads it
    same(first, fresh)
    same(second, fresh)
    for item in first.items + second.items:     # the key of the plugin's other caches (texts.json)
        assert item.digest == digest((repo / item.rel).read_bytes())
    assert not any(item.digest for item in fresh.items)
    assert len(entries(repo)) == len(fresh.items)


def test_a_changed_file_is_checked_again(repo):
    load(repo)
    path = repo / BUDGET
    path.write_text(path.read_text(encoding="utf-8").replace("公开类别: 预决算信息", "公开类别: 没有这个类别"),
                    encoding="utf-8")
    again = load(repo)
    codes = [(p.path, p.code) for p in again.errors]
    assert (BUDGET, "unknown-category") in codes
    same(again, load(repo, cache=False))


def test_a_removed_attachment_is_reported_although_the_item_file_is_unchanged(repo):
    load(repo)
    (repo / "content" / "fgw" / "2026" / "department-budget-2026.pdf").unlink()
    again = load(repo)
    assert (BUDGET, "attachment-missing") in [(p.path, p.code) for p in again.errors]
    same(again, load(repo, cache=False))


def test_a_grown_attachment_has_its_new_size(repo):
    load(repo)
    pdf = repo / "content" / "fgw" / "2026" / "department-budget-2026.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% appended\n")
    again = load(repo)
    [item] = [i for i in again.items if i.rel == BUDGET]
    assert item.attachments[0].size == pdf.stat().st_size


def test_categories_holidays_and_today_invalidate_everything(repo):
    load(repo)
    cats = repo / "categories.yml"
    text = cats.read_text(encoding="utf-8")
    assert "name: 示例市发展和改革委员会\n" in text
    cats.write_text(text.replace("name: 示例市发展和改革委员会\n", "name: 示例市发展改革委（新名称）\n", 1),
                    encoding="utf-8")
    again = load(repo)
    [item] = [i for i in again.items if i.rel == BUDGET]
    assert item.unit.name == "示例市发展改革委（新名称）"
    same(again, load(repo, cache=False))
    earlier = load_repository(repo, today=date(2026, 3, 1), cache_dir=repo / ".cache" / "disclosure")
    assert any(p.field == "publish_date" for p in earlier.errors), "items published after 'today' are errors"
    same(earlier, load_repository(repo, today=date(2026, 3, 1)))


def test_removed_files_leave_the_cache_and_a_broken_cache_is_ignored(repo):
    load(repo)
    (repo / LINKED).unlink()
    load(repo)
    assert LINKED not in entries(repo) and BUDGET in entries(repo)
    cache_file(repo).write_text("{not json", encoding="utf-8")
    same(load(repo), load(repo, cache=False))
    cache_file(repo).write_text('{"fingerprint": 1}\nno tabs here\n', encoding="utf-8")
    same(load(repo), load(repo, cache=False))
    header = cache_file(repo).read_text(encoding="utf-8").splitlines()[0]
    cache_file(repo).write_text(header + "\nno tabs here\n", encoding="utf-8")
    same(load(repo), load(repo, cache=False))


def test_a_tampered_entry_is_not_trusted_beyond_its_file(repo):
    """An entry is keyed by the file's SHA-256: one written for other bytes is not used."""
    load(repo)
    lines = cache_file(repo).read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        if line.startswith(BUDGET + "\t"):
            rel, sha, entry = line.split("\t")
            entry = json.loads(entry)
            entry["problems"], entry["item"]["title"] = [], "篡改的标题"
            lines[n] = "\t".join((rel, "0" * 64, json.dumps(entry, ensure_ascii=False)))
    cache_file(repo).write_text("\n".join(lines) + "\n", encoding="utf-8")
    same(load(repo), load(repo, cache=False))
