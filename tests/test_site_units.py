"""Unit tests of the site's building blocks: URLs and links, pagination, Atom feeds, open data, sitemaps."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin

import lxml.etree
import lxml.html
import pytest

from generator import urls
from generator.model.item import Item
from generator.model.schema import load_schema
from generator.site import exports, feeds
from generator.site import views as pages
from generator.site.catalogue import Catalogue

PROJECT = Path(__file__).resolve().parents[1]
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE = "https://gk.example.test/"


@pytest.fixture(scope="module")
def schema():
    return load_schema(PROJECT / "categories.yml")


def make_items(schema, n: int, *, start=date(2026, 11, 20), unit="czj", category="budgets") -> list[Item]:
    """``n`` items, one a day back from ``start``, newest first (the order the catalogue gives)."""
    u, c = schema.units[unit], schema.categories[category]
    out = []
    for k in range(n):
        day = start - timedelta(days=k)
        out.append(Item(rel=f"content/{unit}/{day.year}/item-{k}.md", src_uri=f"{unit}/{day.year}/item-{k}.md",
                        title=f"测试信息{k}", category=c, unit=u, formation_date=day - timedelta(days=3),
                        publish_date=day, index_no=f"{u.code}/{day.year}-{k + 1:05d}", body=f"第{k}条测试信息的正文。",
                        doc_number=f"示例财发〔{day.year}〕{k + 1}号" if k % 2 else None,
                        validity="有效" if k % 2 else None))
    return sorted(out, key=lambda i: i.sort_key)


def site_path(url: str) -> str:
    """Resolve a link as a browser would, on a site at the root of a host."""
    return urljoin("http://h/", url)[len("http://h/"):]


# -- url_of and rel ---------------------------------------------------------------------

@pytest.mark.parametrize("src, url", [
    ("index.md", ""),
    ("categories/index.md", "categories/"),
    ("categories/budgets/page/2/index.md", "categories/budgets/page/2/"),
    ("pages/guide.md", "pages/guide/"),
    ("czj/2026/city-budget-2026.md", "czj/2026/city-budget-2026/"),
])
def test_url_of(src, url):
    assert urls.url_of(src) == url


@pytest.mark.parametrize("frm, to, link", [
    ("", "categories/", "categories/"),
    ("categories/budgets/", "czj/2026/x/", "../../czj/2026/x/"),
    ("czj/2026/x/", "", "../../../"),
    ("categories/budgets/", "categories/budgets/", "./"),
    ("categories/budgets/", "categories/budgets/feed.xml", "feed.xml"),
    ("categories/budgets/page/2/", "categories/budgets/", "../../"),
    ("categories/budgets/", "categories/budgets/page/2/", "page/2/"),
    ("", "feed.xml", "feed.xml"),
])
def test_rel(frm, to, link):
    assert urls.rel(frm, to) == link


def test_rel_agrees_with_posixpath_relpath():
    import posixpath
    segments = ["a", "b", "categories", "page", "2", "x.pdf"]
    paths = ["", "a/", "a/b/", "b/a/", "a/b/page/2/", "categories/a/", "a/x.pdf", "b/a/x.pdf", "a/../b/", "./a/"]
    paths += ["/".join(segments[i:j]) + "/" for i in range(len(segments) - 1) for j in range(i + 1, len(segments))]
    for frm in [u for u in paths if u == "" or u.endswith("/")]:
        for to in paths:
            expected = posixpath.relpath(to.rstrip("/") or ".", frm.rstrip("/") or ".")
            if to.endswith("/") or to == "":
                expected = expected + "/" if expected != "." else "./"
            assert urls.rel(frm, to) == expected, (frm, to)


def test_rel_resolves_back_to_its_target_for_every_pair():
    paths = ["", "categories/", "categories/budgets/", "categories/budgets/page/3/", "czj/2026/a-b/",
            "sectors/major-projects/p-0123456789/", "feed.xml", "units/czj/feed.xml", "catalog.csv"]
    for frm in [u for u in paths if u == "" or u.endswith("/")]:
        for to in paths:
            link = urls.rel(frm, to)
            assert not link.startswith("/"), "links must be relative (the site may live under a base path)"
            assert site_path(urljoin("http://h/" + frm, link)[len("http://h/"):]) == to, (frm, to, link)


# -- pager and listing_pages ----------------------------------------------------------------

def pager_links(html: str, page_url: str) -> dict:
    if not html:
        return {}
    doc = lxml.html.fromstring(html)
    out = {"current": [a.text_content() for a in doc.xpath('//*[@aria-current="page"]')]}
    for rel in ("prev", "next"):
        hrefs = doc.xpath(f'//a[@rel="{rel}"]/@href')
        out[rel] = site_path(urljoin("http://h/" + page_url, hrefs[0])[len("http://h/"):]) if hrefs else None
    out["all"] = {site_path(urljoin("http://h/" + page_url, h)[len("http://h/"):]) for h in doc.xpath("//a/@href")}
    return out


def pager_of(schema, page: int, pages_total: int) -> tuple[str, str]:
    """The pager's HTML and URL of page ``page`` of a listing of ``pages_total`` pages (one item a page)."""
    out = pages.listing_pages("categories/x/", "测试", make_items(schema, pages_total), pages.Options(page_size=1))
    generated = out[page - 1]
    found = re.search(r'<nav class="dc-pager".*?</nav>', generated.below_heading(), re.S)
    return (found.group(0) if found else ""), generated.url


def test_pager_is_empty_for_a_single_page(schema):
    assert pager_of(schema, 1, 1)[0] == ""


def test_pager_links_prev_next_and_first_last(schema):
    base = "categories/x/"
    first = pager_links(*pager_of(schema, 1, 3))
    assert first["prev"] is None and first["next"] == "categories/x/page/2/"
    mid = pager_links(*pager_of(schema, 2, 3))
    assert mid["prev"] == base and mid["next"] == "categories/x/page/3/"
    assert any("2" in c for c in mid["current"])
    last = pager_links(*pager_of(schema, 3, 3))
    assert last["next"] is None and last["prev"] == "categories/x/page/2/"
    # a long listing: the first and last pages are always reachable
    far = pager_links(*pager_of(schema, 10, 20))
    assert base in far["all"] and "categories/x/page/20/" in far["all"]
    assert "categories/x/page/9/" in far["all"] and "categories/x/page/11/" in far["all"]


def listing_rows(markdown: str, page_url: str) -> list[str]:
    body = markdown.split("\n---\n", 1)[1].replace("\n# ", "\n<h1>", 1)
    doc = lxml.html.fromstring("<div>" + body + "</div>")
    return [site_path(urljoin("http://h/" + page_url, h)[len("http://h/"):])
            for h in doc.xpath("//table//tbody//tr/*[2]//a/@href")]


@pytest.mark.parametrize("n, pages_expected", [(0, 1), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3)])
def test_listing_pages_at_page_size_2(schema, n, pages_expected):
    items = make_items(schema, n)
    out = pages.listing_pages("categories/budgets/", "财政预算、决算信息", items, pages.Options(page_size=2))
    srcs = [page.src_uri for page in out]
    assert srcs == ["categories/budgets/index.md"] + [f"categories/budgets/page/{k}/index.md"
                                                       for k in range(2, pages_expected + 1)]
    seen = []
    for k, (src, markdown) in enumerate(((page.src_uri, page.markdown()) for page in out), start=1):
        assert markdown.startswith("---\n"), "every listing page has front matter (its title)"
        rows = listing_rows(markdown, urls.url_of(src))
        assert len(rows) <= 2
        seen += rows
        links = pager_links(re.search(r'<nav class="dc-pager".*?</nav>', markdown, re.S).group(0)
                            if "dc-pager" in markdown else "", urls.url_of(src))
        if pages_expected > 1:
            assert links["next"] == (None if k == pages_expected else f"categories/budgets/page/{k + 1}/")
    assert seen == [i.url for i in items], "every item once, in the catalogue's order (newest first)"
    if n == 0:
        assert "暂无" in out[0].markdown()


# -- feeds ------------------------------------------------------------------------------------

def parse_feed(data: bytes):
    root = lxml.etree.fromstring(data)
    assert root.tag == ATOM + "feed"
    return root


def test_atom_feed_holds_the_newest_items_in_order_up_to_the_limit(schema):
    items = make_items(schema, 7)
    root = parse_feed(feeds.atom_feed(SITE, "categories/budgets/feed.xml", "预算", "categories/budgets/", items, 5))
    entries = root.findall(ATOM + "entry")
    assert [e.findtext(ATOM + "id") for e in entries] == [SITE + i.url for i in items[:5]]
    assert [e.findtext(ATOM + "title") for e in entries] == [i.title for i in items[:5]]
    stamps = [e.findtext(ATOM + "updated") for e in entries]
    assert [s[:10] for s in stamps] == [i.publish_date.isoformat() for i in items[:5]]
    assert root.findtext(ATOM + "updated")[:10] == items[0].publish_date.isoformat()
    self_links = [el.get("href") for el in root.findall(ATOM + "link") if el.get("rel") == "self"]
    assert self_links == [SITE + "categories/budgets/feed.xml"]


def test_atom_feed_with_fewer_items_than_the_limit_and_with_none(schema):
    items = make_items(schema, 2)
    root = parse_feed(feeds.atom_feed(SITE, "feed.xml", "全部", "", items, 20))
    assert len(root.findall(ATOM + "entry")) == 2
    empty = parse_feed(feeds.atom_feed(SITE, "units/czj/feed.xml", "空", "units/czj/", [], 20))
    assert empty.findall(ATOM + "entry") == [] and empty.findtext(ATOM + "updated")


def test_atom_feed_does_not_depend_on_the_clock(schema, monkeypatch):
    """feedgen stamps <updated> with datetime.now() unless told otherwise; a frozen future clock must not show."""
    import datetime as real

    import feedgen.entry
    import feedgen.feed

    class Clock(type):
        def __instancecheck__(cls, obj):
            return isinstance(obj, real.datetime)

    class Future(real.datetime, metaclass=Clock):
        @classmethod
        def now(cls, tz=None):
            return real.datetime(2099, 9, 9, 9, 9, 9, tzinfo=tz)

    items = make_items(schema, 3)
    before = feeds.atom_feed(SITE, "feed.xml", "全部", "", items, 20)
    monkeypatch.setattr(feedgen.feed, "datetime", Future)
    monkeypatch.setattr(feedgen.entry, "datetime", Future)
    after = feeds.atom_feed(SITE, "feed.xml", "全部", "", items, 20)
    assert b"2099" not in after
    assert after == before
    assert b"2099" not in feeds.atom_feed(SITE, "units/czj/feed.xml", "空", "units/czj/", [], 20)


# -- exports ---------------------------------------------------------------------------------

def test_catalogue_csv_has_a_bom_and_the_json_columns(schema):
    cat = Catalogue(schema=schema, items=make_items(schema, 3))
    raw = exports.catalogue_csv(cat, SITE)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    records = json.loads(exports.catalogue_json(cat, SITE))
    assert rows[0] == [exports.CSV_HEADERS[key] for key in records[0]]      # JSON keys, named in Chinese
    assert len(set(rows[0])) == len(rows[0]) and set(exports.CSV_HEADERS) == set(exports.COLUMNS)
    assert len(rows) == 1 + 3
    for row, record in zip(rows[1:], records):
        as_dict = dict(zip(records[0], row))
        for key in ("index_no", "title", "url", "publish_date", "formation_date", "unit", "category"):
            assert as_dict[key] == record[key]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_dict["publish_date"])
        assert as_dict["url"].startswith(SITE)


def test_catalogue_never_exports_review_or_exemptions(schema):
    cat = Catalogue(schema=schema, items=make_items(schema, 1))
    record = json.loads(exports.catalogue_json(cat, SITE))[0]
    private = {f.key for f in schema.fields.values() if not f.public}
    assert private, "categories.yml marks the review and exemption fields as not public"
    assert not private & set(record)


def sitemap_urls(data: bytes) -> tuple[str, list[str]]:
    root = lxml.etree.fromstring(data)
    return root.tag, [el.text for el in root.iter(SM + "loc")]


def test_sitemap_below_the_limit_is_one_urlset(monkeypatch):
    monkeypatch.setattr(exports, "SITEMAP_LIMIT", 3)
    entries = [("", None), ("a/", "2026-01-02"), ("b/", None)]
    out = exports.sitemaps(entries, SITE)
    assert [name for name, _ in out] == ["sitemap.xml"]
    tag, locs = sitemap_urls(out[0][1])
    assert tag == SM + "urlset" and locs == [SITE, SITE + "a/", SITE + "b/"]
    assert b"<lastmod>2026-01-02</lastmod>" in out[0][1]


def test_sitemap_above_the_limit_is_an_index_of_parts(monkeypatch):
    monkeypatch.setattr(exports, "SITEMAP_LIMIT", 3)
    entries = [(f"p{k}/", f"2026-01-{k + 1:02d}") for k in range(7)]
    out = dict(exports.sitemaps(entries, SITE))
    tag, parts = sitemap_urls(out["sitemap.xml"])
    assert tag == SM + "sitemapindex"
    assert len(parts) == 3
    collected = []
    for loc in parts:
        assert loc.startswith(SITE)
        name = loc[len(SITE):]
        assert name in out, f"the index names {name}, which is not written"
        part_tag, locs = sitemap_urls(out[name])
        assert part_tag == SM + "urlset" and 1 <= len(locs) <= 3
        collected += locs
    assert collected == [SITE + u for u, _ in entries]
    assert set(out) == {"sitemap.xml"} | {loc[len(SITE):] for loc in parts}


def test_contact_numbers_become_one_tel_link_each():
    from generator.site.views import contact_pieces

    pieces = contact_pieces("phone", "0471-1234567 0471-7654321（传真同号）")
    assert [(p["text"], p["href"]) for p in pieces] == [
        ("0471-1234567", "tel:04711234567"), (" ", None), ("0471-7654321", "tel:04717654321"), ("（传真同号）", None)]
    assert [p["href"] for p in contact_pieces("phone", "12345 2025")] == [None]
    assert [p["href"] for p in contact_pieces("fax", "0479-5551001")] == [None]
