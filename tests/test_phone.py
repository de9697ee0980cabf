"""The public site on a phone (issue 17), proven in headless Debian Chromium at 360 px and 1280 px, in
normal text and large text (the site's 大字版 switch at 150 % and the browser's text size at 200 %).

1. Listings: on a phone each row is a block (title, then 发布日期, 有效性, 发文字号, unit), nothing
   off the right edge, nothing to swipe; a table at desktop widths; table semantics for screen readers.
2. Search: one search box, results first, filters in a panel closed on a phone; 共找到 N 条结果 and the
   first result in the first screen; every facet count equals the count of the results shown.
3. Generated tables (the annual report's, project pages) are styled and readable at 360 px; a table
   that must stay wide scrolls in its box with a visible hint.
4. No request of the site's own pages fails; an HTML 网站地图; plain labels for feeds and downloads.
5. Item pages: summary without the addressees, index numbers broken only after the slash, tel: and
   mailto: links, 打印本页, 我为政府网站找错, 解读对象.

The site build, the server and Chromium are shared with tests/test_accessibility.py (tests/browser.py);
screenshots go to screenshots/ (SCREENSHOT_DIR) as phone-<what>-<width>-<mode>.png.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from browser import PROJECT, browser  # noqa: F401  (fixture)

# The built site, its server and the pages reused per width and reading mode: test_accessibility's fixtures.
from test_accessibility import (  # noqa: F401
    MISSING_URL,
    base,
    built,
    chromium,
    new_context,
    open_page,
    screenshot,
    supervision,
    tab,
)

from generator.check.repository import load_repository
from generator.model.item import clean_line, is_salutation
from generator.search.text import item_filters
from generator.site.catalogue import build_catalogue

MODES = ["normal", "large", "browser-200"]
FIRST_SCREEN = 800


@pytest.fixture(scope="module")
def cat():
    import os
    os.environ.setdefault("DISCLOSURE_TODAY", "2026-11-27")
    return build_catalogue(load_repository(PROJECT))


def go(page, base: str, path: str):
    return open_page(page, base, path, "404" if path == MISSING_URL else None)


def page_scrolls_sideways(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth > innerWidth + 1")


# -- 1. listings ---------------------------------------------------------------------------------

LISTINGS = {"category": "categories/regulations/", "sector": "sectors/public-resources/", "unit": "units/czj/",
            "year": "years/2026/"}

ROWS = """() => [...document.querySelectorAll('table.dc-list tbody tr')].map(tr => {
  const box = sel => { const e = tr.querySelector(sel);
    if (!e || !e.textContent.trim() || getComputedStyle(e).display === 'none') return null;
    const r = e.getBoundingClientRect(); return {top: r.top, left: r.left, right: r.right, bottom: r.bottom}; };
  return {title: box('.dc-list__title'), date: box('.dc-list__date'), validity: box('.dc-list__validity'),
          doc: box('.dc-list__doc'), unit: box('.dc-list__unit'), no: box('.dc-list__no'),
          display: getComputedStyle(tr).display};
})"""


def ax_roles(page) -> Counter:
    """Roles in Chromium's own accessibility tree (what a screen reader is given, after CSS)."""
    cdp = page.context.new_cdp_session(page)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    cdp.detach()
    return Counter(n.get("role", {}).get("value") for n in nodes if not n.get("ignored"))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", list(LISTINGS))
def test_listing_rows_stack_on_a_phone(tab, base, name, mode):
    page = go(tab(360, mode), base, LISTINGS[name])
    if name == "category":
        screenshot(page, f"phone-listing-360-{mode}")
    rows = page.evaluate(ROWS)
    assert rows, LISTINGS[name]
    assert not page_scrolls_sideways(page)
    assert page.evaluate("(() => { const w = document.querySelector('.dc-list-wrap');"
                         " return w.scrollWidth <= w.clientWidth + 1; })()"), "the listing scrolls inside its box"
    width = page.evaluate("document.documentElement.clientWidth")
    order = ["title", "date", "validity", "doc", "unit", "no"]
    for row in rows:
        assert row["display"] != "table-row", row
        shown = [key for key in order if row[key]]
        assert shown[:2] == ["title", "date"] and "unit" in shown and "no" in shown, row
        for key in shown:                                   # nothing cut off at the right edge
            assert 0 <= row[key]["left"] and row[key]["right"] <= width + 0.5, (key, row)
        assert row["title"]["bottom"] <= row["date"]["top"] + 1, "the title comes first, on a line of its own"
        # reading order on screen: line by line, left to right
        reading = sorted(shown, key=lambda k: (round(row[k]["top"]), row[k]["left"]))
        assert reading == shown, (reading, row)
    roles = ax_roles(page)
    assert roles["table"] >= 1 and roles["row"] >= len(rows) and roles["rowheader"] >= len(rows), roles
    assert roles["columnheader"] >= 6, "the column headings are kept for screen readers"


@pytest.mark.parametrize("mode", ["normal", "large"])
def test_listing_is_a_table_at_desktop_width(tab, base, mode):
    page = go(tab(1280, mode), base, LISTINGS["category"])
    screenshot(page, f"phone-listing-1280-{mode}")
    rows = page.evaluate(ROWS)
    assert rows and all(r["display"] == "table-row" for r in rows)
    assert page.evaluate("getComputedStyle(document.querySelector('table.dc-list thead')).position") != "absolute"
    assert page.evaluate("(() => { const w = document.querySelector('.dc-list-wrap');"
                         " return w.scrollWidth <= w.clientWidth + 1; })()")
    heads = page.eval_on_selector_all("table.dc-list thead th", "ths => ths.map(t => t.textContent)")
    assert heads == ["索引号", "标题", "发布机构", "发文字号", "发布日期", "有效性"]


@pytest.mark.parametrize("width, mode", [(360, "normal"), (360, "large"), (1280, "normal"), (1280, "large")])
def test_project_page_lists_stack_too(tab, base, built, width, mode):
    projects = re.findall(r'href="(?:\./)?(p-[^/"]+/)"',
                          (built / "sectors/major-projects/index.html").read_text(encoding="utf-8"))
    page = go(tab(width, mode), base, "sectors/major-projects/" + projects[0])
    screenshot(page, f"phone-project-{width}-{mode}")
    rows = page.evaluate(ROWS)
    assert rows and all((r["display"] == "table-row") == (width == 1280) for r in rows)
    assert not page_scrolls_sideways(page)
    assert page.evaluate("[...document.querySelectorAll('.dc-list-wrap')].every(w => w.scrollWidth <= w.clientWidth + 1)")


# -- 2. search -------------------------------------------------------------------------------

def search_page(page, base: str, query: str):
    return open_page(page, base, "search/?q=" + quote(query), "search")


def wait_for_counts(page) -> None:
    page.wait_for_function("!document.querySelector('.dc-search__facets').hasAttribute('aria-busy')", timeout=20000)


FACETS = """() => [...document.querySelectorAll('.dc-facet input[type=checkbox]')].map(b => ({
  facet: b.name, value: b.value, offered: !b.closest('li').hidden && !b.closest('details').hidden,
  count: b.parentNode.querySelector('.dc-facet-count').textContent}))"""


def shown_counts(page) -> tuple[dict, str]:
    """facet -> value -> n as the page offers them, and the status line."""
    wait_for_counts(page)
    out: dict[str, dict[str, int]] = {}
    for f in page.evaluate(FACETS):
        if f["offered"]:
            m = re.fullmatch(r"（(\d+)）", f["count"])
            assert m, f
            out.setdefault(f["facet"], {})[f["value"]] = int(m.group(1))
        else:
            assert f["count"] == "", f
    return out, page.inner_text("#dc-search-status")


def result_urls(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("#dc-search-results li h2 a", "as => as.map(a => a.href)")
    return [unquote(urlsplit(h).path).lstrip("/") for h in hrefs]


def expected_counts(cat, urls: list[str]) -> dict[str, dict[str, int]]:
    by_url = {i.url: i for i in cat.items}
    out: dict[str, Counter] = {}
    for url in urls:
        for facet, values in item_filters(by_url[url], cat).items():
            out.setdefault(facet, Counter()).update(values)
    return {facet: dict(c) for facet, c in out.items()}


def search_cases(cat) -> list[str]:
    """The issue's two examples: 〔2026〕9号 typed with square brackets, and an index number of an item
    whose number differs from another item's only in the year (so a word search also finds that one)."""
    nos = {i.index_no for i in cat.items}
    twin = next(i for i in cat.items if i.index_no.replace(str(i.year), str(i.year - 1), 1) in nos)
    return ["[2026]9号", twin.index_no]


@pytest.mark.parametrize("width", [360, 1280])
def test_facet_counts_are_the_counts_of_the_results_shown(tab, base, cat, width):
    page = tab(width)
    for query in search_cases(cat):
        search_page(page, base, query)
        counts, status = shown_counts(page)
        assert not page.is_visible("#dc-search-more"), "every result is on the page"
        urls = result_urls(page, base)
        assert re.search(rf"共找到 {len(urls)} 条结果", status), (query, status, urls)
        assert counts == expected_counts(cat, urls), (query, urls)
        assert "（0）" not in page.inner_text(".dc-search__facets")


def test_index_number_search_offers_only_its_item(tab, base, cat):
    page = tab(360)
    query = search_cases(cat)[1]
    item = next(i for i in cat.items if i.index_no == query)
    search_page(page, base, query)
    counts, status = shown_counts(page)
    assert "共找到 1 条结果" in status and result_urls(page, base) == [item.url]
    assert counts["year"] == {str(item.year): 1}, "another year's item with a similar number was counted"


@pytest.mark.parametrize("mode", MODES)
def test_search_on_a_phone_has_one_box_and_results_first(tab, base, mode):
    page = tab(360, mode)
    search_page(page, base, "[2026]9号")
    wait_for_counts(page)
    boxes = page.eval_on_selector_all("input[type=search]", "es => es.filter(e => e.getClientRects().length"
                                      " && getComputedStyle(e).visibility !== 'hidden').map(e => e.id)")
    assert boxes == ["dc-search-q"], boxes
    assert page.evaluate("document.getElementById('dc-search-panel').open") is False
    assert not page_scrolls_sideways(page)
    screenshot_fold(page, f"phone-search-360-{mode}")
    status = page.evaluate("document.getElementById('dc-search-status').getBoundingClientRect().bottom")
    first = page.evaluate("document.querySelector('#dc-search-results li h2').getBoundingClientRect().bottom")
    if mode == "normal":
        assert status <= FIRST_SCREEN and first <= FIRST_SCREEN, (status, first)
    for found in page.evaluate(LINES, ".dc-r-no"):          # 索引号 breaks only after its slash
        assert breaks_only_after_the_slash(found), found
    # the filters open from their one line, holding only values with results
    page.click("#dc-search-panel > summary")
    assert page.evaluate("document.getElementById('dc-search-panel').open") is True
    offered = [f for f in page.evaluate(FACETS) if f["offered"]]
    assert offered and all(f["count"] not in ("", "（0）") for f in offered)
    page.click("#dc-search-panel > summary")


def test_no_results_line_is_in_the_first_screen(tab, base):
    page = tab(360)
    search_page(page, base, "没有这样的词语组合")
    assert "共找到 0 条结果" in page.inner_text("#dc-search-status")
    assert page.evaluate("document.getElementById('dc-search-status').getBoundingClientRect().bottom") <= FIRST_SCREEN


@pytest.mark.parametrize("mode", ["normal", "large"])
def test_search_at_desktop_width_shows_the_filters(tab, base, mode):
    page = tab(1280, mode)
    search_page(page, base, "预算")
    wait_for_counts(page)
    screenshot_fold(page, f"phone-search-1280-{mode}")
    assert page.evaluate("document.getElementById('dc-search-panel').open") is True
    assert page.is_visible(".dc-facet[data-facet=year] input[type=checkbox]")
    assert not page.is_visible(".md-header #dc-q"), "one search box on the search page"


def screenshot_fold(page, name: str) -> None:
    """The first screen only (what a phone shows before scrolling)."""
    page.evaluate("window.scrollTo(0, 0)")
    from test_accessibility import SCREENSHOTS
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def screenshot_of(page, selector: str, name: str) -> None:
    """One part of the page (the generated tables), as it is laid out at this width."""
    from test_accessibility import SCREENSHOTS
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(selector).first.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


# -- 3. generated tables ------------------------------------------------------------------------

ANNUAL = "pages/annual-reports/2025/"

TABLES = """() => [...document.querySelectorAll('table.dc-annual-table')].map(t => {
  const wrap = t.closest('.dc-table-wrap'), td = t.querySelector('tbody td'), th = t.querySelector('thead th');
  return {border: getComputedStyle(td).borderTopStyle + ' ' + getComputedStyle(td).borderTopWidth,
          head: getComputedStyle(th).backgroundColor, align: getComputedStyle(td).textAlign,
          wide: wrap.scrollWidth > wrap.clientWidth + 1, marked: wrap.hasAttribute('data-dc-overflow'),
          hint: getComputedStyle(wrap, '::before').content, hintShown: getComputedStyle(wrap, '::before').display};
})"""


REPORTS = {"annual": ANNUAL, "unit-report": "units/czj/annual-reports/2025/"}


@pytest.mark.parametrize("report", list(REPORTS))
@pytest.mark.parametrize("width, mode", [(360, m) for m in MODES] + [(1280, "normal"), (1280, "large")])
def test_annual_tables_are_styled_and_readable(tab, base, width, mode, report):
    page = go(tab(width, mode), base, REPORTS[report])
    page.wait_for_timeout(50)            # the overflow marks follow the first frame
    tables = page.evaluate(TABLES)
    assert len(tables) >= 4, "section 二's four tables, and those of sections 三 and 四"
    screenshot_of(page, ".dc-annual-tables", f"phone-{report}-{width}-{mode}")
    screenshot_of(page, ".dc-annual-applications", f"phone-{report}-applications-{width}-{mode}")
    assert not page_scrolls_sideways(page)
    for t in tables:
        assert t["border"].startswith("solid") and t["head"] not in ("rgba(0, 0, 0, 0)", "transparent"), t
        assert t["align"] == "right", "figures line up"
        assert t["marked"] == t["wide"], t
        if t["wide"]:                      # a wide table says it can be swiped
            assert "左右滑动" in t["hint"] and t["hintShown"] == "block", t
        else:
            assert t["hint"] in ("none", "normal"), t
    if width == 1280:
        assert not any(t["wide"] for t in tables)
    if mode == "large" and width == 360:
        assert any(t["wide"] for t in tables), "expected at least one table that must stay wide"


@pytest.mark.parametrize("width, mode", [(360, "normal"), (360, "browser-200"), (1280, "normal")])
def test_supervision_tables_say_when_they_scroll(tab, supervision, width, mode):  # noqa: F811
    page = open_page(tab(width, mode), supervision, "", "supervision")
    page.wait_for_timeout(50)            # the overflow marks follow the load event
    screenshot_of(page, ".dc-table-wrap[data-dc-overflow]" if width == 360 else ".dc-table-wrap",
                  f"phone-supervision-{width}-{mode}")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.dc-table-wrap')].map(b => ({
        wide: b.scrollWidth > b.clientWidth + 1, marked: b.hasAttribute('data-dc-overflow'),
        hint: getComputedStyle(b, '::before').content,
        border: getComputedStyle(b.querySelector('td, th')).borderTopStyle}))""")
    assert boxes and all(b["border"] == "solid" for b in boxes)
    assert all(b["marked"] == b["wide"] and (("左右滑动" in b["hint"]) == b["wide"]) for b in boxes), boxes
    if width == 360:
        assert any(b["wide"] for b in boxes)
    assert not page_scrolls_sideways(page)


# -- 4. no failed request, the HTML sitemap, plain labels ---------------------------------------

def every_page_type(built: Path, cat) -> dict[str, str]:
    interpretation = next(i for i in cat.items if i.interprets)
    abolished = next(i for i in cat.items if i.validity == "废止")
    with_files = next(i for i in cat.items if i.attachments)
    projects = re.findall(r'href="(?:\./)?(p-[^/"]+/)"',
                          (built / "sectors/major-projects/index.html").read_text(encoding="utf-8"))
    return {"portal": "", "categories": "categories/", "category": "categories/regulations/",
            "category-page-2": "categories/regulations/page/2/", "sectors": "sectors/",
            "sector": "sectors/public-resources/", "project": "sectors/major-projects/" + projects[0],
            "units": "units/", "unit": "units/czj/", "years": "years/", "year": "years/2026/",
            "item": with_files.url, "item-abolished": abolished.url, "interpretation": interpretation.url,
            "search": "search/?q=" + quote("预算"), "guide": "pages/guide/", "annual-report": ANNUAL,
            "sitemap": "sitemap/", "apply": "apply/", "apply-form": "apply/form/", "unit-guide": "units/czj/guide/",
            "unit-report": "units/czj/annual-reports/2025/", "annual-reports": "pages/annual-reports/",
            "404": MISSING_URL}


@pytest.mark.parametrize("width, mode", [(360, "normal"), (360, "large"), (1280, "normal")])
def test_no_request_of_the_sites_pages_fails(browser, base, built, cat, width, mode):  # noqa: F811
    context, page = new_context(browser, base, built, width, mode)
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith(MISSING_URL)
            and failed.append(f"{r.status} {r.url}"))
    try:
        for name, path in every_page_type(built, cat).items():
            go(page, base, path)
            page.wait_for_load_state("networkidle")
            assert not failed, f"/{path} ({name}): {failed}"
            assert not page.js_errors, (name, page.js_errors)
    finally:
        context.close()


def test_feed_links_send_the_theme_to_no_sitemap(built):
    """Material fetches sitemap.xml beside every <link rel="alternate">; the feeds are rel="alternate feed"."""
    for path in ("index.html", "categories/regulations/index.html", "units/czj/index.html",
                 "czj/2026/special-fund-measures-2026/index.html"):
        html = (built / path).read_text(encoding="utf-8")
        links = re.findall(r"<link [^>]*application/atom\+xml[^>]*>", html)
        assert links, path
        assert all('rel="alternate feed"' in link for link in links), links
        assert not re.search(r'<link rel="alternate"[ >]', html), path


@pytest.mark.parametrize("width, mode", [(360, "normal"), (360, "large"), (1280, "normal")])
def test_html_sitemap_is_linked_from_the_footer_and_reaches_every_section(tab, base, built, width, mode):
    page = go(tab(width, mode), base, "")
    footer = page.eval_on_selector_all(".dc-footer__links a", "as => as.map(a => [a.textContent, a.getAttribute('href')])")
    assert footer[0][0] == "网站地图" and footer[0][1].rstrip("/").endswith("sitemap"), footer
    assert not any(href.endswith("sitemap.xml") for _, href in footer)
    labels = page.inner_text(".dc-footer__links")
    assert "订阅新信息" in labels and "下载信息目录（表格）" in labels
    assert "订阅（Atom）" not in labels and "数据下载（JSON）" not in labels
    notes = page.eval_on_selector_all(".dc-footer__links li", "lis => lis.map(li => li.querySelector('.dc-footer__note')"
                                      " && li.querySelector('.dc-footer__note').textContent)")
    assert all(notes[1:4]), "the feed and both downloads say in one line what they are"
    page.click(".dc-footer__links a >> text=网站地图")
    page.wait_for_load_state()
    assert page.inner_text("h1") == "网站地图"
    screenshot(page, f"phone-sitemap-{width}-{mode}")
    assert not page_scrolls_sideways(page)
    hrefs = page.eval_on_selector_all("article a[href]", "as => as.map(a => a.href)")
    paths = {unquote(urlsplit(h).path).lstrip("/") for h in hrefs}
    for section in ("categories/", "sectors/", "units/", "years/", "pages/guide/", "search/", "feed.xml",
                    "catalog.csv", "catalog.json", "sitemap.xml", "categories/regulations/", "units/czj/", "apply/"):
        assert section in paths, section
    for path in paths:
        target = built / path
        assert (target / "index.html").is_file() if path.endswith("/") or not path else target.is_file(), path


# -- 5. item pages -------------------------------------------------------------------------------

def addressed_item(cat):
    """An item without a written 内容概述 whose text opens with its addressees (主送机关)."""
    for item in cat.items:
        first = next((c for c in (clean_line(line) for line in item.body.split("\n") if not line.startswith("#")) if c), "")
        if not item.summary and is_salutation(first):
            return item, first
    pytest.fail("the sample content needs an item without 内容概述 that opens with its addressees")


LINES = """(sel) => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length).map(e => {
  const lines = [];
  let last = null;
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.data.length; i++) {
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      const rect = r.getBoundingClientRect();
      if (!rect.width) continue;
      if (last === null || rect.top > last + rect.height / 2) { lines.push(''); last = rect.top; }
      lines[lines.length - 1] += n.data[i];
    }
  }
  const cell = e.closest('td, dd, p, li') || e.parentElement;
  const pad = getComputedStyle(cell);
  const room = cell.clientWidth - parseFloat(pad.paddingLeft) - parseFloat(pad.paddingRight);
  // each part of the number (up to and with its slash) laid out on one line, in the element's font
  const parts = e.textContent.replace(/^[^：]*：/, '').split('/');
  const probe = document.createElement('span');
  probe.style.cssText = 'position: absolute; white-space: nowrap; visibility: hidden';
  e.append(probe);
  const widest = Math.max(...parts.map((p, i) => {
    probe.textContent = p + (i < parts.length - 1 ? '/' : ''); return probe.getBoundingClientRect().width; }));
  probe.remove();
  return {lines, room, widest};
})"""


def breaks_only_after_the_slash(found: dict) -> bool:
    """Lines end at the slash (or after the label 索引号：); a part wider than the line itself (the
    browser's text at 200 % on a phone) is the one case where it must break inside."""
    return found["widest"] > found["room"] + 0.5 or all(line.endswith(("/", "：")) for line in found["lines"][:-1])


@pytest.mark.parametrize("width, mode", [(360, m) for m in MODES] + [(1280, "normal"), (1280, "large")])
def test_item_page_details(tab, base, cat, width, mode):
    item, salutation = addressed_item(cat)
    page = go(tab(width, mode), base, item.url)
    screenshot(page, f"phone-item-{width}-{mode}")
    summary = page.evaluate("[...document.querySelectorAll('table.dc-meta th')].find(th => th.textContent === '内容概述')"
                            ".nextElementSibling.textContent")
    assert summary and not summary.startswith(salutation) and salutation not in summary, summary
    # the index number breaks only after its slash (organisation code / year-serial)
    for found in page.evaluate(LINES, ".dc-meta .dc-index-no"):
        lines = found["lines"]
        assert "".join(lines) == item.index_no
        assert breaks_only_after_the_slash(found), found
        assert len(lines) <= 2 or found["widest"] > found["room"], found
    # 打印本页: shown, prints, and is not printed
    assert page.is_visible("button.dc-print")
    page.evaluate("() => { window.dcPrinted = 0; window.print = () => { window.dcPrinted += 1; }; }")
    page.click("button.dc-print")
    assert page.evaluate("window.dcPrinted") == 1
    assert not page_scrolls_sideways(page)


def test_listing_index_numbers_break_only_after_the_slash(tab, base):
    for width, mode in [(360, "normal"), (360, "large"), (1280, "normal")]:
        page = go(tab(width, mode), base, LISTINGS["category"])
        for found in page.evaluate(LINES, ".dc-list .dc-index-no"):
            assert breaks_only_after_the_slash(found), (width, mode, found)


def test_print_hides_the_tools_and_shows_the_directory_table(tab, base, cat):
    item, _ = addressed_item(cat)
    page = go(tab(1280), base, item.url)
    page.emulate_media(media="print")
    try:
        assert not page.is_visible("button.dc-print")
        assert not page.is_visible(".md-header") and page.is_visible("table.dc-meta")
        screenshot(page, "phone-item-print")
    finally:
        page.emulate_media(media="screen")


def test_interpretation_names_its_policy_as_解读对象(tab, base, cat):
    interpretation = next(i for i in cat.items if i.interprets)
    page = go(tab(360), base, interpretation.url)
    related = page.inner_text(".dc-related")
    assert "解读对象：" in related and "本文解读" not in related
    policy = next(i for i in cat.items if i.index_no == interpretation.interprets)
    assert policy.title in related


@pytest.mark.parametrize("width", [360, 1280])
def test_phone_numbers_and_e_mail_addresses_are_links(tab, base, cat, width):
    page = go(tab(width), base, "units/czj/")
    unit = cat.schema.units["czj"]
    links = dict(page.eval_on_selector_all("dl.dc-contact a", "as => as.map(a => [a.textContent, a.getAttribute('href')])"))
    phone, email = unit.contact["phone"], unit.contact["email"]
    assert links[phone] == "tel:" + re.sub(r"\D", "", phone)
    assert links[email] == "mailto:" + email
    assert unit.contact["fax"] not in links, "a fax number is not a number to call"
    footer = page.eval_on_selector_all(".dc-footer a", "as => as.map(a => a.getAttribute('href'))")
    assert any(h.startswith("tel:") for h in footer) and any(h.startswith("mailto:gk@") for h in footer)


def test_error_report_link_names_the_page(tab, base, cat):
    item, _ = addressed_item(cat)
    page = go(tab(360), base, item.url)
    link = page.locator("a[data-dc-report]")
    assert link.inner_text() == "我为政府网站找错"
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    address = re.search(r"error_report:\s*(\S+)", config).group(1)
    assert link.get_attribute("href").startswith(f"mailto:{address}?subject=")
    # a click hands the mail program the page's address; stop the navigation to mailto:
    page.evaluate("document.addEventListener('click', e => e.preventDefault(), {once: true})")
    link.click()
    href = unquote(link.get_attribute("href"))
    assert "我为政府网站找错" in href and page.url in href and item.title in href


def test_catalogue_downloads_are_listed_with_their_json_keys_in_chinese(built):
    header = (built / "catalog.csv").read_bytes().decode("utf-8-sig").split("\r\n", 1)[0].split(",")
    keys = list(json.loads((built / "catalog.json").read_text(encoding="utf-8"))[0])
    assert len(header) == len(keys) and header[:3] == ["索引号", "标题", "网址"]
