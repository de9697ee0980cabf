"""Pages poured into page shells: the theme is rendered once, not once per page.

Every item page, and every listing that is not in the navigation, has the
same theme around it: header, tabs, navigation (the page is not in it, so
nothing in it is marked current), footer. Only a few things differ: the title,
the canonical URL, the feed link, the skip link's target, the table of
contents and the content. A runner renders one *shell* per URL depth, kind
of table of contents and presence of a feed, a page whose differing parts are
the markers below, and :class:`Shell` turns it into literal text and holes.
Filling a shell is string joining, far cheaper than a full template render
(docs/performance.md), and relative links stay right because the shell has
the page's depth.

Kinds of table of contents, as the theme decides them (``theme/main.html``):

* ``n``: no headings at all;
* ``a``: one level-1 heading and nothing under it (the sidebar is empty);
* ``b``: anything else (the sidebar lists the headings).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import markupsafe

from ..cache import digest

TITLE = "DCSHELLTITLE"
FEED_HREF = "dcshellfeedhref"
FEED_TITLE = "DCSHELLFEEDTITLE"
SKIP = "#dcshellskip"
TOC = "<!--DCSHELLTOC-->"
CONTENT = '<h1 id="dcshellcontent"></h1>'   # an <h1>, so the theme adds no heading of its own
FOLDER = "dc-shell"
KINDS = ("n", "a", "b")


def toc_kind(tokens: list[dict]) -> str:
    """The kind of table of contents of a page, from its TOC tokens (Markdown's ``toc_tokens``)."""
    if not tokens:
        return "n"
    first = tokens[0]
    return "b" if first.get("level") != 1 or first.get("children") else "a"


def depth_of(url: str) -> int:
    """Folders between the site root and a directory URL: ``a/b/c/`` is 3."""
    return url.count("/")


def shell_src_uri(depth: int, kind: str, feed: bool = True) -> str:
    """Source path of the shell page for a depth (at least 1), TOC kind and feed; its URL has that depth."""
    if depth < 1:
        raise ValueError("a shelled page is at least one folder deep")
    name = kind + ("f" if feed else "")
    if depth == 1:
        return f"{FOLDER}-{name}.md"
    return FOLDER + "/" + "x/" * (depth - 2) + f"{name}.md"


def shell_url(depth: int, kind: str, feed: bool = True) -> str:
    return shell_src_uri(depth, kind, feed)[:-3] + "/"


def shell_toc(kind: str) -> list[dict]:
    """TOC tokens that give a shell page the wanted kind; the skip link points at :data:`SKIP`."""
    if kind == "n":
        return []
    child = [{"level": 2, "id": "dcshellsub", "name": "DCSHELLSUB", "children": []}]
    return [{"level": 1, "id": SKIP[1:], "name": TITLE, "children": child if kind == "b" else []}]


def shell_meta(feed: bool = True) -> dict:
    """Page metadata of a shell page: a marker title and, with ``feed``, one marker feed."""
    return {"title": TITLE, "dc_shell": True, "feeds": [{"href": FEED_HREF, "title": FEED_TITLE}] if feed else []}


@dataclass
class PageParts:
    """What one page puts into a shell."""

    url: str
    title: str
    feed_href: str      # site-root path of the page's own feed ("" without one)
    feed_title: str
    skip: str           # id of the first heading ("" without headings)
    toc_html: str       # the sidebar's navigation (kind "b" only)
    content: str        # e.g. breadcrumb, directory table, text, attachments, related links


class ShellError(ValueError):
    pass


class Shell:
    """A rendered shell page cut into literal text and named holes."""

    def __init__(self, html: str, url: str, kind: str, feed: bool = True):
        self.url, self.kind, self.feed = url, kind, feed
        self.digest = digest(html)
        markers = {TITLE: "title", FEED_HREF: "feed_href", FEED_TITLE: "feed_title", SKIP: "skip",
                   TOC: "toc", CONTENT: "content", url: "url"}
        # Longest first, so that no marker is read as a shorter one.
        pattern = re.compile("|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True)))
        self.parts: list[str] = []
        self.holes: list[str] = []
        last = 0
        for match in pattern.finditer(html):
            self.parts.append(html[last:match.start()])
            self.holes.append(markers[match.group(0)])
            last = match.end()
        self.parts.append(html[last:])
        if self.holes.count("content") != 1:
            raise ShellError(f"页面外壳 {url} 中正文位置出现 {self.holes.count('content')} 次（应为 1 次）：主题改动了正文区块？")
        if kind == "b" and self.holes.count("toc") != 1:
            raise ShellError(f"页面外壳 {url} 中没有目录位置：theme/main.html 缺少 {TOC}？")
        if "title" not in self.holes:
            raise ShellError(f"页面外壳 {url} 中没有标题位置。")
        if feed and "feed_href" not in self.holes:
            raise ShellError(f"页面外壳 {url} 中没有订阅链接位置。")

    def fill(self, page: PageParts) -> str:
        if bool(page.feed_href) != self.feed:
            raise ShellError(f"{page.url}：页面{'有' if page.feed_href else '没有'}订阅，外壳 {self.url} 不符。")
        values = {"title": escape(page.title), "feed_href": page.feed_href, "feed_title": escape(page.feed_title),
                  "skip": "#" + page.skip, "toc": page.toc_html, "content": page.content, "url": page.url}
        out = [self.parts[0]]
        for hole, text in zip(self.holes, self.parts[1:]):
            out.append(values[hole])
            out.append(text)
        return "".join(out)


# -- tables of contents -----------------------------------------------------------------------

_TOC_MARK = re.compile(r"dctoc(\d+)id|DCTOC(\d+)NAME")


class TocRenderer:
    """The sidebar TOC of a page, rendered once per *shape* of headings and filled per page.

    ``render(tokens)`` is the runner's own rendering of a TOC (for MkDocs, the
    theme's ``partials/toc.html``). Pages mostly share a few shapes (levels and
    nesting of their headings), so each shape is rendered once with marker ids
    and titles and cut like a shell. A title is put in as the theme puts it: as
    it is in text, and tag-stripped and escaped in an ``aria-label`` (Jinja's
    ``striptags | e``). tests/test_item_shells.py compares the result with a
    direct rendering for many token lists.
    """

    def __init__(self, render: Callable[[list[dict]], str]):
        self.render = render
        self.cuts: dict[tuple, tuple[list[str], list[tuple[str, int]]]] = {}

    def __call__(self, tokens: list[dict]) -> str:
        flat: list[dict] = []
        shape = _shape(tokens, flat)
        cut = self.cuts.get(shape)
        if cut is None:
            counter = iter(range(len(flat)))
            cut = self.cuts[shape] = self._cut(self.render(_marked(shape, counter)))
        parts, holes = cut
        out = [parts[0]]
        for (kind, n), text in zip(holes, parts[1:]):
            token = flat[n]
            if kind == "id":
                out.append(token["id"])
            elif kind == "label":
                out.append(str(markupsafe.escape(markupsafe.Markup(token["name"]).striptags())))
            else:
                out.append(token["name"])
            out.append(text)
        return "".join(out)

    @staticmethod
    def _cut(html: str) -> tuple[list[str], list[tuple[str, int]]]:
        parts, holes, last = [], [], 0
        for match in _TOC_MARK.finditer(html):
            parts.append(html[last:match.start()])
            if match.group(1) is not None:
                holes.append(("id", int(match.group(1))))
            else:
                label = html.endswith('aria-label="', 0, match.start())
                holes.append(("label" if label else "name", int(match.group(2))))
            last = match.end()
        parts.append(html[last:])
        return parts, holes


def _shape(tokens: list[dict], flat: list[dict]) -> tuple:
    shape = []
    for token in tokens:
        flat.append(token)
        shape.append((token.get("level"), _shape(token.get("children") or [], flat)))
    return tuple(shape)


def _marked(shape: tuple, counter) -> list[dict]:
    out = []
    for level, children in shape:
        n = next(counter)
        out.append({"level": level, "id": f"dctoc{n}id", "name": f"DCTOC{n}NAME",
                    "children": _marked(children, counter)})
    return out


# -- pouring a plan's pages ----------------------------------------------------------------------

def needed(pages) -> list[tuple[int, str, bool]]:
    """The shells a set of shelled pages needs: (URL depth, TOC kind, has a feed), every TOC kind for each."""
    wanted = {(depth_of(page.url), page.item is not None or bool(page.feeds)) for page in pages}
    return [(depth, kind, feed) for depth, feed in sorted(wanted) for kind in KINDS]


def pour(plan, shells: dict, bodies, writer, toc: TocRenderer, signature: str) -> None:
    """Write every shelled page of ``plan``: its shell filled with its title, feed, headings and content.

    ``shells`` maps (depth, TOC kind, feed) to :class:`Shell`; ``bodies`` gives
    each page's converted text and TOC tokens (:class:`generator.site.render.BodyCache`);
    ``signature`` stands for whatever else shapes a page (code, theme, runner
    versions). A page whose ingredients have the same digest as in the
    previous build is not put together again (``writer.write_keyed``).
    """
    shell_digests = "\0".join(f"{key}={shell.digest}" for key, shell in sorted(shells.items()))
    for page in plan.shelled():
        title, feeds, chrome_key, chrome_html = plan.chrome(page)
        url, src_uri = page.url, page.src_uri
        feed = feeds[0] if feeds else {"href": "", "title": ""}
        key = digest(signature, shell_digests, url, title, feed["href"], feed["title"], bodies.path(src_uri),
                     chrome_key)

        def make(url=url, src_uri=src_uri, title=title, feeds=feeds, feed=feed, chrome_html=chrome_html) -> bytes:
            before, after = chrome_html()
            body, tokens = bodies.get(src_uri)
            kind = toc_kind(tokens)
            shell = shells.get((depth_of(url), kind, bool(feeds)))
            if shell is None:
                raise ShellError(f"没有生成 {url} 所需的页面外壳。")
            html = shell.fill(PageParts(url=url, title=title, feed_href=feed["href"], feed_title=feed["title"],
                                        skip=tokens[0]["id"] if tokens else "",
                                        toc_html=toc(tokens) if kind == "b" else "",
                                        content=f"{before}\n{body}\n{after}"))
            return html.encode("utf-8", errors="xmlcharrefreplace")

        writer.write_keyed(url + "index.html", key, make)
