"""A real build of the sample content, read back as HTML, XML, JSON and CSV (issue 3, §2, §5, §6, §8, §9).

One build of a copy of the repository (``search_engine: none``) serves most
tests (:func:`sitebuild.shared_build`); the tests that need a build of their
own (a broken item, determinism, held-out items, search data) make small
copies. Every expectation comes from the content's front matter read with
PyYAML and categories.yml (see tests/sitebuild.py), never from the page
generator itself.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
import sitebuild
from sitebuild import copy_repository, newest_first, output_of, resolve, run_build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CATALOGUE_KEYS = ("index_no", "title", "url", "category", "category_name", "unit", "unit_name", "sector",
                  "formation_date", "publish_date", "doc_number", "validity")
META_LABELS = ("索引号", "主题分类", "发布机构", "成文日期", "发文字号", "发布日期", "有效性", "内容概述")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> sitebuild.Site:
    return sitebuild.shared_build(tmp_path_factory)


# -- helpers ----------------------------------------------------------------------

def text_of(el) -> str:
    return re.sub(r"\s+", "", el.text_content()) if el is not None else ""


def date_forms(d: date) -> set[str]:
    return {d.isoformat(), f"{d.year}年{d.month:02d}月{d.day:02d}日", f"{d.year}年{d.month}月{d.day}日",
            f"{d.year}.{d.month:02d}.{d.day:02d}", f"{d.year}/{d.month:02d}/{d.day:02d}"}


def meta_table(doc) -> dict[str, str]:
    """Label -> value text of the directory-entry table (the table whose header cells include 索引号)."""
    tables = doc.xpath('//article//table[.//th[normalize-space()="索引号"]]')
    assert tables, "no metadata table with 索引号"
    out = {}
    for th in tables[0].xpath(".//th"):
        td = th.xpath("following-sibling::td[1]")
        out[text_of(th)] = text_of(td[0]) if td else ""
    return out


def article_links(site, url: str) -> list[str]:
    return [resolve(url, h) for h in site.html(url).xpath("//article//a/@href")]


def site_url(site) -> str:
    if "site_url" not in site._cache:
        import yaml
        cfg = yaml.load((site.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        site._cache["site_url"] = cfg["site_url"].rstrip("/") + "/"
    return site._cache["site_url"]


def local(site, absolute: str) -> str:
    base = site_url(site)
    assert absolute.startswith(base), f"{absolute} is not under {base}"
    return absolute[len(base):]


def scopes_of(site, e) -> dict[str, str]:
    """Listing base URL -> scope kind, for every listing an item belongs to."""
    out = {f"categories/{e.category}/": "category", f"units/{e.unit}/": "unit", f"years/{e.year}/": "year"}
    for sid in site.names.sector_chain(e.sector):
        out[f"sectors/{sid}/"] = "sector"
    return out


def all_listings(site) -> dict[str, list]:
    """Every listing of the site with the expected items, newest first."""
    names = site.names
    listings: dict[str, list] = {f"categories/{c}/": [] for c in names.categories}
    listings.update({f"sectors/{s}/": [] for s in names.sectors})
    listings.update({f"units/{u}/": [] for u in names.units})
    for e in site.expected:
        listings.setdefault(f"years/{e.year}/", [])
        for base in scopes_of(site, e):
            listings[base].append(e)
    return {base: newest_first(items) for base, items in listings.items()}


def read_feed(path: Path):
    assert path.is_file(), f"missing feed {path}"
    root = lxml.etree.parse(str(path)).getroot()
    assert root.tag == ATOM + "feed", f"{path}: root element is {root.tag}, not Atom <feed>"
    return root


def feed_entries(site, root) -> list[tuple[str, date]]:
    out = []
    for entry in root.findall(ATOM + "entry"):
        links = [el.get("href") for el in entry.findall(ATOM + "link") if el.get("rel") in (None, "alternate")]
        assert links, "entry without a link"
        stamp = (entry.findtext(ATOM + "published") or entry.findtext(ATOM + "updated"))
        assert entry.findtext(ATOM + "id") and entry.findtext(ATOM + "title") and entry.findtext(ATOM + "updated")
        out.append((local(site, links[0]), date.fromisoformat(stamp[:10])))
    return out


# -- the build itself ---------------------------------------------------------------

def test_strict_build_prints_no_warning_and_lists_late_items_at_info(site):
    warnings = [line for line in site.output.splitlines() if line.startswith("WARNING")]
    assert not warnings, "mkdocs build --strict printed warnings:\n" + "\n".join(warnings)
    late = [p for p in site.repo.warnings if p.code == "late"]
    assert late, "the sample content must contain at least one late item (issue 3 §7)"
    info = [line for line in site.output.splitlines() if line.startswith("INFO")]
    for problem in late:
        assert any(problem.path in line and "late" in line for line in info), \
            f"late item {problem.path} is not in the INFO build summary:\n{site.output}"
    assert (site.site / "index.html").is_file()


def test_the_public_build_has_no_form_editor(site):
    """/admin/ (the form editor) exists only when the admin option enables it (tests/test_cms_browser.py)."""
    assert not (site.site / "admin").exists()
    assert not list(site.site.rglob("decap-cms*.js"))


def test_content_is_what_the_checker_loaded(site):
    """The independent front-matter reading and the generator agree on which items exist."""
    assert sorted(e.index_no for e in site.expected) == sorted(i.index_no for i in site.repo.items)
    assert len(site.expected) >= 60, f"the sample content has {len(site.expected)} items, the issue asks for 60+"


# -- item pages -----------------------------------------------------------------------

def test_every_item_has_its_page_with_the_metadata_table(site):
    described = {i.index_no: i.description for i in site.repo.items}
    problems = []
    for e in site.expected:
        parts = e.src_uri[:-3].split("/")
        if len(parts) != 3 or parts[0] != e.unit or parts[1] != str(e.year):
            problems.append(f"{e.src_uri}: not at content/<unit>/<year>/<slug>.md")
        if not site.file(e.url).is_file():
            problems.append(f"{e.src_uri}: no page at /{e.url}")
            continue
        doc = site.html(e.url)
        if e.title.replace(" ", "") not in text_of(doc.xpath("//article")[0]):
            problems.append(f"/{e.url}: title missing")
        meta = meta_table(doc)
        missing = [label for label in META_LABELS if label not in meta]
        if missing:
            problems.append(f"/{e.url}: metadata table lacks {missing}")
            continue
        category_name = site.names.categories[e.category]["name"]
        unit_name = site.names.units[e.unit]["name"]
        checks = {
            "索引号": meta["索引号"] == e.index_no,
            "主题分类": meta["主题分类"] == re.sub(r"\s+", "", e.topic or category_name),
            "发布机构": unit_name in meta["发布机构"],
            "成文日期": meta["成文日期"] in date_forms(e.formation_date),
            "发布日期": meta["发布日期"] in date_forms(e.publish_date),
            "发文字号": meta["发文字号"] == (e.doc_number or "").replace(" ", "")
                    or (not e.doc_number and meta["发文字号"] in ("", "—", "无")),
            "有效性": (meta["有效性"] == e.validity) if e.validity
                   else not any(v in meta["有效性"] for v in ("有效", "失效", "废止")),
            "内容概述": meta["内容概述"] == re.sub(r"\s+", "", described[e.index_no]),
        }
        for label, ok in checks.items():
            if not ok:
                problems.append(f"/{e.url}: {label} shows {meta[label]!r}")
    assert not problems, "\n".join(problems)


def test_item_pages_have_a_breadcrumb_back_to_their_category(site):
    problems = []
    for e in site.expected:
        crumbs = site.html(e.url).xpath('//nav[contains(@class,"breadcrumb") or contains(@aria-label,"面包屑")]')
        links = [resolve(e.url, h) for c in crumbs for h in c.xpath(".//a/@href")]
        if f"categories/{e.category}/" not in links:
            problems.append(f"/{e.url}: breadcrumb links {links}")
    assert not problems, "\n".join(problems)


def banners(doc):
    return doc.xpath('//article//*[@role="note" or @role="alert" or contains(@class,"banner")]')


def test_expired_and_abolished_items_show_a_banner_linking_the_replacement(site):
    by_index = {e.index_no: e for e in site.expected}
    ended = [e for e in site.expected if e.validity in ("失效", "废止")]
    assert any(e.validity == "废止" and e.superseded_by for e in ended), \
        "the sample content needs a 废止 document with its replacement (issue 3 §7)"
    problems = []
    for e in ended:
        found = [b for b in banners(site.html(e.url)) if e.validity in text_of(b)]
        if not found:
            problems.append(f"/{e.url}: no banner saying {e.validity}")
            continue
        if e.superseded_by:
            target = by_index[e.superseded_by].url
            if target not in [resolve(e.url, h) for b in found for h in b.xpath(".//a/@href")]:
                problems.append(f"/{e.url}: banner does not link the replacement /{target}")
    for e in site.expected:
        if e.validity not in ("失效", "废止"):
            if any(("失效" in text_of(b) or "废止" in text_of(b)) for b in banners(site.html(e.url))):
                problems.append(f"/{e.url}: {e.validity or 'no validity'} item shows an expiry banner")
    assert not problems, "\n".join(problems)


def test_policies_and_interpretations_link_both_ways(site):
    by_index = {e.index_no: e for e in site.expected}
    pairs = [(by_index[e.interprets], e) for e in site.expected if e.interprets]
    assert pairs, "the sample content needs a policy with its interpretation (issue 3 §7)"
    problems = []
    for policy, interpretation in pairs:
        if policy.url not in article_links(site, interpretation.url):
            problems.append(f"/{interpretation.url} does not link its policy /{policy.url}")
        if interpretation.url not in article_links(site, policy.url):
            problems.append(f"/{policy.url} does not link its interpretation /{interpretation.url}")
    assert not problems, "\n".join(problems)


TYPE_WORDS = {"pdf": ("PDF",), "png": ("PNG", "图片"), "jpg": ("JPG", "JPEG", "图片"), "jpeg": ("JPG", "JPEG", "图片"),
              "doc": ("DOC", "Word"), "docx": ("DOCX", "Word"), "xls": ("XLS", "Excel"), "xlsx": ("XLSX", "Excel"),
              "ofd": ("OFD",), "csv": ("CSV",), "zip": ("ZIP",)}


def size_forms(size: int) -> set[str]:
    forms = {f"{size}字节", f"{size}B", f"{size}bytes"}
    for unit, div in (("KB", 1024), ("MB", 1024 * 1024), ("K", 1024), ("M", 1024 * 1024)):
        value = size / div
        forms |= {f"{value:.1f}{unit}", f"{value:.0f}{unit}", f"{math.ceil(value)}{unit}", f"{value:.2f}{unit}"}
    return forms


def attachment_items(site):
    with_attachments = [e for e in site.expected if e.attachments]
    assert with_attachments, "the sample content needs items with attachments (issue 3 §7)"
    assert any(p.lower().endswith(".pdf") for e in with_attachments for p, _ in e.attachments)
    return with_attachments


def test_attachments_are_listed_with_type_and_size(site):
    problems = []
    for e in attachment_items(site):
        doc = site.html(e.url)
        for path, title in e.attachments:
            source = e.path.parent / path
            name = path.rsplit("/", 1)[-1]
            anchors = [a for a in doc.xpath("//article//a[@href]") if a.get("href").split("/")[-1] == name]
            if not anchors:
                problems.append(f"/{e.url}: attachment {path} not listed")
                continue
            text = text_of(anchors[0].getparent())
            if title and title.replace(" ", "") not in text:
                problems.append(f"/{e.url}: attachment title {title!r} not shown")
            ext = path.rsplit(".", 1)[-1].lower()
            if not any(w in text for w in TYPE_WORDS.get(ext, (ext.upper(),))):
                problems.append(f"/{e.url}: attachment {path} without its type in {text!r}")
            if not any(f in text for f in size_forms(source.stat().st_size)):
                problems.append(f"/{e.url}: attachment {path} ({source.stat().st_size} bytes) without its size in {text!r}")
    assert not problems, "\n".join(problems)


def test_attachment_links_reach_the_published_file(site):
    problems = []
    for e in attachment_items(site):
        doc = site.html(e.url)
        for path, _title in e.attachments:
            source = e.path.parent / path
            target = resolve(e.url, "../" + path)   # content/<unit>/<year>/<file> is published at that path
            if not site.file(target).is_file() or site.file(target).read_bytes() != source.read_bytes():
                problems.append(f"attachment {source} not published at /{target}")
            if target not in [resolve(e.url, h) for h in doc.xpath("//article//a/@href")]:
                problems.append(f"/{e.url}: no link to /{target}")
    assert not problems, "\n".join(problems)


# -- listings ----------------------------------------------------------------------------

def listing_problems(site) -> list[str]:
    size = site.page_size
    problems = []
    for base, items in all_listings(site).items():
        if not site.file(base).is_file():
            problems.append(f"missing listing /{base}")
            continue
        pages = site.listing(base)
        expected_pages = max(1, math.ceil(len(items) / size))
        if len(pages) != expected_pages:
            problems.append(f"/{base}: {len(pages)} pages for {len(items)} items at page size {size}")
        if site.file(f"{base}page/{expected_pages + 1}/").is_file():
            problems.append(f"/{base}: a page beyond the last one exists")
        for n, rows in enumerate(pages, start=1):
            if len(rows) > size:
                problems.append(f"/{base} page {n}: {len(rows)} rows > page size {size}")
        flat = [url for rows in pages for url in rows]
        if sorted(flat) != sorted(e.url for e in items):
            missing = {e.url for e in items} - set(flat)
            extra = set(flat) - {e.url for e in items}
            problems.append(f"/{base}: missing {sorted(missing)}, unexpected {sorted(extra)}, "
                            f"duplicates {len(flat) - len(set(flat))}")
            continue
        dates = {e.url: e.publish_date for e in items}
        seq = [dates[url] for url in flat]
        if seq != sorted(seq, reverse=True):
            problems.append(f"/{base}: not newest first: {[d.isoformat() for d in seq]}")
    return problems


def test_every_item_is_in_all_its_listings_newest_first(site):
    problems = listing_problems(site)
    assert not problems, "\n".join(problems)


def test_listing_rows_show_the_directory_columns(site):
    by_url = {e.url: e for e in site.expected}
    problems = []
    for base in sorted({f"categories/{e.category}/" for e in site.expected}):
        for url in site.page_urls(base):
            doc = site.html(url)
            heads = [text_of(th) for th in doc.xpath("//article//table//thead//th")]
            if heads[:6] != ["索引号", "标题", "发布机构", "发文字号", "发布日期", "有效性"]:
                problems.append(f"/{url}: columns {heads}")
            for tr in doc.xpath("//article//table/tbody/tr"):
                cells = [text_of(cell) for cell in tr.xpath("td|th")]
                e = by_url[resolve(url, tr.xpath("th[@scope='row']//a/@href")[0])]
                want = [e.index_no, e.title.replace(" ", ""), site.names.units[e.unit]["name"],
                        (e.doc_number or "").replace(" ", "")]
                if cells[:4] != want or cells[4] not in date_forms(e.publish_date) or \
                        cells[5] != (e.validity or ""):
                    problems.append(f"/{url}: row {cells} for {e.src_uri}")
    assert not problems, "\n".join(problems)


def test_sample_content_runs_a_listing_to_a_second_page(site):
    size = site.page_size
    long = [base for base, items in all_listings(site).items() if len(items) > size]
    assert long, f"no listing has more than page_size={size} items, so no /page/2/ exists"
    for base in long:
        assert site.file(f"{base}page/2/").is_file(), f"/{base} has {size}+ items but no page/2/"
        pager = site.html(base).xpath('//a[@rel="next"]/@href')
        assert pager and resolve(base, pager[0]) == f"{base}page/2/"


def test_nav_holds_index_pages_only(site):
    items = {e.url for e in site.expected}
    sample = ["", "categories/", site.expected[0].url, f"categories/{site.expected[0].category}/"]
    counts = set()
    for url in sample:
        doc = site.html(url)
        navs = doc.xpath('//nav[contains(@class,"md-tabs") or contains(@class,"md-nav--primary")]')
        assert navs, f"/{url}: no Material navigation found"
        links = {resolve(url, h) for n in navs for h in n.xpath(".//a/@href")}
        assert not links & items, f"/{url}: nav links item pages {sorted(links & items)}"
        assert not [link for link in links if "/page/" in link], f"/{url}: nav links listing pages"
        assert "categories/" in links and "" in links
        counts.add(len(doc.xpath('//nav[contains(@class,"md-nav--primary")]//a')))
    assert max(counts) < 40, f"nav size {counts} looks like it grows with the content"


def test_portal_lists_the_four_columns_and_the_categories_with_counts(site):
    doc = site.html("")
    links = {resolve("", h): text_of(a) for a in doc.xpath("//article//a") for h in [a.get("href")]}
    body = text_of(doc.xpath("//article")[0])
    for column in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert column in body
    for cid in site.names.categories:
        assert f"categories/{cid}/" in links, f"portal does not link category {cid}"
    # This shared build runs with search_engine: none, so no search box may lead to a missing page.
    assert not doc.xpath('//form[@role="search"] | //input[@type="search"]'), "search box without a search page"




# -- major projects and units ------------------------------------------------------------

def test_major_project_pages_list_the_eight_info_types(site):
    root = "major-projects"
    assert root in site.names.sectors, "categories.yml has no major-projects sector"
    info_types = site.names.sectors[root]["info_types"]
    assert len(info_types) == 8
    projects: dict[str, list] = {}
    for e in site.expected:
        if e.project and root in site.names.sector_chain(e.sector):
            projects.setdefault(e.project, []).append(e)
    assert projects, "no major project in the sample content"
    sector_doc = site.html(f"sectors/{root}/")
    counts = {}
    for name, items in projects.items():
        hrefs = [a.get("href") for a in sector_doc.xpath("//article//a") if text_of(a) == name.replace(" ", "")]
        assert hrefs, f"/sectors/{root}/ does not link project {name}"
        url = resolve(f"sectors/{root}/", hrefs[0])
        assert re.fullmatch(rf"sectors/{root}/[^/]+/", url), f"project page of {name} at /{url}"
        doc = site.html(url)
        # Sections: each h2 and what follows it until the next h2.
        sections: dict[str, list] = {}
        current = None
        for el in doc.xpath("//article/*"):
            if el.tag == "h2":
                current = text_of(el)
                sections[current] = []
            elif current is not None:
                sections[current].append(el)
        published = 0
        for t in info_types:
            assert t["name"] in sections, f"/{url}: no section for {t['name']} (have {list(sections)})"
            els = sections[t["name"]]
            links = {resolve(url, h) for el in els for h in el.xpath("descendant-or-self::a/@href")}
            want = {e.url for e in items if e.info_type == t["id"]}
            assert links == want, f"/{url} {t['name']}: links {links}, expected {want}"
            shown_missing = "未公开" in "".join(text_of(el) for el in els)
            assert shown_missing == (not want), f"/{url} {t['name']}: 未公开 shown={shown_missing}, items={want}"
            published += bool(want)
        counts[name] = published
    assert 6 in counts.values(), f"no project has 6 of 8 info types published (issue 3 §7): {counts}"


def test_unit_pages_show_contact_data(site):
    problems = []
    for uid, unit in site.names.units.items():
        body = text_of(site.html(f"units/{uid}/").xpath("//article")[0])
        if unit["name"] not in body:
            problems.append(f"/units/{uid}/: no unit name")
        for key, value in (unit.get("contact") or {}).items():
            if value and re.sub(r"\s+", "", str(value)) not in body:
                problems.append(f"/units/{uid}/: contact {key}={value!r} not shown")
    assert not problems, "\n".join(problems)


# -- feeds -------------------------------------------------------------------------------

def feed_scopes(site) -> dict[str, list]:
    scopes = {"feed.xml": list(site.expected)}
    for base, items in all_listings(site).items():
        if not base.startswith("years/"):
            scopes[base + "feed.xml"] = items
    return {path: newest_first(items) for path, items in scopes.items()}


def feed_problems(site) -> list[str]:
    limit = site.feed_size
    problems = []
    for path, items in feed_scopes(site).items():
        root = read_feed(site.site / path)
        for tag in ("id", "title", "updated"):
            if not root.findtext(ATOM + tag):
                problems.append(f"/{path}: no <{tag}>")
        entries = feed_entries(site, root)
        dates = {e.url: e.publish_date for e in items}
        urls = [u for u, _ in entries]
        if len(entries) != min(limit, len(items)):
            problems.append(f"/{path}: {len(entries)} entries, expected {min(limit, len(items))}")
        if set(urls) - set(dates):
            problems.append(f"/{path}: entries outside the scope {sorted(set(urls) - set(dates))}")
            continue
        if [d for _, d in entries] != [dates[u] for u in urls]:
            problems.append(f"/{path}: entry dates differ from the items' publication dates")
        seq = [dates[u] for u in urls]
        if seq != sorted(seq, reverse=True):
            problems.append(f"/{path}: not newest first")
        if entries:
            cutoff = min(seq)
            # every item newer than the oldest entry must be there: only newer items push one out
            pushed = [e.url for e in items if e.publish_date > cutoff and e.url not in urls]
            if pushed:
                problems.append(f"/{path}: newer items missing {pushed}")
    return problems


def test_feeds_parse_and_hold_the_newest_items_of_their_scope(site):
    problems = feed_problems(site)
    assert not problems, "\n".join(problems)


def item_feed_problems(site) -> list[str]:
    limit = site.feed_size
    scopes = feed_scopes(site)
    feeds = {path: [u for u, _ in feed_entries(site, read_feed(site.site / path))] for path in scopes}
    problems = []
    for e in site.expected:
        paths = ["feed.xml"] + [b + "feed.xml" for b, kind in scopes_of(site, e).items() if kind != "year"]
        for path in paths:
            urls = feeds[path]
            newer = sum(1 for o in scopes[path] if o.publish_date > e.publish_date)
            if newer < limit and e.url not in urls and len(urls) < limit:
                problems.append(f"{e.src_uri} missing from /{path} ({newer} newer items, limit {limit})")
            if newer >= limit and e.url in urls:
                problems.append(f"{e.src_uri} in /{path} although {newer} newer items exist")
    return problems


def test_every_item_is_in_the_feeds_of_its_scopes_unless_pushed_out(site):
    problems = item_feed_problems(site)
    assert not problems, "\n".join(problems)


def alternate_feeds(site, url: str) -> list[str]:
    doc = site.html(url)
    # rel is a list of keywords: the site writes rel="alternate feed" (see theme/main.html)
    rel = 'contains(concat(" ", normalize-space(@rel), " "), " alternate ")'
    return [resolve(url, h) for h in doc.xpath(f'//head/link[{rel}][@type="application/atom+xml"]/@href')]


def test_feed_autodiscovery_on_portal_and_category_pages(site):
    assert "feed.xml" in alternate_feeds(site, "")
    for cid in site.names.categories:
        feeds = alternate_feeds(site, f"categories/{cid}/")
        assert f"categories/{cid}/feed.xml" in feeds, f"/categories/{cid}/ autodiscovery: {feeds}"
        for feed in feeds:
            assert (site.site / feed).is_file(), f"autodiscovery link to missing /{feed}"


# -- open data ---------------------------------------------------------------------------

def load_catalog_json(site) -> list[dict]:
    return json.loads((site.site / "catalog.json").read_text(encoding="utf-8"))


def test_catalog_json_has_every_item_with_iso_dates(site):
    records = load_catalog_json(site)
    assert isinstance(records, list)
    by_index = {r["index_no"]: r for r in records}
    assert len(by_index) == len(records) == len(site.expected)
    base = site_url(site)
    problems = []
    for e in site.expected:
        r = by_index.get(e.index_no)
        if r is None:
            problems.append(f"{e.src_uri}: not in catalog.json")
            continue
        if missing := [k for k in CATALOGUE_KEYS if k not in r]:
            problems.append(f"{e.index_no}: keys missing {missing}")
            continue
        want = {"title": e.title, "url": base + e.url, "category": e.category,
                "category_name": site.names.categories[e.category]["name"], "unit": e.unit,
                "unit_name": site.names.units[e.unit]["name"], "sector": e.sector,
                "formation_date": e.formation_date.isoformat(), "publish_date": e.publish_date.isoformat(),
                "doc_number": e.doc_number, "validity": e.validity}
        for key, value in want.items():
            if r[key] != value:
                problems.append(f"{e.index_no}: {key}={r[key]!r}, expected {value!r}")
        for key in ("formation_date", "publish_date"):
            if not ISO.match(r[key] or ""):
                problems.append(f"{e.index_no}: {key} not ISO")
    assert not problems, "\n".join(problems)


def test_catalog_csv_has_a_bom_and_the_json_columns(site):
    raw = (site.site / "catalog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "catalog.csv has no UTF-8 BOM"
    from generator.site.exports import CSV_HEADERS

    records = load_catalog_json(site)
    header = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))[0]
    # the same columns as catalog.json's keys, in the same order, named in Chinese
    assert header == [CSV_HEADERS[key] for key in records[0]], "CSV columns differ from the JSON keys"
    assert header[:2] == ["索引号", "标题"] and all(re.search(r"[\u4e00-\u9fff]", h) for h in header)
    key_of = {name: key for key, name in CSV_HEADERS.items()}
    rows = [{key_of[name]: value for name, value in row.items()}
            for row in csv.DictReader(io.StringIO(raw[3:].decode("utf-8")))]
    assert set(CATALOGUE_KEYS) <= set(rows[0])
    assert len(rows) == len(site.expected)
    by_index = {r["index_no"]: r for r in records}
    for row in rows:
        record = by_index[row["index_no"]]
        for key in CATALOGUE_KEYS:
            want = "" if record[key] is None else str(record[key])
            assert row[key] == want, f"{row['index_no']}: CSV {key}={row[key]!r}, JSON {record[key]!r}"


def sitemap_locs(site) -> list[str]:
    root = lxml.etree.parse(str(site.site / "sitemap.xml")).getroot()
    if root.tag == SITEMAP_NS + "sitemapindex":
        locs = []
        for loc in root.iter(SITEMAP_NS + "loc"):
            part = lxml.etree.parse(str(site.site / local(site, loc.text))).getroot()
            locs += [el.text for el in part.iter(SITEMAP_NS + "loc")]
        return locs
    assert root.tag == SITEMAP_NS + "urlset"
    return [el.text for el in root.iter(SITEMAP_NS + "loc")]


def test_sitemap_lists_every_item_and_listing(site):
    locs = {local(site, loc) for loc in sitemap_locs(site)}
    missing = [e.url for e in site.expected if e.url not in locs]
    assert not missing, f"items missing from sitemap.xml: {missing}"
    for base in all_listings(site):
        assert base in locs, f"listing /{base} not in sitemap.xml"
    for loc in locs:
        assert site.file(loc).is_file(), f"sitemap lists /{loc}, which does not exist"


# -- confidentiality -----------------------------------------------------------------------

def private_strings(root: Path, names) -> set[str]:
    """Reviewer names (保密审查) and privacy-exemption reasons found in the front matter of content/."""
    found = set()
    for e in sitebuild.read_items(root, names):
        review = e.meta.get("review")
        if isinstance(review, dict):
            for key, value in review.items():
                if key not in ("date", "日期") and value and not isinstance(value, date):
                    found.add(str(value).strip())
        for ex in e.meta.get("privacy_exempt") or []:
            if isinstance(ex, dict):
                for key in ("reason", "理由"):
                    if ex.get(key):
                        found.add(str(ex[key]).strip())
    return {s for s in found if len(s) >= 2}


def leaks(site_dir: Path, secrets: set[str]) -> list[str]:
    out = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":            # pagefind fragments and other gzip files
            try:
                data += gzip.decompress(data)
            except (OSError, EOFError):
                pass
        for secret in secrets:
            forms = {secret.encode("utf-8"), json.dumps(secret).strip('"').encode("ascii")}
            if any(f in data for f in forms):
                out.append(f"{path.relative_to(site_dir)}: {secret}")
    for path in sorted(site_dir.rglob("*.json")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for key in ('"review"', '"reviewer"', '"privacy_exempt"', '"保密审查"', '"隐私豁免"'):
            if key in text:
                out.append(f"{path.relative_to(site_dir)}: key {key}")
    return out


def test_no_reviewer_names_or_exemption_reasons_in_any_output(site):
    secrets = private_strings(site.root, site.names)
    assert secrets, "no reviewer names found in the content: the test would prove nothing"
    assert not leaks(site.site, secrets)


# -- failed builds ------------------------------------------------------------------------

def copy_with_previous_site(site, dest: Path) -> Path:
    """A fresh copy of the sample repository whose site/ is the shared build's output (the "previous" site)."""
    root = copy_repository(dest)
    shutil.copytree(site.site, root / "site")
    return root


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site"))


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


BROKEN = """---
标题: 示例市财政局关于测试构建失败的通知
公开类别: 不存在的公开类别
发布机构: 示例市财政局
索引号: {code}/2026-09901
成文日期: 2026-11-02
发布日期: 2026-11-05
保密审查:
  reviewer: 测试审查员
  date: 2026-11-04
---

本通知用于测试：类别写错的信息必须使构建失败。
"""


def test_a_broken_item_fails_the_build_with_the_checker_message_and_keeps_the_old_site(site, tmp_path):
    root = copy_with_previous_site(site, tmp_path / "repo")
    before = tree_bytes(root / "site")
    broken = root / "content" / "czj" / "2026" / "broken-category.md"
    broken.write_text(BROKEN.format(code=site.names.units["czj"]["code"]), encoding="utf-8")
    result = run_build(root)
    out = output_of(result)
    assert result.returncode != 0, f"the build of a broken item succeeded:\n{out}"
    assert "unknown-category" in out, out
    assert "content/czj/2026/broken-category.md" in out, out
    assert tree_bytes(root / "site") == before, "a failed build changed the previous site/"
    assert leftovers(root) == [], f"temporary build folders left behind: {leftovers(root)}"


def test_a_build_failing_on_a_strict_warning_keeps_the_old_site(site, tmp_path):
    root = copy_with_previous_site(site, tmp_path / "repo")
    before = tree_bytes(root / "site")
    cfg = root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    cfg.write_text(text.replace("\nnav:\n", "\nnav:\n  - 不存在的页面: pages/does-not-exist.md\n", 1), encoding="utf-8")
    (root / "content" / "pages" / "marker.md").write_text("# 标记页\n\n本页只在新构建中出现。\n", encoding="utf-8")
    result = run_build(root)
    out = output_of(result)
    assert result.returncode != 0 and "WARNING" in out, out
    assert leftovers(root) == [], f"temporary build folders left behind: {leftovers(root)}"
    assert not (root / "site" / "pages" / "marker" / "index.html").exists(), \
        "the aborted build replaced the previous site/"
    assert tree_bytes(root / "site") == before


def test_search_engine_none_builds_with_the_shipped_nav(tmp_path):
    root = copy_repository(tmp_path / "repo", search_engine="none", drop_search_nav=False)
    result = run_build(root)
    assert result.returncode == 0, output_of(result)


# -- determinism ----------------------------------------------------------------------------

def compare_trees(a: Path, b: Path, skip: str | None = None) -> list[str]:
    ta, tb = tree_bytes(a), tree_bytes(b)
    if skip:
        ta = {k: v for k, v in ta.items() if not k.startswith(skip)}
        tb = {k: v for k, v in tb.items() if not k.startswith(skip)}
    diff = sorted(set(ta) ^ set(tb))
    diff += sorted(k for k in set(ta) & set(tb) if ta[k] != tb[k])
    return diff


def test_two_builds_of_the_same_copy_are_byte_identical(site, tmp_path):
    other = tmp_path / "site-again"
    result = run_build(site.root, site_dir=other)
    assert result.returncode == 0, output_of(result)
    assert leftovers(tmp_path) == []
    assert not compare_trees(site.site, other), f"files differ: {compare_trees(site.site, other)[:20]}"


def test_a_warm_rebuild_after_edits_is_the_cold_build_of_the_edited_content(tmp_path):
    """Every cache (checks, texts, converted bodies, search shards, pages) at once: a rebuild that reuses
    them gives byte for byte what a build without any of them gives, and the edits are in it."""
    root = copy_repository(tmp_path / "repo", search_engine=None)       # as shipped: Pagefind
    result = run_build(root)
    assert result.returncode == 0, output_of(result)
    item = root / "content" / "czj" / "2026" / "special-fund-measures-2026.md"
    text = item.read_text(encoding="utf-8")
    item.write_text(text + "\n本段是重建测试新增的文字。\n", encoding="utf-8")
    title = root / "content" / "fgw" / "2026" / "economic-plan-2026.md"
    text = title.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n标题: ")
    assert sep, "the test item has a 标题 line"
    title.write_text(head + sep + "（重建测试）" + rest, encoding="utf-8")
    # A policy's new title is on its interpretation's page, which did not change itself.
    policy = root / "content" / "szfb" / "2026" / "business-environment-measures.md"
    text = policy.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\n标题: ")
    assert sep, "the policy has a 标题 line"
    policy.write_text(head + sep + "（解读对象改名）" + rest, encoding="utf-8")
    result = run_build(root)
    out = output_of(result)
    assert result.returncode == 0, out
    assert re.search(r"disclosure: \d+ 个页面与上次相同", out), out
    assert re.search(r"[1-9]\d* 个文件的检查结果取自缓存", out), out
    assert len(list(root.glob(".site-old-*"))) == 1, "the replaced site waits for the next build"
    cold = copy_repository(tmp_path / "cold", search_engine=None)
    shutil.rmtree(cold / "content")
    shutil.copytree(root / "content", cold / "content")
    result = run_build(cold)
    assert result.returncode == 0, output_of(result)
    diff = compare_trees(root / "site", cold / "site")
    assert not diff, f"files differ: {diff[:20]}"
    page = (root / "site" / "czj" / "2026" / "special-fund-measures-2026" / "index.html").read_text(encoding="utf-8")
    assert "本段是重建测试新增的文字。" in page
    assert "（重建测试）" in (root / "site" / "fgw" / "2026" / "economic-plan-2026" / "index.html").read_text(
        encoding="utf-8")
    interpretation = root / "site" / "szfb" / "2026" / "interpretation-business-environment-measures" / "index.html"
    related = lxml.html.fromstring(interpretation.read_bytes()).xpath('//section[@class="dc-related"]//a/text()')
    assert any(t.startswith("（解读对象改名）") for t in related), related


def test_a_template_override_reaches_every_item_page_on_a_warm_rebuild(tmp_path):
    """A theme replaces a page template (<custom_dir>/disclosure/, here not theme/): the next build,
    which reuses unchanged pages, puts the new template on every item page."""
    root = copy_repository(tmp_path / "repo")
    (root / "theme").rename(root / "skin")
    cfg = root / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    assert text.count("custom_dir: theme\n") == 1
    cfg.write_text(text.replace("custom_dir: theme\n", "custom_dir: skin\n"), encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, output_of(result)
    page = root / "site" / "szfb" / "2026" / "business-environment-measures" / "index.html"
    marker = "本页模板由主题替换"
    assert marker not in page.read_text(encoding="utf-8")
    package = Path(sitebuild.PROJECT) / "generator" / "templates" / "item_after.html"
    (root / "skin" / "disclosure").mkdir()
    (root / "skin" / "disclosure" / "item_after.html").write_text(
        package.read_text(encoding="utf-8") + f'<p class="dc-override">{marker}</p>', encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, output_of(result)
    items = [p for p in (root / "content").rglob("*.md") if "pages" not in p.relative_to(root / "content").parts]
    assert len(items) > 10
    for item in items:
        out = root / "site" / item.relative_to(root / "content").with_suffix("") / "index.html"
        assert marker in out.read_text(encoding="utf-8"), out


def test_each_build_removes_the_site_the_build_before_it_replaced(site, tmp_path):
    root = copy_with_previous_site(site, tmp_path / "repo")
    olds = []
    for _ in range(2):
        result = run_build(root)
        assert result.returncode == 0, output_of(result)
        olds.append(sorted(p.name for p in root.glob(".site-old-*")))
        assert not list(root.glob(".site-build-*"))
    assert len(olds[0]) == 1 and len(olds[1]) == 1 and olds[0] != olds[1], olds


@pytest.fixture(scope="module")
def pagefind_builds(tmp_path_factory):
    """Two builds of one copy with the shipped search engine (pagefind), into two folders."""
    base = tmp_path_factory.mktemp("pagefind")
    root = copy_repository(base / "repo", search_engine=None)      # mkdocs.yml as shipped
    sites = []
    for name in ("site-a", "site-b"):
        result = run_build(root, site_dir=base / name)
        assert result.returncode == 0, output_of(result)
        sites.append(base / name)
    return root, sites


def test_portal_has_a_search_box_when_search_is_on(pagefind_builds):
    _root, (a, _b) = pagefind_builds
    doc = lxml.html.fromstring((a / "index.html").read_bytes())
    assert doc.xpath('//article//form[@role="search"]//input[@name="q"]'), "portal has no search box"
    assert doc.xpath('//header//form[@role="search"]//input[@name="q"]'), "header has no search box"
    assert (a / "search" / "index.html").is_file()


def test_pagefind_builds_are_identical_outside_the_search_index(pagefind_builds):
    _root, (a, b) = pagefind_builds
    diff = compare_trees(a, b, skip="pagefind/")
    assert not diff, f"files differ: {diff[:20]}"


def test_pagefind_search_index_is_deterministic(pagefind_builds):
    _root, (a, b) = pagefind_builds
    assert (a / "pagefind").is_dir(), "the shipped search engine writes pagefind/"
    diff = compare_trees(a / "pagefind", b / "pagefind")
    assert not diff, f"pagefind files differ between identical builds: {diff[:20]}"


def test_no_confidential_data_in_a_build_with_search_data(pagefind_builds):
    root, (a, _b) = pagefind_builds
    names = sitebuild.Names(root)
    secrets = private_strings(root, names)
    assert secrets
    assert not leaks(a, secrets)
    if (a / "pagefind").is_dir():
        # control: the scan does see into the (gzip-compressed) search fragments
        title = sitebuild.read_items(root, names)[0].title
        assert leaks(a / "pagefind", {title}), "the leak scan cannot read the search data"


# -- held-out items ----------------------------------------------------------------------------

HELD_OUT = {
    # a county education bureau, a sector sub-area (教育 under 社会公益事业), a year with no other items
    "dhq-jyj/2024/held-out-enrolment-2024.md": """---
标题: 东河区教育局关于2024年秋季义务教育阶段招生入学工作的通知
公开类别: 扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况
发布机构: {unit_name}
索引号: {code}/2024-09001
成文日期: 2024-07-01
发布日期: 2024-07-05
重点领域: 教育
保密审查:
  reviewer: 留出审查员甲
  date: 2024-07-04
---

各学校：现将2024年秋季义务教育阶段招生入学工作有关事项通知如下。适龄儿童按学区就近入学，报名时间为7月15日至7月25日。
""",
    # a county statistics bureau, no sector
    "byq-tjj/2026/held-out-bulletin-2026-10.md": """---
标题: 北原旗2026年1—10月主要经济指标
公开类别: 国民经济和社会发展统计信息
发布机构: {unit_name}
索引号: {code}/2026-09002
成文日期: 2026-11-10
发布日期: 2026-11-16
保密审查:
  reviewer: 留出审查员乙
  date: 2026-11-13
---

2026年1—10月，北原旗规模以上工业增加值同比增长5.1%，社会消费品零售总额同比增长4.3%。
""",
    # a county environment bureau in the 环境保护 sub-area
    "xsx-sthj/2026/held-out-inspection-2026.md": """---
标题: 西山县生态环境局2026年第三季度重点排污单位监督检查情况
公开类别: 环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况
发布机构: {unit_name}
索引号: {code}/2026-09003
成文日期: 2026-11-18
发布日期: 2026-11-20
重点领域: 环境保护
保密审查:
  reviewer: 留出审查员丙
  date: 2026-11-19
---

2026年第三季度，西山县生态环境局对全县12家重点排污单位开展监督检查，发现问题3个，均已责令限期整改。
""",
}


@pytest.fixture(scope="module")
def held_out(tmp_path_factory):
    base = tmp_path_factory.mktemp("held-out")
    root = copy_repository(base / "repo")
    names = sitebuild.Names(root)
    for rel, text in HELD_OUT.items():
        unit = rel.split("/")[0]
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.format(unit_name=names.units[unit]["name"], code=names.units[unit]["code"]),
                        encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, output_of(result)
    return sitebuild.load_site(root, root / "site", output_of(result))


def test_held_out_items_appear_everywhere_they_belong(held_out):
    site = held_out
    new = [e for e in site.expected if e.src_uri in HELD_OUT]
    assert len(new) == 3
    assert 2024 in {e.year for e in new} and 2024 not in {e.year for e in site.expected if e not in new}
    assert any(e.sector and site.names.parent[e.sector] for e in new), "one held-out item is in a sub-area"
    records = {r["index_no"] for r in load_catalog_json(site)}
    csv_rows = list(csv.DictReader(io.StringIO((site.site / "catalog.csv").read_bytes().decode("utf-8-sig"))))
    locs = {local(site, loc) for loc in sitemap_locs(site)}
    for e in new:
        assert site.file(e.url).is_file(), f"no page at /{e.url}"
        assert e.url == f"{e.unit}/{e.year}/{Path(e.src_uri).stem}/"
        assert meta_table(site.html(e.url))["索引号"] == e.index_no
        for base in scopes_of(site, e):
            assert e.url in [u for rows in site.listing(base) for u in rows], f"/{e.url} not in /{base}"
        assert e.index_no in records and e.index_no in {r["索引号"] for r in csv_rows}
        assert e.url in locs
    # ... and the whole site still holds together: every listing, every feed
    problems = listing_problems(site) + feed_problems(site) + item_feed_problems(site)
    assert not problems, "\n".join(problems)
    # the newest held-out items are at the top of the site-wide and their units' feeds
    for e in new:
        if e.year == 2026:
            assert e.url in [u for u, _ in feed_entries(site, read_feed(site.site / f"units/{e.unit}/feed.xml"))]
    # the new year and the new units are reachable from their overview pages
    assert "years/2024/" in {resolve("years/", h) for h in site.html("years/").xpath("//article//a/@href")}
    unit_links = {resolve("units/", h) for h in site.html("units/").xpath("//article//a/@href")}
    for e in new:
        assert f"units/{e.unit}/" in unit_links
    assert not leaks(site.site, {"留出审查员甲", "留出审查员乙", "留出审查员丙"})


# -- what reaches the site (issue 14) ------------------------------------------------------------

def test_the_site_holds_only_referenced_files_and_no_supervision_page(site):
    """Every non-HTML file under site/ that came from content/ is an attachment or image an item links to."""
    content = site.root / "content"
    sources = {p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file() and p.suffix != ".md"}
    published = {p.relative_to(site.site).as_posix() for p in site.site.rglob("*") if p.is_file()}
    assert sources, "the sample content has attachments"
    assert sources <= published, f"attachments not published: {sorted(sources - published)}"
    assert not (site.site / "supervision").exists(), "the oversight page must not be part of the public site"
    sitemap = (site.site / "sitemap.xml").read_text(encoding="utf-8")
    assert not re.search(r"<loc>https?://[^/<]+/supervision/", sitemap)


def test_an_unreferenced_or_active_file_stops_the_build(site, tmp_path):
    root = copy_with_previous_site(site, tmp_path / "repo")
    before = tree_bytes(root / "site")
    folder = root / "content" / "czj" / "2026"
    (folder / "evil.html").write_text("<script>alert(document.cookie)</script>", encoding="utf-8")
    (folder / "stray.pdf").write_bytes(b"%PDF-1.4 nobody links here")
    result = run_build(root)
    out = output_of(result)
    assert result.returncode != 0, out
    assert "file-type" in out and "content/czj/2026/evil.html" in out, out
    assert "unreferenced-file" in out and "content/czj/2026/stray.pdf" in out, out
    assert tree_bytes(root / "site") == before


def test_a_symlinked_folder_is_refused_before_mkdocs_walks_it(site, tmp_path):
    """MkDocs follows links while listing docs_dir; a link to / would have it walk the whole machine."""
    root = copy_repository(tmp_path / "repo")
    (root / "content" / "czj" / "everything").symlink_to("/")
    result = run_build(root, timeout=60)
    out = output_of(result)
    assert result.returncode != 0 and "unsafe-file" in out and "czj/everything" in out, out


def test_builds_killed_earlier_leave_nothing_behind(site, tmp_path):
    root = copy_with_previous_site(site, tmp_path / "repo")
    dead = root / ".site-build-999999999"           # no such process
    dead.mkdir()
    (dead / "half.html").write_text("half a site", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, output_of(result)
    assert not dead.exists(), "the folder of a killed build was not removed"


def test_a_build_killed_between_two_renames_is_recovered(site, tmp_path):
    """Where the swap takes two renames (no RENAME_EXCHANGE), a build killed between them leaves no site/;
    the next build puts the replaced site back before it starts."""
    root = copy_with_previous_site(site, tmp_path / "repo")
    (root / "site").rename(root / ".site-old-424242")
    from generator.site.output import recover
    recover(root / "site")
    assert (root / "site" / "index.html").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is a Linux system call")
def test_the_swap_leaves_no_moment_without_a_site(tmp_path):
    from generator.site.output import swap_in
    final, new = tmp_path / "site", tmp_path / ".site-build-1"
    for folder, version in ((final, "1"), (new, "2")):
        folder.mkdir()
        (folder / "v").write_text(version, encoding="utf-8")
    seen = []
    real_rename = Path.rename

    def watching(self, target):      # the one-step swap needs no rename of site/ itself
        seen.append((self.name, Path(target).name))
        return real_rename(self, target)

    Path.rename = watching
    try:
        swap_in(new, final, tmp_path / ".site-old-1")
    finally:
        Path.rename = real_rename
    assert (final / "v").read_text(encoding="utf-8") == "2"
    assert (tmp_path / ".site-old-1" / "v").read_text(encoding="utf-8") == "1"
    assert not new.exists()
    assert ("site", ".site-old-1") not in seen, f"site/ was renamed away, leaving a gap: {seen}"
