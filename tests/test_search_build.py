"""The search index build: determinism, shards, what is indexed (no browser needed except for the shard merge)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import pytest
from browser import browser, page_for, site  # noqa: F401  (fixtures)

from generator.cache import digest
from generator.check.repository import load_repository
from generator.search.lunr import build_lunr
from generator.search.page import search_page
from generator.search.shards import build_pagefind, shards
from generator.search.text import item_text, plain_text, text_figures
from generator.search.tokens import decode, document_text, normalise
from generator.site.catalogue import build_catalogue

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cat():
    os.environ.setdefault("DISCLOSURE_TODAY", "2026-11-27")
    return build_catalogue(load_repository(PROJECT))


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_give_the_same_files(cat, tmp_path):
    """Pagefind 1.5.2 writes each filter's values in hash-map order; make_deterministic() sorts them and
    renames the filter files, the meta and the entry accordingly, so every file is byte-identical."""
    runs = []
    for name in ("a", "b"):
        build_pagefind(cat, tmp_path / name)
        build_lunr(cat, tmp_path / name)
        runs.append(digests(tmp_path / name))
    assert runs[0] == runs[1]
    assert any(k.startswith("pagefind/fragment/") for k in runs[0])
    assert any(k.startswith("pagefind/index/") for k in runs[0])
    assert any(k.startswith("pagefind/filter/") for k in runs[0])
    assert "search/lunr-index.json" in runs[0]


def test_sharded_builds_are_identical_too(cat, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_SEARCH_PARALLEL", "2")
    runs = []
    for name in ("a", "b"):
        build_pagefind(cat, tmp_path / name, 4)
        runs.append(digests(tmp_path / name))
    assert runs[0] == runs[1]


def test_filter_files_round_trip_through_the_cbor_codec(cat, tmp_path):
    from generator.search.pagefind import _SIGNATURE, _cbor_dump, _cbor_load

    build_pagefind(cat, tmp_path)
    files = list((tmp_path / "pagefind" / "filter").iterdir()) + list((tmp_path / "pagefind").glob("*.pf_meta"))
    files += sorted((tmp_path / "pagefind" / "index").iterdir())[:3]
    for path in files:
        data = gzip.decompress(path.read_bytes())[len(_SIGNATURE):]
        assert _cbor_dump(_cbor_load(data)) == data, path.name


def test_plain_text_joins_the_lines_of_a_paragraph_and_ends_each_block():
    body = ("本通知所称专项资金，是指市级财政安排的\n"
            "用于支持春耕生产的资金。\n\n"
            "## 第二章 职责分工\n"
            "市财政局负责资金的\n"
            "拨付\n\n"
            "- 甲项\n"
            "- 乙项\n"
            "  续行\n\n"
            "| 项目 | 金额 |\n|---|---|\n| 办公费 | 10 |\n\n"
            "1. 第一点\n2. 第二点\n")
    assert plain_text(body) == ("本通知所称专项资金，是指市级财政安排的\n用于支持春耕生产的资金。\n"
                                "第二章 职责分工。\n"
                                "市财政局负责资金的\n拨付。\n"
                                "甲项。\n乙项\n续行。\n"
                                "项目，金额。\n办公费，10。\n"
                                "1. 第一点。\n2. 第二点。")
    # the phrase across the line break is one run of characters, as on the page
    tokens = document_text(plain_text(body)).split()
    assert "q" + f"{ord('的'):05d}{ord('用'):05d}" in tokens
    assert "q" + f"{ord('的'):05d}{ord('拨'):05d}" in tokens


def test_one_record_per_item_and_nothing_else(cat, tmp_path):
    figures = build_pagefind(cat, tmp_path)
    assert figures["items"] == len(cat.items)
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == len(cat.items)
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(cat.items)
    assert figures["peak_rss_kb"] > 0


def test_shards_are_consecutive_items_within_the_limit(cat):
    assert shards(cat, 10 ** 6) == [("pagefind/", cat.items)]
    parts = shards(cat, 1)
    assert [p for p, _ in parts] == [f"pagefind/{k}/" for k in range(len(cat.items), 0, -1)]   # newest first
    for limit in (2, 3, 7):
        parts = shards(cat, limit)
        assert all(len(items) <= limit for _, items in parts)
        assert [i for _, items in parts for i in items] == cat.items       # consecutive, publication order
        assert len(parts) == -(-len(cat.items) // limit)
        # numbered from the oldest item: every shard but the newest is full
        assert parts[-1] == ("pagefind/1/", cat.items[-limit:][:limit])
        assert all(len(items) == limit for _, items in parts[1:])


def test_a_new_item_changes_only_the_newest_shard(cat):
    class Fewer:            # the catalogue before its newest item was published
        items = cat.items[1:]
    before, after = dict(shards(Fewer, 4)), dict(shards(cat, 4))
    changed = [folder for folder in after if before.get(folder) != after[folder]]
    assert changed == [max(after, key=lambda f: int(f.strip("/").split("/")[1]))]


def test_shards_also_end_at_the_token_budget(cat, monkeypatch):
    import generator.search.shards as search
    from generator.search.tokens import fast_document_text

    counts = text_figures(cat).counts
    for item in cat.items[:10]:         # the estimate is the length of the token stream
        assert counts[item.url] == len(fast_document_text(item_text(item)).split())
    monkeypatch.setattr(search, "SHARD_TOKENS", max(counts.values()))
    parts = search.shards(cat, search.DEFAULT_SHARD_ITEMS, counts)
    assert len(parts) > 1 and [i for _, items in parts for i in items] == cat.items
    assert all(sum(counts[i.url] for i in items) <= max(counts.values()) or len(items) == 1 for _, items in parts)


def test_a_larger_shard_size_raises_the_token_budget_with_it(cat, monkeypatch):
    """search_shard_items above the default is honoured for items of average length: the word budget
    grows in proportion (else 3,000 items a shard would still be cut at about 930 generated items)."""
    import generator.search.shards as search

    counts = text_figures(cat).counts
    monkeypatch.setattr(search, "SHARD_TOKENS", max(counts.values()))
    default = search.DEFAULT_SHARD_ITEMS
    assert search.token_budget(1) == search.token_budget(default) == max(counts.values())
    assert search.token_budget(4 * default) == 4 * max(counts.values())
    one_each = search.shards(cat, default, counts)
    four_each = search.shards(cat, 4 * default, counts)
    assert len(four_each) < len(one_each)
    assert all(len(items) >= 4 for _, items in four_each[1:])     # all but the newest, partial shard...
    assert [i for _, items in four_each for i in items] == cat.items


def test_search_page_lists_the_shards_it_will_merge(cat, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_SEARCH_SHARD_ITEMS", "3")
    _, page = search_page(cat, "pagefind")
    config = json.loads(page.split('id="dc-search-config">')[1].split("</script>")[0])
    assert config["pagefind"] == [f"pagefind/{k}/" for k in range(-(-len(cat.items) // 3), 0, -1)]
    assert [v for v in config["labels"]["category"]] == list(cat.schema.categories)
    monkeypatch.delenv("DISCLOSURE_SEARCH_SHARD_ITEMS")
    _, page = search_page(cat, "pagefind", 5)
    config = json.loads(page.split('id="dc-search-config">')[1].split("</script>")[0])
    assert len(config["pagefind"]) == -(-len(cat.items) // 5)


def test_shards_share_one_wasm(cat, tmp_path, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_SEARCH_PARALLEL", "2")
    figures = build_pagefind(cat, tmp_path, 5)
    folders = [f for f, _, _ in figures["shards"]]
    newest = len(folders)
    assert len(folders) > 2 and folders[0] == f"pagefind/{newest}/"
    assert (tmp_path / folders[0] / "wasm.en.pagefind").exists()
    assert not any((tmp_path / f / "wasm.en.pagefind").exists() for f in folders[1:])
    assert f'.replace(/\\/\\d+\\/$/,"/{newest}/")' in (tmp_path / folders[0] / "pagefind-worker.js").read_text()


def test_cached_shards_give_the_same_files_and_only_changed_shards_are_indexed(cat, tmp_path, monkeypatch):
    """Cold build vs builds with the shard cache: byte-identical; after one item's text changes,
    one shard is indexed and the rest copied; unused cache entries are pruned."""
    monkeypatch.setenv("DISCLOSURE_SEARCH_PARALLEL", "2")
    cache = tmp_path / "cache"
    cold = build_pagefind(cat, tmp_path / "cold", 4)
    n = len(cold["shards"])
    assert n > 2 and cold["indexed"] == n and cold["cached"] == 0
    first = build_pagefind(cat, tmp_path / "first", 4, cache)
    assert (first["indexed"], first["cached"]) == (n, 0)
    warm = build_pagefind(cat, tmp_path / "warm", 4, cache)
    assert (warm["indexed"], warm["cached"]) == (0, n)
    expected = digests(tmp_path / "cold" / "pagefind")
    assert digests(tmp_path / "first" / "pagefind") == expected
    assert digests(tmp_path / "warm" / "pagefind") == expected
    assert len([p for p in cache.iterdir()]) == n

    item = cat.items[len(cat.items) // 2]
    monkeypatch.setattr(item, "body", item.body + "\n\n本段为缓存测试新增的文字。")
    monkeypatch.setattr(item, "digest", "changed")     # as load_repository would give the edited file
    changed = build_pagefind(cat, tmp_path / "changed", 4, cache)
    assert (changed["indexed"], changed["cached"]) == (1, n - 1)
    build_pagefind(cat, tmp_path / "cold2", 4)
    assert digests(tmp_path / "changed" / "pagefind") == digests(tmp_path / "cold2" / "pagefind")
    assert digests(tmp_path / "changed" / "pagefind") != expected
    assert len([p for p in cache.iterdir()]) == n          # the old entry of the changed shard is gone


def test_item_text_round_trips_through_the_token_stream(cat):
    for item in cat.items[:20]:
        text = item_text(item)
        assert "".join(decode(document_text(text)).split()) == "".join(normalise(text).split())


def test_sharded_site_merges_indexes_in_the_browser(page_for, cat):
    """Every item in its own shard (pagefind/<n>/): queries and facets still see all items."""
    env = {"DISCLOSURE_SEARCH_SHARD_ITEMS": "1"}
    page = page_for("pagefind", "search/", env=env)
    page.wait_for_function("window.DisclosureSearch && window.DisclosureSearch.ready")
    old, new = cat.by_year[min(cat.by_year)][0], cat.items[0]
    for item in (old, new):
        res = page.evaluate("q => DisclosureSearch.query(q, {limit: 3})", item.title)
        assert res["urls"][:1] == [item.url]
    res = page.evaluate("() => DisclosureSearch.query('', {limit: 1000, facets: {}})")
    assert res["candidates"] == 0            # an empty query without facets lists nothing
    year = str(min(cat.by_year))
    res = page.evaluate("y => DisclosureSearch.query('', {limit: 1000, facets: {year: [y]}})", year)
    assert sorted(res["urls"]) == sorted(i.url for i in cat.by_year[int(year)])


def test_shards_from_the_cache_are_links_and_the_shared_runtime_does_not_change_the_cache(cat, tmp_path, monkeypatch):
    """A shard put in place from the cache shares its files; the one file the build rewrites in a shard
    (the newest shard's pagefind.js, pointed at the shared wasm) is written as a new file."""
    monkeypatch.setenv("DISCLOSURE_SEARCH_SHARD_ITEMS", str(max(1, len(cat.items) // 3)))
    cache = tmp_path / "cache"
    cached_before = None
    for n in (1, 2):
        site = tmp_path / f"site{n}"
        figures = build_pagefind(cat, site, cache_dir=cache)
        if n == 1:
            cached_before = {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()}
    assert figures["indexed"] == 0 and figures["cached"] == len(figures["shards"]) >= 2
    first = figures["shards"][0][0]
    entry = next((site / first).glob("pagefind.en_*.pf_meta"))
    assert entry.stat().st_nlink >= 2, "a cached shard's files are hard links to the cache"
    assert (site / first / "pagefind.js").stat().st_nlink == 1, "the rewritten runtime is a file of its own"
    assert {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()} == cached_before


def test_a_small_site_is_split_so_that_every_indexer_has_work(cat, monkeypatch):
    n = len(cat.items)
    monkeypatch.setenv("DISCLOSURE_SEARCH_PARALLEL", "2")
    parts = shards(cat, n)                  # the whole site fits one shard of the limit: two halves instead
    assert [len(items) for _, items in parts] == [n - -(-n // 2), -(-n // 2)]
    assert [i for _, items in parts for i in items] == cat.items
    assert len(shards(cat, n // 2)) == 2    # as many items as two full shards hold: the limit as it is
    assert len(shards(cat, 2 * n)) == 1     # fewer than one half-size shard: one shard
    monkeypatch.setenv("DISCLOSURE_SEARCH_PARALLEL", "1")
    assert shards(cat, n) == [("pagefind/", cat.items)]


def test_text_figures_come_from_the_cache_until_an_item_file_changes(tmp_path, monkeypatch):
    import generator.search.text as search

    # as the plugin loads it: with the check cache, so every item carries its file's digest
    cat = build_catalogue(load_repository(PROJECT, cache_dir=tmp_path / "checks"))
    assert all(item.digest for item in cat.items)
    fresh = search.text_figures(cat, tmp_path)
    assert (tmp_path / search.TEXT_FIGURES).is_file()
    made = []
    real = search.item_text
    monkeypatch.setattr(search, "item_text", lambda item: made.append(item.url) or real(item))
    assert search.text_figures(cat, tmp_path) == fresh and made == []      # every figure from the file
    item = cat.items[3]
    monkeypatch.setattr(item, "body", item.body + "\n\n新增一句。")
    monkeypatch.setattr(item, "digest", "edited")                          # load_repository's view of the edit
    figures = search.text_figures(cat, tmp_path)
    assert made == [item.url]
    assert figures.counts[item.url] == fresh.counts[item.url] + 4
    assert figures.digests[item.url] == digest(real(item)) != fresh.digests[item.url]
