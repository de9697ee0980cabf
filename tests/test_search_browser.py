"""The search page in headless Chromium, for both engines, on the sample content.

Queries are derived from the catalogue here (so they follow content/ as it
grows): an item's full title, a run of characters from the middle of its body
that no other item contains, its document number and its index number, a
two-character word, a single character. Truth for a query = the items whose
searchable text contains it (letters, digits and Han characters compared).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from browser import browser, page_for, site  # noqa: F401  (fixtures)

from generator.check.repository import load_repository
from generator.search.text import item_text, plain_text
from generator.search.tokens import han_number, normalise
from generator.site.catalogue import build_catalogue

PROJECT = Path(__file__).resolve().parents[1]
ENGINES = ["pagefind", "lunr"]


@pytest.fixture(scope="module")
def cat():
    os.environ.setdefault("DISCLOSURE_TODAY", "2026-11-27")
    return build_catalogue(load_repository(PROJECT))


def flat(text: str) -> str:
    """Text as Ctrl+F sees it here: full-width letters and digits as ASCII, lower case, no whitespace."""
    return "".join(normalise(text).lower().split())


@pytest.fixture(scope="module")
def keys(cat):
    return {item.url: flat(item_text(item)) for item in cat.items}


def truth(keys, query):
    k = flat(query)
    return {url for url, text in keys.items() if k in text}


def unique_run(item, keys, length=4):
    """A run of Han characters from the middle of the body that no other item contains."""
    body = flat(plain_text(item.body))
    mid = len(body) // 2
    for offset in range(0, len(body)):
        for start in (mid + offset, mid - offset):
            run = body[start:start + length]
            if len(run) == length and all(han_number(c) is not None for c in run) and len(truth(keys, run)) == 1:
                return run
    return None


def search(page, query: str | None = None, path: str | None = None) -> dict:
    """Run a query through the form (or open ``path``) and wait for the results."""
    if path is not None:
        page.goto(page.url.split("/search/")[0] + "/" + path)
    if query is not None:
        page.fill("#dc-search-q", query)
        page.press("#dc-search-q", "Enter")
    page.wait_for_function("document.getElementById('dc-search-status').textContent.match(/共找到|请输入|没有可检索/)"
                           " && !document.body.hasAttribute('aria-busy')", timeout=20000)
    return read(page)


def read(page) -> dict:
    status = page.inner_text("#dc-search-status")
    m = re.search(r"共找到 (?:约 )?(\d+) 条", status)
    rows = page.eval_on_selector_all(
        "#dc-search-results li", "lis => lis.map(li => ({href: li.querySelector('a').getAttribute('href'),"
        " title: li.querySelector('a').textContent, unit: (li.querySelector('.dc-r-unit')||{}).textContent,"
        " doc: (li.querySelector('.dc-r-doc')||{}).textContent, marks: [...li.querySelectorAll('mark')].map(m => m.textContent)}))")
    base = page.url.split("/search/")[0] + "/"
    for row in rows:
        row["url"] = row["href"][len(base):] if row["href"].startswith(base) else row["href"]
    return {"status": status, "count": int(m.group(1)) if m else 0, "rows": rows, "urls": [r["url"] for r in rows]}


def with_doc_number(cat):
    items = [i for i in cat.items if i.doc_number and "〔" in i.doc_number]
    assert items, "sample content has no item with a document number"
    return items


@pytest.mark.parametrize("engine", ENGINES)
def test_full_title_finds_the_item_first(page_for, cat, keys, engine):
    page = page_for(engine, "search/")
    for item in cat.items[:: max(1, len(cat.items) // 6)][:6]:
        res = search(page, item.title)
        assert res["urls"][:1] == [item.url], (item.title, res["urls"][:3])


@pytest.mark.parametrize("engine", ENGINES)
def test_run_of_characters_across_words_finds_the_item(page_for, cat, keys, engine):
    page = page_for(engine, "search/")
    checked = 0
    for item in cat.items[1::7]:
        for length in (3, 5):
            run = unique_run(item, keys, length)
            if not run:
                continue
            res = search(page, run)
            assert res["urls"][:1] == [item.url], (run, res["urls"][:3])
            if engine == "pagefind":              # positions and the text check: nothing else
                assert res["count"] == 1, (run, res["status"])
            assert any(run in "".join(r["marks"]) or run in r["title"] for r in res["rows"][:1]) or engine == "lunr"
            checked += 1
    assert checked >= 4


@pytest.mark.parametrize("engine", ENGINES)
def test_document_number_finds_the_item(page_for, cat, keys, engine):
    page = page_for(engine, "search/")
    for item in with_doc_number(cat)[:5]:
        res = search(page, item.doc_number)
        assert res["urls"][:1] == [item.url], (item.doc_number, res["urls"][:3])
        short = item.doc_number[item.doc_number.index("〔"):]          # 〔2025〕18号
        for variant in (short, short.replace("〔", "[").replace("〕", "]"), short.replace("〔", "（").replace("〕", "）")):
            res = search(page, variant)
            assert item.url in res["urls"], (variant, res["urls"])
            if engine == "pagefind":
                assert set(res["urls"]) <= truth(keys, short), variant


@pytest.mark.parametrize("engine", ENGINES)
def test_index_number_finds_exactly_the_item(page_for, cat, engine):
    page = page_for(engine, "search/")
    for item in cat.items[::11][:5]:
        res = search(page, item.index_no)
        assert res["urls"][:1] == [item.url], (item.index_no, res["urls"][:3])
        if engine == "pagefind":
            assert res["count"] == 1, res["status"]


@pytest.mark.parametrize("engine", ENGINES)
def test_two_character_word_and_single_character_count_every_item_containing_them(page_for, cat, keys, engine):
    page = page_for(engine, "search/")
    counts = Counter()
    for text in keys.values():
        counts.update({text[i:i + 2] for i in range(len(text) - 1)})
    words = [w for w, n in counts.most_common() if 3 <= n <= 15 and all(han_number(c) is not None for c in w)][:3]
    assert words
    for word in words + ["预", "局"]:
        expected = truth(keys, word)
        res = search(page, word)
        assert res["count"] == len(expected), (word, res["status"], len(expected))
        assert set(res["urls"]) <= expected
        if engine == "pagefind":
            assert all(word in "".join(r["marks"]) + r["title"] for r in res["rows"]), word


@pytest.mark.parametrize("engine", ENGINES)
def test_facet_narrows_and_url_keeps_state(page_for, cat, keys, engine):
    page = page_for(engine, "search/")
    word = "预算" if len(truth(keys, "预算")) >= 3 else flat(cat.items[0].title)[:2]
    res = search(page, word)
    units = Counter(r["unit"] for r in res["rows"])
    unit_name = units.most_common(1)[0][0]
    unit = next(u for u in cat.schema.units.values() if u.name == unit_name.split("、")[0])
    expected = {url for url in truth(keys, word) if any(i.url == url and unit.id in [i.unit.id] + [u.id for u in i.co_units]
                                                        for i in cat.items)}
    page.locator('details[data-facet="unit"] summary').click()
    page.check(f'input[name="unit"][value="{unit.id}"]')
    page.wait_for_function("location.search.includes('unit=')")
    res2 = search(page)
    assert res2["count"] == len(expected) < res["count"]
    assert all(unit.name in r["unit"] for r in res2["rows"])
    assert f"unit={unit.id}" in page.url and "q=" in page.url
    # the state survives a reload of the shareable URL, and back returns to the unfiltered query
    page.reload()
    assert search(page)["count"] == res2["count"]
    assert page.is_checked(f'input[name="unit"][value="{unit.id}"]')
    page.fill("#dc-search-q", "局")
    page.press("#dc-search-q", "Enter")
    search(page)
    page.go_back()
    page.wait_for_function(f"document.getElementById('dc-search-q').value === {word!r}")
    assert search(page)["count"] == res2["count"]


@pytest.mark.parametrize("engine", ENGINES)
def test_category_and_year_facets_without_query(page_for, cat, engine):
    category = next(c for c in cat.schema.categories.values() if cat.by_category[c.id])
    year = cat.years[0]
    page = page_for(engine, f"search/?category={category.id}&year={year}&sort=date")
    res = search(page)
    expected = [i for i in cat.by_category[category.id] if i.year == year]
    assert res["count"] == len(expected)
    dates = [i.publish_date for i in cat.items if i.url in res["urls"]]
    assert sorted(dates, reverse=True) == [next(i.publish_date for i in cat.items if i.url == u) for u in res["urls"]]


@pytest.mark.parametrize("engine", ENGINES)
def test_follow_a_result(page_for, cat, engine):
    item = with_doc_number(cat)[0]
    page = page_for(engine, "search/?q=" + quote(item.title))
    search(page)
    page.click("#dc-search-results li a >> nth=0")
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith(item.url.rstrip("/"))
    assert item.title in page.inner_text("h1")


@pytest.mark.parametrize("engine", ENGINES)
def test_keyboard_only(page_for, cat, engine):
    page = page_for(engine, "search/")
    search(page)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "dc-search-q":
            break
    else:
        pytest.fail("Tab never reached the search box")
    page.keyboard.type(cat.items[0].title)
    page.keyboard.press("Enter")
    res = search(page)
    assert res["urls"][:1] == [cat.items[0].url]
    assert "q=" in page.url
    assert page.get_attribute("#dc-search-status", "aria-live") == "polite"
    assert page.eval_on_selector("#dc-search-form", "f => f.getAttribute('role')") == "search"
    assert page.eval_on_selector("#dc-search-q", "i => i.labels.length") == 1
    assert page.js_errors == []


@pytest.mark.parametrize("engine", ENGINES)
def test_header_form_on_another_page_opens_results(page_for, cat, engine):
    page = page_for(engine, "")
    page.fill("#dc-q", cat.items[2].title)
    page.press("#dc-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    res = search(page)
    assert res["urls"][:1] == [cat.items[2].url]


def test_only_items_are_in_the_pagefind_index(site, cat):  # noqa: F811
    from browser import build_site
    root = build_site("pagefind")
    fragments = list((root / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) == len(cat.items)
    assert not (root / "pagefind" / "pagefind-ui.js").exists()


def test_lunr_site_has_one_index_file_and_lunr_js(site, cat):  # noqa: F811
    import json

    from browser import build_site
    root = build_site("lunr")
    data = json.loads((root / "search" / "lunr-index.json").read_text(encoding="utf-8"))
    assert len(data["docs"]) == len(cat.items)
    assert (root / "search" / "lunr.js").exists()
    assert not (root / "pagefind").exists()


def test_lunr_keeps_every_word_of_its_index(page_for):
    """lunr.js merges branches of its word trie by a key that digits make ambiguous (lunr.js issue 503;
    every token here is "q" and ten digits): depending on the node numbers it started from, 2-59 of
    the sample content's words were lost and could not be found. After the page's engine has loaded
    (which replaces the key), the index is loaded again from several starting numbers: no word is lost."""
    page = page_for("lunr", "search/")
    page.wait_for_function("window.DisclosureSearch && window.DisclosureSearch.ready")
    lost = page.evaluate("""async () => {
        await DisclosureSearch.query("示例");
        const data = await (await fetch("../search/lunr-index.json")).json();
        const lost = {};
        for (const start of [1, 2, 3, 5, 10, 100]) {
            lunr.TokenSet._nextId = start;
            const idx = lunr.Index.load(data.index);
            const kept = new Set(idx.tokenSet.toArray());
            lost[start] = Object.keys(idx.invertedIndex).filter(word => !kept.has(word)).length;
        }
        return lost;
    }""")
    assert set(lost.values()) == {0}, lost


def facet_counts(page) -> dict[str, dict[str, int]]:
    """facet -> value -> the number in its label's （n）, once counted (after the first results); a value
    that is not offered (no result has it) counts 0, and an offered one must show its number."""
    page.wait_for_function("!document.querySelector('.dc-search__facets').hasAttribute('aria-busy')", timeout=20000)
    rows = page.eval_on_selector_all(
        ".dc-facet input[type=checkbox]",
        "bs => bs.map(b => [b.name, b.value, b.closest('li').hidden || b.closest('details').hidden,"
        " b.parentNode.querySelector('.dc-facet-count').textContent])")
    out: dict[str, dict[str, int]] = {}
    for name, value, hidden, text in rows:
        if hidden:
            assert text == "", (name, value, text)
            out.setdefault(name, {})[value] = 0
            continue
        m = re.fullmatch(r"（(\d+)）", text.strip())
        assert m, (name, value, text)
        assert int(m.group(1)) > 0, f"{name}={value} offered with no results"
        out.setdefault(name, {})[value] = int(m.group(1))
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_facet_counts_are_the_numbers_of_results_with_each_value(page_for, cat, keys, engine):
    """Each facet value's （n） is how many of the current results have it (it showed （0） everywhere)."""
    from generator.search.text import item_filters

    by_url = {i.url: i for i in cat.items}
    page = page_for(engine, "search/")
    word = "预算" if len(truth(keys, "预算")) >= 3 else flat(cat.items[0].title)[:2]
    for query in (word, cat.items[0].title):
        res = search(page, query)
        urls = truth(keys, word) if query == word else set(res["urls"])
        if query != word:
            assert res["count"] == len(res["urls"]), res["status"]     # every result shown: the truth is the rows
        else:
            assert res["count"] == len(urls), res["status"]
        expected: dict[str, Counter] = {}
        for url in urls:
            for facet, values in item_filters(by_url[url], cat).items():
                expected.setdefault(facet, Counter()).update(values)
        shown = facet_counts(page)
        for facet, values in shown.items():
            for value, n in values.items():
                assert n == expected.get(facet, Counter())[value], (query, facet, value, n)
        assert any(n > 0 for values in shown.values() for n in values.values())
        year = str(by_url[next(iter(urls))].year)
        assert shown["year"][year] > 0


def split_pair(cat, keys, at_least: int = 0):
    """Two common two-character words that many items hold apart but fewer (at least ``at_least``, maybe
    none) hold together."""
    counts = Counter()
    for text in keys.values():
        counts.update({text[i:i + 2] for i in range(len(text) - 1)
                       if han_number(text[i]) is not None and han_number(text[i + 1]) is not None})
    common = [w for w, n in counts.most_common(40)]
    for a in common:
        for b in common:
            both = {u for u, t in keys.items() if a in t and b in t}
            if len(both) >= 5 and at_least <= len(truth(keys, a + b)) < len(both) / 2:
                return a + b, both
    pytest.fail("no suitable pair of words in the sample content: the test needs one to mean anything")


def test_results_are_shown_before_the_facets_are_recounted(page_for, cat, keys):
    """Recounting the facets after word positions dropped results is one Pagefind search per value (seconds
    at 10,000 items): the first results must not wait for it."""
    query, _both = split_pair(cat, keys, at_least=1)
    page = page_for("pagefind", "search/")
    page.wait_for_function("window.DisclosureSearch && window.DisclosureSearch.ready")
    page.evaluate("""() => {
        window.dcOrder = [];
        const note = (what) => { if (!window.dcOrder.includes(what)) window.dcOrder.push(what); };
        new MutationObserver(() => {
            if (document.querySelector('#dc-search-results li')) note('results');
            if ([...document.querySelectorAll('.dc-facet-count')].some(s => s.textContent)) note('counts');
        }).observe(document.querySelector('.dc-search'), {subtree: true, childList: true, characterData: true});
    }""")
    res = search(page, query)
    assert res["count"] > 0, res["status"]
    counts = facet_counts(page)
    assert any(n > 0 for values in counts.values() for n in values.values())
    assert page.evaluate("window.dcOrder") == ["results", "counts"]


def test_results_dropped_by_word_positions_load_no_extra_index_chunks(page_for, cat, keys):
    """When word positions drop results, the facets are recounted without fetching more of the index.

    A filter-only search (pf.search(null)) made Pagefind fetch every index chunk of every shard:
    52 MB for one five-character query at 10,000 items."""
    from generator.search.text import item_filters

    query, both = split_pair(cat, keys)
    page = page_for("pagefind", "search/")
    page.wait_for_function("window.DisclosureSearch && window.DisclosureSearch.ready")
    page.wait_for_load_state("networkidle")
    chunks = []
    page.context.on("requestfinished", lambda r: "/pagefind/index/" in r.url and chunks.append(r.url))
    res = search(page, query)
    page.wait_for_load_state("networkidle")
    expected_urls = truth(keys, query)
    assert res["count"] == len(expected_urls) < len(both), (query, res["status"])
    assert len(set(chunks)) <= 2, f"{query}: {len(set(chunks))} index chunks fetched ({len(chunks)} requests)"
    by_url = {i.url: i for i in cat.items}
    expected: dict[str, Counter] = {}
    for url in expected_urls:
        for facet, values in item_filters(by_url[url], cat).items():
            expected.setdefault(facet, Counter()).update(values)
    for facet, values in facet_counts(page).items():
        for value, n in values.items():
            assert n == expected.get(facet, Counter())[value], (query, facet, value, n)
