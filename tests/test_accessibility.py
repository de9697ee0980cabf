"""Accessibility and age-friendly reading (issue 6), proven in headless Debian Chromium.

Every page type of the sample site (portal, category listing first and later
page, sector, major project, unit, year, item with table and attachments,
item with a validity banner, search with results, annual report with its
generated tables, 网站地图, 404, supervision, and 依申请公开: /apply/, the
printable form, a unit's guide, a unit's annual report with the tables of
sections 三 and 四, the list of reports) is checked for:

1. zero axe-core violations at WCAG 2.1 A and AA, 1280×900 and 360×800,
   and the colour rules again in high-contrast mode;
2. keyboard use: skip link, visible focus, search box, facets, pagination,
   the 大字版 / 高对比度 switches (aria-pressed, kept across pages);
3. large text (the site's switch at 150 %, the browser's text size at 150 %
   and 200 %) at 360 px: no page-wide horizontal scrolling (wide tables
   scroll in their .dc-table-wrap box), no text outside the viewport, no
   overlapping header controls, no clipped headings or links;
4. high contrast: body text at least 7:1 against its background; line
   height at least 1.5 in both modes;
5. validity, late and missing markers carry words, not only colour;
6. full-page screenshots of every page type at 360 and 1280 px, normal and
   large text, in screenshots/ (SCREENSHOT_DIR overrides) for a person to
   look at; Chinese must be drawn with a CJK font.

axe-core comes from npm (package.json, ``npm ci``) and is injected from
node_modules/axe-core/axe.min.js; nothing is downloaded while the tests run.
Without axe-core or Chromium the tests skip locally and fail under CI=true.
One site build (tests/browser.py, shared with the search tests) and one
browser serve the whole module.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser import PROJECT, browser, build_site, have_chromium, serve, unavailable  # noqa: F401  (fixture)

AXE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or PROJECT / "screenshots")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {1280: 900, 360: 800}
MISSING_URL = "no-such-page/really/"    # any missing address: answered with 404.html, status 404

PAGE_TYPES = ["portal", "category", "category-page-2", "sector", "project", "unit", "year",
              "item", "item-abolished", "search", "annual-report", "sitemap", "404",
              "apply", "apply-form", "unit-guide", "unit-report", "annual-reports"]


# -- the site and its page types ----------------------------------------------------

@pytest.fixture(scope="module")
def built():
    return build_site("pagefind")


@pytest.fixture(scope="module")
def base(built):
    return serve(built)


def _site_path(url: str) -> str:
    return unquote(urlsplit(url).path).lstrip("/")


@pytest.fixture(scope="module")
def targets(built) -> dict[str, str]:
    """Page type -> path on the site, found in the build (so they follow content/)."""
    catalog = json.loads((built / "catalog.json").read_text(encoding="utf-8"))
    items = catalog["items"] if isinstance(catalog, dict) else catalog

    def html(path: str) -> str:
        return (built / path / "index.html").read_text(encoding="utf-8")

    abolished = [_site_path(i["url"]) for i in items if i.get("validity") == "废止"]
    assert abolished, "the sample content needs an item with 有效性: 废止"
    assert "dc-banner" in html(abolished[0]), f"{abolished[0]}: no validity banner"

    def score(path: str) -> int:
        text = html(path)
        body = text.split('class="dc-body', 1)[-1]
        return ("dc-attachments" in text) * 2 + ("<table" in body) * 2 + ("<img" in body)

    with_attachments = sorted((_site_path(i["url"]) for i in items), key=lambda p: (-score(p), p))
    assert score(with_attachments[0]) >= 4, "the sample content needs an item with a table and attachments"

    projects = re.findall(r'href="(?:\./)?(p-[^/"]+/)"', html("sectors/major-projects"))
    assert projects, "no major project linked from /sectors/major-projects/"
    assert (built / "categories/regulations/page/2/index.html").is_file(), \
        "the sample content needs a second page of /categories/regulations/"
    # an annual report with the generated tables of its section 二
    annual_reports = sorted(p.parent.relative_to(built).as_posix() + "/"
                            for p in (built / "pages/annual-reports").glob("*/index.html")
                            if "dc-annual-table" in p.read_text(encoding="utf-8"))
    assert annual_reports, "the sample content needs an annual report with <!-- disclosure:annual-tables -->"

    return {
        "portal": "",
        "category": "categories/regulations/",
        "category-page-2": "categories/regulations/page/2/",
        "sector": "sectors/public-resources/",
        "project": "sectors/major-projects/" + projects[0],
        "unit": "units/czj/",
        "year": "years/2026/",
        "item": with_attachments[0],
        "item-abolished": abolished[0],
        "search": "search/?q=预算",
        "annual-report": annual_reports[0],
        "sitemap": "sitemap/",
        "404": MISSING_URL,
        "apply": "apply/",
        "apply-form": "apply/form/",
        "unit-guide": "units/czj/guide/",
        "unit-report": "units/czj/annual-reports/2025/",
        "annual-reports": "pages/annual-reports/",
    }


# -- browser, contexts, pages -------------------------------------------------------

@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        unavailable(f"{AXE.relative_to(PROJECT)} missing: run `npm ci` at the repository root")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chromium(request):
    if not have_chromium():
        unavailable("Chromium (/usr/bin/chromium) or Playwright missing: make browser-deps")
    return request.getfixturevalue("browser")


INIT = {
    "normal": "",
    "large": "localStorage.setItem('dc-large-text','2');",        # the site's switch at 150 %
    "contrast": "localStorage.setItem('dc-contrast','1');",
}
BROWSER_TEXT = {"browser-150": 24, "browser-200": 32}          # default font size (16 px = 100 %)


def new_context(chromium, base: str, built: Path, width: int, mode: str = "normal"):
    context = chromium.new_context(viewport={"width": width, "height": WIDTHS.get(width, 800)}, locale="zh-CN")
    if INIT.get(mode):
        context.add_init_script("try{localStorage.clear();" + INIT[mode] + "}catch(e){}")
    not_found = (built / "404.html").read_bytes()
    context.route(base + MISSING_URL + "**", lambda route: route.fulfill(
        status=404, body=not_found, content_type="text/html; charset=utf-8"))
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
    if mode in BROWSER_TEXT:
        px = BROWSER_TEXT[mode]
        context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": px, "fixed": px * 13 // 16}})
    return context, page


@pytest.fixture(scope="module")
def tab(chromium, base, built):
    """``tab(width, mode)`` -> one reused page per width and reading mode for the module."""
    opened = {}

    def get(width: int, mode: str = "normal"):
        if (width, mode) not in opened:
            opened[(width, mode)] = new_context(chromium, base, built, width, mode)
        return opened[(width, mode)][1]

    yield get
    for context, _ in opened.values():
        context.close()


@pytest.fixture
def fresh(chromium, base, built):
    """A new context (empty localStorage) for tests that change settings."""
    contexts = []

    def get(width: int = 1280):
        context, page = new_context(chromium, base, built, width)
        contexts.append(context)
        return page

    yield get
    for context in contexts:
        context.close()


def open_page(page, base: str, path: str, name: str | None = None):
    response = page.goto(base + path)
    if name == "404":
        assert response.status == 404
    else:
        assert response.ok, f"/{path}: HTTP {response.status}"
    if name == "search" or path.startswith("search/"):
        page.wait_for_function(
            "document.getElementById('dc-search-status').textContent.match(/共找到/)"
            " && !document.body.hasAttribute('aria-busy')", timeout=20000)
    page.evaluate("document.fonts.ready")
    return page


def run_axe(page, axe_source: str, options: dict) -> list[dict]:
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate("opts => axe.run(document, opts).then(r => r.violations)", options)


def describe(violations: list[dict]) -> str:
    out = []
    for v in violations:
        out.append(f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"][:8]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            out.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(out)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# -- 1. axe-core, and the screenshots at normal text size --------------------------------

@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_wcag21_aa(tab, base, targets, axe_source, name, width):
    page = open_page(tab(width), base, targets[name], name)
    screenshot(page, f"{name}-{width}-normal")
    violations = run_axe(page, axe_source, {"runOnly": {"type": "tag", "values": AXE_TAGS},
                                             "resultTypes": ["violations"]})
    assert not violations, f"/{targets[name]} at {width}px:\n{describe(violations)}"
    assert not page.js_errors, page.js_errors


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_colour_rules_in_high_contrast_mode(tab, base, targets, axe_source, name):
    page = open_page(tab(1280, "contrast"), base, targets[name], name)
    assert page.evaluate("document.documentElement.getAttribute('data-dc-contrast')") == "1"
    violations = run_axe(page, axe_source, {"runOnly": {"type": "rule", "values": [
        "color-contrast", "link-in-text-block"]}, "resultTypes": ["violations"]})
    assert not violations, f"/{targets[name]} in high contrast:\n{describe(violations)}"


def test_chinese_is_drawn_with_a_cjk_font(tab, base):
    page = open_page(tab(1280), base, "")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    used = set()
    for selector in ("h1", ".dc-brand__name", ".md-typeset p"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, selector
        used |= {f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
    cdp.detach()
    cjk = re.compile(r"CJK|Han|Hei|Song|Ming|Kai|WenQuanYi|PingFang|YaHei|Droid Sans Fallback|AR PL", re.I)
    assert any(cjk.search(f) for f in used), \
        f"Chinese text is drawn with {sorted(used)}: install a CJK font (fonts-noto-cjk)"


# -- 2. keyboard only -----------------------------------------------------------------

FOCUS_INFO = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {tag: e.tagName.toLowerCase(), id: e.id, cls: String(e.className), text: (e.textContent || '').trim().slice(0, 30),
          href: e.getAttribute('href'), outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
          boxShadow: s.boxShadow, x: r.x, y: r.y, w: r.width, h: r.height,
          vw: innerWidth, vh: innerHeight, clip: s.clipPath + ' ' + s.clip};
}"""


def tab_to(page, test, limit: int = 200) -> dict:
    """Press Tab until ``test(info)`` holds for the focused element; returns its info."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO)
        if info and test(info):
            return info
        seen.append(info and (info["tag"], info["id"] or info["cls"][:30], info["text"]))
    raise AssertionError(f"not reached with {limit} Tabs; focus went through: {seen[:40]} …")


def focus_visible(info: dict) -> bool:
    return (info["outlineStyle"] not in ("none", "") and info["outlineWidth"] >= 2) or \
        info["boxShadow"] not in ("none", "")


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name", ["portal", "item", "404"])
def test_skip_link_is_first_visible_and_moves_focus_to_the_content(tab, base, targets, name, width):
    page = open_page(tab(width), base, targets[name], name)
    page.keyboard.press("Tab")
    info = page.evaluate(FOCUS_INFO)
    assert info and "md-skip" in info["cls"] and "跳到正文" in info["text"], f"first Tab focused {info}"
    assert info["w"] > 20 and info["h"] > 20, f"skip link not visible when focused: {info}"
    assert 0 <= info["x"] and info["x"] + info["w"] <= info["vw"] and 0 <= info["y"] and \
        info["y"] + info["h"] <= info["vh"], f"skip link outside the viewport: {info}"
    assert focus_visible(info), f"skip link has no visible focus: {info}"
    page.keyboard.press("Enter")
    inside = page.evaluate("() => { const m = document.getElementById('dc-main');"
                           " return !!m && (document.activeElement === m || m.contains(document.activeElement)); }")
    assert inside, f"Enter on the skip link left focus on {page.evaluate(FOCUS_INFO)}"
    nxt = tab_to(page, lambda i: True, 1)
    assert page.evaluate("() => document.getElementById('dc-main').contains(document.activeElement)"), \
        f"the Tab after the skip link went to {nxt}, not into the content"


@pytest.mark.parametrize("name, width", [("portal", 360), ("item", 1280), ("category-page-2", 1280), ("search", 360)])
def test_focus_is_visible_on_every_control(tab, base, targets, name, width):
    page = open_page(tab(width), base, targets[name], name)
    invisible, count = [], 0
    for _ in range(45):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_INFO)
        if info is None:
            break
        count += 1
        if not focus_visible(info):
            invisible.append(info)
        if info["w"] < 2 or info["h"] < 2:
            invisible.append({"hidden control": info})
    assert count > 5
    assert not invisible, "\n".join(map(str, invisible))


@pytest.mark.parametrize("width", list(WIDTHS))
def test_header_search_by_keyboard(fresh, base, targets, width):
    page = open_page(fresh(width), base, targets["item"])
    tab_to(page, lambda i: i["id"] == "dc-q", 10)
    page.keyboard.type("预算")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert unquote(page.url).endswith("/search/?q=预算"), page.url
    open_page(page, "", page.url, "search")   # waits for results
    assert page.locator("#dc-search-results li").count() > 0


def test_facets_by_keyboard(fresh, base, targets):
    page = open_page(fresh(1280), base, targets["search"], "search")
    before = page.inner_text("#dc-search-status")
    info = tab_to(page, lambda i: i["tag"] == "input" and page.evaluate(
        "document.activeElement.type === 'checkbox'"), 60)
    assert focus_visible(info) or page.evaluate(
        "(() => { const l = document.activeElement.closest('label'); if (!l) return false;"
        " const s = getComputedStyle(l); return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; })()"), info
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    page.wait_for_function("s => document.getElementById('dc-search-status').textContent !== s"
                           " && !document.body.hasAttribute('aria-busy')", arg=before, timeout=20000)
    assert re.search(r"[?&](category|sector|unit|year|validity)=", page.url), page.url
    assert page.inner_text("#dc-search-status") != before
    # the collapsed facet groups open with the keyboard too
    summary = tab_to(page, lambda i: i["tag"] == "summary", 60)
    assert focus_visible(summary), summary
    opened = page.evaluate("document.activeElement.parentElement.open")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.parentElement.open") != opened


@pytest.mark.parametrize("width", list(WIDTHS))
def test_pagination_by_keyboard(fresh, base, targets, width):
    page = open_page(fresh(width), base, targets["category"])
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")                     # the skip link: straight to the content
    info = tab_to(page, lambda i: i["tag"] == "a" and page.evaluate("document.activeElement.rel") == "next", 200)
    assert focus_visible(info), info
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/page/2/$"))
    tab_to(page, lambda i: i["tag"] == "a" and page.evaluate("document.activeElement.rel") == "prev", 200)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/categories/regulations/$"))


@pytest.mark.parametrize("width", list(WIDTHS))
def test_reader_switches_by_keyboard_persist_and_announce(fresh, base, targets, width):
    page = open_page(fresh(width), base, targets["portal"])
    text = '.dc-switch--text'
    contrast = '.dc-switch--contrast'
    root = "document.documentElement"
    assert page.get_attribute(text, "aria-pressed") == "false"
    info = tab_to(page, lambda i: "dc-switch--text" in i["cls"], 20)
    assert focus_visible(info), info
    page.keyboard.press("Enter")                                        # 125 %
    assert page.evaluate(f"{root}.getAttribute('data-dc-text')") == "1"
    assert page.get_attribute(text, "aria-pressed") == "true"
    page.keyboard.press("Space")                                        # 150 %
    assert page.evaluate(f"{root}.getAttribute('data-dc-text')") == "2"
    assert page.get_attribute(text, "aria-pressed") == "true"
    assert "150%" in page.inner_text(text)
    big = page.evaluate(f"parseFloat(getComputedStyle({root}).fontSize)")
    assert big >= 1.45 * 20, f"150 % should make the root font at least 29 px, is {big}"
    tab_to(page, lambda i: "dc-switch--contrast" in i["cls"], 3)
    page.keyboard.press("Space")
    assert page.evaluate(f"{root}.getAttribute('data-dc-contrast')") == "1"
    assert page.get_attribute(contrast, "aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"

    open_page(page, base, targets["item"])                              # another page: settings kept
    assert page.evaluate(f"[{root}.getAttribute('data-dc-text'), {root}.getAttribute('data-dc-contrast')]") == ["2", "1"]
    assert page.get_attribute(text, "aria-pressed") == "true"
    assert page.get_attribute(contrast, "aria-pressed") == "true"
    assert page.evaluate("[localStorage.getItem('dc-large-text'), localStorage.getItem('dc-contrast')]") == ["2", "1"]

    tab_to(page, lambda i: "dc-switch--text" in i["cls"], 20)
    page.keyboard.press("Enter")                                        # off
    tab_to(page, lambda i: "dc-switch--contrast" in i["cls"], 3)
    page.keyboard.press("Enter")
    assert page.evaluate(f"[{root}.hasAttribute('data-dc-text'), {root}.hasAttribute('data-dc-contrast')]") == [False, False]
    assert page.get_attribute(text, "aria-pressed") == "false"
    assert page.get_attribute(contrast, "aria-pressed") == "false"
    open_page(page, base, targets["portal"])
    assert page.evaluate(f"[{root}.hasAttribute('data-dc-text'), {root}.hasAttribute('data-dc-contrast')]") == [False, False]


@pytest.mark.parametrize("width", [360])
def test_menu_button_opens_the_drawer_by_keyboard(fresh, base, targets, width):
    page = open_page(fresh(width), base, targets["item"])
    info = tab_to(page, lambda i: "dc-menu-button" in i["cls"], 5)
    assert focus_visible(info), info
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert page.get_attribute(".dc-menu-button", "aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")


# -- 3. large text at 360 px ---------------------------------------------------------------

LAYOUT = r"""() => {
  const vw = document.documentElement.clientWidth, out = {};
  out.scroll = [document.scrollingElement.scrollWidth, innerWidth];
  const shown = e => {
    if (e.closest('.md-sidebar, [hidden], .md-visually-hidden, .md-skip, .md-dialog, .md-search, .md-tooltip, '
                   + '.md-overlay, .md-top, .md-nav, .md-tabs, details:not([open]) > :not(summary)')) return false;
    const s = getComputedStyle(e);
    if (s.visibility === 'hidden' || s.display === 'none') return false;
    // visually hidden for screen readers (the stacked listings' column headings)
    for (let a = e; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).clipPath === 'inset(50%)') return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const scrollBox = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if ((o === 'auto' || o === 'scroll') && a.scrollWidth > a.clientWidth) return a;
    }
    return null;
  };
  const texts = 'a, p, h1, h2, h3, h4, li, td, th, dt, dd, label, button, summary, input, select, span, time, strong, legend';
  out.outside = [];
  for (const e of document.querySelectorAll(texts)) {
    if (!shown(e)) continue;
    const box = scrollBox(e);
    if (box) {
      if (!box.matches('.dc-table-wrap, .md-typeset__scrollwrap, .dc-facet ul'))
        out.outside.push('scrolls inside ' + box.tagName + '.' + box.className + ': ' + e.tagName + ' ' + (e.textContent || '').trim().slice(0, 20));
      continue;
    }
    const r = e.getBoundingClientRect();
    if (r.right > vw + 1 || r.left < -1)
      out.outside.push(`${e.tagName}.${e.className} [${Math.round(r.left)}, ${Math.round(r.right)}] > ${vw}: ${(e.textContent || e.value || '').trim().slice(0, 30)}`);
  }
  out.clipped = [];
  for (const e of document.querySelectorAll('h1, h2, h3, h4, a, button, th, td, label, summary, legend, .dc-brand__name, .dc-index-no, .md-typeset p')) {
    if (!shown(e) || !(e.textContent || '').trim()) continue;
    for (let a = e; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      const hx = s.overflowX === 'hidden' || s.overflowX === 'clip', hy = s.overflowY === 'hidden' || s.overflowY === 'clip';
      if ((hx && a.scrollWidth > a.clientWidth + 1) || (hy && a.scrollHeight > a.clientHeight + 1) || s.textOverflow === 'ellipsis' && a.scrollWidth > a.clientWidth + 1) {
        out.clipped.push(`${e.tagName} "${e.textContent.trim().slice(0, 30)}" clipped by ${a.tagName}.${a.className} (${a.scrollWidth}x${a.scrollHeight} in ${a.clientWidth}x${a.clientHeight})`);
        break;
      }
      if (a.matches('.dc-table-wrap, .md-typeset__scrollwrap')) break;
    }
  }
  const header = [...document.querySelectorAll('.md-header .dc-menu-button, .md-header .dc-brand__emblem, .md-header .dc-brand__name, '
                                               + '.md-header #dc-q, .md-header .dc-search-form button, .md-header .dc-switch')].filter(shown);
  out.headerCount = header.length;
  out.overlaps = [];
  const rects = header.map(e => [e, e.getBoundingClientRect()]);
  for (let i = 0; i < rects.length; i++) {
    const [a, r] = rects[i];
    if (r.right > vw + 1 || r.left < -1) out.overlaps.push(`${a.className || a.id} outside the viewport`);
    for (let j = i + 1; j < rects.length; j++) {
      const [b, q] = rects[j];
      if (Math.min(r.right, q.right) - Math.max(r.left, q.left) > 1 && Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top) > 1)
        out.overlaps.push(`${a.className || a.id} overlaps ${b.className || b.id}`);
    }
  }
  out.indexNumbers = [];
  for (const e of document.querySelectorAll('.dc-index-no, table.dc-list td:first-child')) {
    if (!shown(e)) continue;
    const cell = e.closest('td, th, dd, li, p') || e.parentElement;
    if (e.scrollWidth > cell.clientWidth + 1 || e.getBoundingClientRect().right > cell.getBoundingClientRect().right + 1)
      out.indexNumbers.push(e.textContent.trim());
  }
  return out;
}"""


LARGE_CASES = [(name, mode) for mode in ("large", "browser-200") for name in PAGE_TYPES] + \
    [(name, "browser-150") for name in ("portal", "category", "item", "search")]


@pytest.mark.parametrize("name, mode", LARGE_CASES)
def test_large_text_at_360px_no_page_scroll_no_overlap_no_clipping(tab, base, targets, name, mode):
    page = open_page(tab(360, mode), base, targets[name], name)
    root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    expected = {"large": 20 * 1.5, "browser-150": 20 * 1.5, "browser-200": 20 * 2}[mode]
    assert root >= expected - 0.5, f"root font size {root}px, expected {expected}px in mode {mode}"
    if mode == "large":
        screenshot(page, f"{name}-360-large")
    result = page.evaluate(LAYOUT)
    problems = []
    if result["scroll"][0] > result["scroll"][1] + 1:
        problems.append(f"page scrolls sideways: scrollWidth {result['scroll'][0]} > {result['scroll'][1]}")
    problems += [f"outside the viewport: {x}" for x in result["outside"]]
    problems += [f"clipped: {x}" for x in result["clipped"]]
    problems += [f"header: {x}" for x in result["overlaps"]]
    problems += [f"index number does not wrap: {x}" for x in result["indexNumbers"]]
    # the search page has one search box, its own: the header's is hidden there
    assert result["headerCount"] >= (3 if name == "search" else 5)
    assert not problems, f"/{targets[name]} ({mode}, 360px):\n" + "\n".join(problems[:30])


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_large_text_screenshots_at_1280px(tab, base, targets, name):
    page = open_page(tab(1280, "large"), base, targets[name], name)
    screenshot(page, f"{name}-1280-large")
    result = page.evaluate(LAYOUT)
    assert result["scroll"][0] <= result["scroll"][1] + 1, result["scroll"]
    assert not result["overlaps"], result["overlaps"]
    assert not result["clipped"], result["clipped"]


# -- 4. high contrast and line spacing -----------------------------------------------------

CONTRAST = r"""(selector) => {
  const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const over = (top, below) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + below[i] * (1 - a)).concat([1]); };
  const background = e => {
    const layers = [];
    for (let a = e; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.backgroundImage && s.backgroundImage !== 'none') return {image: a.tagName + '.' + a.className};
      const c = parse(s.backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    for (const c of layers.reverse()) bg = over(c, bg);
    return {bg};
  };
  const out = [];
  for (const e of document.querySelectorAll(selector)) {
    if (e.closest('.md-visually-hidden, [hidden], .md-sidebar, .md-skip')) continue;
    const r = e.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const s = getComputedStyle(e);
    const b = background(e);
    if (b.image) { out.push({text: e.textContent.trim().slice(0, 30), image: b.image}); continue; }
    const fg = over(parse(s.color), b.bg);
    const l1 = lum(fg), l2 = lum(b.bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(s.fontSize), lh = s.lineHeight === 'normal' ? null : parseFloat(s.lineHeight);
    out.push({tag: e.tagName, cls: String(e.className), text: e.textContent.trim().slice(0, 30), color: s.color,
              background: 'rgb(' + b.bg.slice(0, 3).map(Math.round).join(', ') + ')', ratio: Math.round(ratio * 100) / 100,
              size, lineHeight: lh});
  }
  return out;
}"""

TEXT_SELECTOR = ("main p, main li, main td, main th, main dd, main dt, main a, main h1, main h2, main h3, "
                 "main span, main strong, main time, main label, main summary, main legend, main caption, "
                 ".dc-footer a, .dc-footer dd, .dc-footer dt, .dc-footer span, .dc-footer p")


@pytest.mark.parametrize("name", ["item", "item-abolished", "category", "year", "portal", "project", "search",
                                  "apply", "unit-report"])
def test_high_contrast_text_is_at_least_7_to_1(tab, base, targets, name):
    page = open_page(tab(1280, "contrast"), base, targets[name], name)
    found = page.evaluate(CONTRAST, TEXT_SELECTOR)
    assert len(found) > 10
    images = [f for f in found if "image" in f]
    low = [f for f in found if "ratio" in f and f["ratio"] < 7]
    assert not images, f"text over a background image cannot be checked: {images[:5]}"
    assert not low, f"/{targets[name]}: below 7:1 in high contrast:\n" + "\n".join(map(str, low[:20]))


@pytest.mark.parametrize("mode", ["normal", "contrast"])
@pytest.mark.parametrize("name", ["item", "item-abolished", "portal", "category"])
def test_line_spacing_at_least_1_5(tab, base, targets, name, mode):
    page = open_page(tab(1280, mode), base, targets[name], name)
    found = page.evaluate(CONTRAST, ".md-typeset p, .md-typeset li, .md-typeset td, .md-typeset dd")
    assert found
    tight = [f for f in found if "size" in f and (f["lineHeight"] is None or f["lineHeight"] < 1.5 * f["size"] - 0.01)]
    assert not tight, f"/{targets[name]} ({mode}): line height below 1.5:\n" + "\n".join(map(str, tight[:20]))


# -- 5. colour is never the only signal ---------------------------------------------------

def test_markers_carry_words(tab, base, targets, supervision):
    page = tab(1280)
    seen = {"validity": 0, "late": 0, "missing": 0, "banner": 0}
    pages = [(base, targets[name], name) for name in ("category", "year", "item", "item-abolished", "project",
                                                       "portal", "unit")] + [(supervision, "", "supervision")]
    for where, path, name in pages:
        open_page(page, where, path, name)
        marks = page.evaluate("""() => ({
            validity: [...document.querySelectorAll('.dc-validity')].map(e => [e.className, e.textContent.trim()]),
            late: [...document.querySelectorAll('.dc-late')].map(e => e.textContent.trim()),
            missing: [...document.querySelectorAll('.dc-missing')].map(e => e.textContent.trim()),
            banner: [...document.querySelectorAll('.dc-banner')].map(e => [e.className, e.textContent.trim()])})""")
        for cls, text in marks["validity"]:
            assert re.search(r"有效|失效|废止", text), f"{name}: validity badge {cls!r} says {text!r}"
            word = {"valid": "有效", "expired": "失效", "abolished": "废止"}
            kind = re.search(r"dc-validity--(\w+)", cls)
            if kind and kind.group(1) in word:
                assert word[kind.group(1)] in text, (cls, text)
        for text in marks["late"]:
            assert "逾期" in text, f"{name}: late marker says {text!r}"
        for text in marks["missing"]:
            assert "未公开" in text, f"{name}: missing marker says {text!r}"
        for cls, text in marks["banner"]:
            assert re.search(r"已废止|已失效", text), f"{name}: banner {cls!r} says {text!r}"
        for key in seen:
            seen[key] += len(marks[key])
    assert all(seen.values()), f"markers not found on the sample pages: {seen}"


# -- 6. the supervision report (internal, outside the site) ------------------------------------

@pytest.fixture(scope="module")
def supervision(tmp_path_factory):
    """``python -m generator supervision`` into a folder of its own, served apart from the site."""
    out = tmp_path_factory.mktemp("supervision")
    env = dict(os.environ, DISCLOSURE_TODAY="2026-11-27", PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-m", "generator", "supervision", "--out", str(out)], cwd=PROJECT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return serve(out)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_supervision_report_axe(tab, supervision, axe_source, width):
    page = open_page(tab(width), supervision, "", "supervision")
    screenshot(page, f"supervision-{width}-normal")
    violations = run_axe(page, axe_source, {"runOnly": {"type": "tag", "values": AXE_TAGS},
                                             "resultTypes": ["violations"]})
    assert not violations, f"supervision report at {width}px:\n{describe(violations)}"


@pytest.mark.parametrize("mode", ["browser-150", "browser-200"])
def test_supervision_report_large_text_at_360px(tab, supervision, mode):
    page = open_page(tab(360, mode), supervision, "", "supervision")
    screenshot(page, f"supervision-360-{mode}")
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1] + 1, f"the report scrolls sideways at 360px ({mode}): {width}"


def test_supervision_report_contrast(tab, supervision):
    page = open_page(tab(1280), supervision, "", "supervision")
    found = page.evaluate(CONTRAST, "main p, main li, main td, main th, main a, main h1, main h2, main h3, main span")
    low = [f for f in found if "ratio" in f and f["ratio"] < 7]
    assert len(found) > 10 and not low, "\n".join(map(str, low[:20]))
