"""The search index build: determinism, shards, what is indexed (no browser needed except for the shard merge)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import pytest

from generator.catalogue import build_catalogue
from generator.repository import load_repository
from generator.search import build_lunr, build_pagefind, item_text, search_page, shards
from generator.search_tokens import decode, document_text, normalise

from browser import browser, page_for, site  # noqa: F401  (fixtures)

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cat():
    os.environ.setdefault("DISCLOSURE_TODAY", "2026-11-27")
    return build_catalogue(load_repository(PROJECT))


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_give_the_same_files_except_pagefinds_filter_order(cat, tmp_path):
    """Pagefind 1.5.2 writes each filter's values in hash-map order, which changes from run to run: the
    filter files, and so the names of the filter files, the pf_meta that lists them and pagefind-entry.json,
    differ. Everything else (word index chunks, fragments, wasm, JS, lunr) is byte-identical."""
    runs = []
    for name in ("a", "b"):
        build_pagefind(cat, tmp_path / name)
        build_lunr(cat, tmp_path / name)
        runs.append(digests(tmp_path / name))
    unstable = ("pagefind/filter/", "pagefind/pagefind.en_", "pagefind/pagefind-entry.json")
    stable = [{k: v for k, v in run.items() if not k.startswith(unstable)} for run in runs]
    assert stable[0] == stable[1]
    assert any(k.startswith("pagefind/fragment/") for k in stable[0])
    assert any(k.startswith("pagefind/index/") for k in stable[0])
    assert "search/lunr-index.json" in stable[0]
    # the unstable files: same count and same sizes (a permutation of the same values)
    for prefix in unstable:
        sizes = [sorted(len(gzip.decompress((tmp_path / n / k).read_bytes())) if k.endswith(("pf_filter", "pf_meta"))
                        else (tmp_path / n / k).stat().st_size for k in run if k.startswith(prefix))
                 for n, run in zip("ab", runs)]
        assert sizes[0] == sizes[1], prefix


def test_one_record_per_item_and_nothing_else(cat, tmp_path):
    figures = build_pagefind(cat, tmp_path)
    assert figures["items"] == len(cat.items)
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == len(cat.items)
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(cat.items)
    assert figures["peak_rss_kb"] > 0


def test_shards_are_consecutive_years_within_the_limit(cat):
    years = list(cat.by_year)
    assert shards(cat, 10 ** 6) == [("pagefind/", cat.items)]
    parts = shards(cat, 1)
    assert [p for p, _ in parts] == [f"pagefind/{y}/" for y in years]
    limit = max(len(v) for v in cat.by_year.values())
    for folder, items in shards(cat, limit):
        assert len(items) <= limit
    assert sum(len(items) for _, items in shards(cat, limit)) == len(cat.items)


def test_search_page_lists_the_shards_it_will_merge(cat, monkeypatch):
    monkeypatch.setenv("DISCLOSURE_SEARCH_SHARD_ITEMS", "1")
    _, page = search_page(cat, "pagefind")
    config = json.loads(page.split('id="dc-search-config">')[1].split("</script>")[0])
    assert config["pagefind"] == [f"pagefind/{y}/" for y in cat.by_year]
    assert [v for v in config["labels"]["category"]] == list(cat.schema.categories)


def test_item_text_round_trips_through_the_token_stream(cat):
    for item in cat.items[:20]:
        text = item_text(item)
        assert "".join(decode(document_text(text)).split()) == "".join(normalise(text).split())


def test_sharded_site_merges_indexes_in_the_browser(page_for, cat):
    """Every year in its own shard (pagefind/<year>/): queries and facets still see all items."""
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
