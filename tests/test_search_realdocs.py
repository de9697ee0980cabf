"""Search on text nobody here wrote: the published legal texts in ../shared/realdocs, in a real browser.

The four texts are added, as they stand, as items of a copy of the
repository (sample content included), and the site is built with each
engine. Queries are taken from the texts at fixed places: each item's full
title, runs of two to five Han characters from evenly spaced positions of its
body (most of them cross word boundaries), and article numbers such as
第二十三条. Truth for a query = the items whose searchable text contains it,
computed here from the catalogue. Pagefind must return exactly those items;
lunr keeps no word positions, so for it every item of the truth must be found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import browser, build_site, copy_repository, serve  # noqa: F401  (fixture)
from conftest import REAL_FILES, REALDOCS, TODAY, real_item
from test_search_browser import flat, search

from generator.check.repository import load_repository
from generator.search.text import item_text, plain_text
from generator.search.tokens import han_number
from generator.site.catalogue import build_catalogue

ENGINES = ["pagefind", "lunr"]

pytestmark = pytest.mark.skipif(not REAL_FILES, reason=f"{REALDOCS} not available")


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("realdocs") / "repo")
    folder = root / "content" / "szfb" / "2026"
    for n, path in enumerate(REAL_FILES):
        (folder / f"realdoc-{n + 1}.md").write_text(real_item(path, 901 + n), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cat(repo):
    loaded = load_repository(repo, today=TODAY)
    assert not loaded.errors, [str(p) for p in loaded.errors]
    return build_catalogue(loaded)


@pytest.fixture(scope="module")
def keys(cat) -> dict[str, str]:
    return {item.url: flat(item_text(item)) for item in cat.items}


@pytest.fixture(scope="module")
def real_items(cat):
    items = [item for item in cat.items if "/realdoc-" in item.src_uri]
    assert len(items) == len(REAL_FILES)
    return items


def runs_of(item, count: int = 6) -> list[str]:
    """Runs of 2-5 Han characters starting at ``count`` evenly spaced places of the body."""
    body = flat(plain_text(item.body))
    out = []
    for k in range(count):
        start = (k * 2 + 1) * len(body) // (count * 2)
        length = 2 + k % 4
        run = body[start:start + length]
        while len(run) == length and not all(han_number(c) is not None for c in run):
            start += 1
            run = body[start:start + length]
        if len(run) == length:
            out.append(run)
    return out


def truth(keys, query: str) -> set[str]:
    k = flat(query)
    return {url for url, text in keys.items() if k in text}


@pytest.mark.parametrize("engine", ENGINES)
def test_real_texts_are_found_by_title_runs_and_article_numbers(browser, repo, cat, keys, real_items, engine):  # noqa: F811
    site = serve(build_site(engine, source=repo))
    page = browser.new_context(locale="zh-CN").new_page()
    try:
        page.goto(site + "search/")
        checked = 0
        queries = ["第二十三条", "第五条"]
        for item in real_items:
            res = search(page, item.title)
            assert res["urls"][:1] == [item.url], (item.title, res["urls"][:3])
            queries += runs_of(item)
        for query in queries:
            expected = truth(keys, query)
            if not expected or len(expected) > 10:
                continue
            res = search(page, query)
            checked += 1
            if engine == "pagefind":
                assert set(res["urls"]) == expected and res["count"] == len(expected), \
                    (query, res["status"], sorted(set(res["urls"]) ^ expected))
            else:       # every candidate, not only the first page
                found = page.evaluate("q => DisclosureSearch.query(q, {limit: 1000})", query)
                assert expected <= set(found["urls"]), (query, sorted(expected - set(found["urls"])))
        assert checked >= 3 * len(real_items)
    finally:
        page.context.close()
