"""The build plan: every page of the site with its kind, what a runner converts and what it puts around it.

A runner (the MkDocs adapter today) takes the plan and turns each page into
output; it decides nothing about pages itself. Two ways to make a page:

* **shelled**: items and the listings out of the navigation. The runner
  converts only their Markdown text (for items, their own text; for
  listings, the heading) and pours the result with ``before``/``after``
  into a page shell (:mod:`.shells`) rendered once per URL depth.
* **rendered**: the portal, the navigation's index pages, the search page
  and the content pages under content/pages/. The runner renders them one
  by one with the theme, ``before``/``after`` around the converted text.

Content pages arrive with an escaped title as their only metadata (themes
print metadata unescaped); their converted HTML must be sanitised
(:func:`generator.model.htmlpolicy.clean`) and then have ``tables`` put back
in place of their placeholder paragraphs.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from typing import NamedTuple

from .. import urls
from ..check.repository import Page as ContentPage
from ..check.repository import Repository
from ..model import htmlpolicy
from ..model.item import Item
from ..model.markup import heading_text
from ..problems import ConfigError
from ..report.annual import annual_tables_for
from . import annual_pages, apply, views
from .catalogue import Catalogue
from .exports import catalogue_csv, catalogue_json, sitemaps
from .feeds import all_feeds
from .form_docx import form_docx

# The pages the navigation of mkdocs.yml names; every other generated page stays out of it.
NAV_PAGES = frozenset({"index.md", "categories/index.md", "sectors/index.md", "units/index.md", "years/index.md",
                       "search/index.md", "apply/index.md"})
ANNUAL_REPORTS = "pages/annual-reports/"
SHELL_FOLDER = "dc-shell"      # the shells' own URLs; no unit folder may start with it
# [text](target.md#anchor) in a content page's Markdown; group 2 is the target, group 3 the anchor.
_MD_LINK = re.compile(r"(\]\()([^()\s#]+\.md)(#[^()\s]*)?\)")


@dataclass
class Page:
    """One page of the site."""

    src_uri: str
    kind: str                      # portal, overview, listing, project, sitemap, item, content, search
    title: str
    markdown: str                  # what the runner converts (a whole document for rendered pages)
    shelled: bool
    in_nav: bool = False
    meta: dict = field(default_factory=dict)
    before: str = ""
    after: str = ""
    tables: dict[str, str] = field(default_factory=dict)     # content pages: placeholder -> generated HTML
    body: views.Deferred | None = None     # shelled listings: their table, rendered below ``after`` when written
    item: Item | None = None
    folder: str | None = None      # content pages: where their images live, when not beside src_uri

    @property
    def html_context(self) -> htmlpolicy.Context:
        """What the sanitiser allows on this page: relative to its URL, images from its folder."""
        return htmlpolicy.Context(page_url=self.url, folder=self.folder if self.folder is not None
                                  else posixpath.dirname(self.src_uri))

    @property
    def url(self) -> str:
        return urls.url_of(self.src_uri)

    @property
    def feeds(self) -> list[dict]:
        return self.meta.get("feeds", [])


class Chrome(NamedTuple):
    """A shelled page's title, feeds and the HTML before and after its text, with a key that
    changes whenever that HTML does (for a deferred template, the key holds its values)."""

    title: str
    feeds: list[dict]
    key: str
    html: Callable[[], tuple[str, str]]


@dataclass
class Plan:
    catalogue: Catalogue
    pages: list[Page]
    sitemap: list[tuple[str, str | None]]        # (url, lastmod) of every public page, sorted
    opts: views.Options
    files: list[tuple[str, bytes]] = field(default_factory=list)    # generated downloads (the application form)

    def shelled(self) -> Iterator[Page]:
        return (page for page in self.pages if page.shelled)

    def rendered(self) -> Iterator[Page]:
        return (page for page in self.pages if not page.shelled)

    def chrome(self, page: Page) -> Chrome:
        """What goes around a shelled page's text; an item's is gathered when asked for (memory) and
        rendered only when :meth:`Chrome.html` is called."""
        if page.item is not None:
            data = views.item_chrome_data(page.item, self.catalogue, self.opts)
            return Chrome(data.meta["title"], data.meta["feeds"], data.key(), data.render)
        before, after, body = page.before, page.after, page.body
        key = f"{before}\0{after}\0{body.key() if body is not None else ''}"
        return Chrome(page.title, page.feeds, key, lambda: (before, views.below(after, body)))

    def outputs(self, site_url: str, feed_size: int, site_name: str) -> list[tuple[str, bytes]]:
        """Feeds, open data and sitemaps: (path under the site, bytes)."""
        cat = self.catalogue
        out = all_feeds(cat, site_url, feed_size, site_name)
        out.append((urls.CATALOG_JSON, catalogue_json(cat, site_url)))
        out.append((urls.CATALOG_CSV, catalogue_csv(cat, site_url)))
        return out + list(self.files) + sitemaps(self.sitemap, site_url)


def page_title(page: ContentPage) -> str:
    """A content page's title as text: its title (or 标题) field, else its first heading, else its path."""
    for entry in page.source.entries:
        if entry.key in ("title", "标题") and isinstance(entry.value, (str, int)):
            return " ".join(str(entry.value).split())
    first = next((line[2:].strip() for line in page.source.body.split("\n") if line.startswith("# ")), None)
    return " ".join((first or page.src_uri).split())


def build_plan(repo: Repository, cat: Catalogue, opts: views.Options, site_name: str,
               search_page: Page | None = None) -> Plan:
    """Every page of the site, in a stable order. Raises ConfigError for a content page the site cannot make."""
    if any(item.src_uri.split("/")[0].startswith(SHELL_FOLDER) for item in cat.items):
        raise ConfigError(f"content/ 下的目录名不能以 {SHELL_FOLDER} 开头（生成器内部使用）。")
    pages = [item_page(item) for item in cat.items]
    reports = reports_of(repo, cat)
    office = cat.schema.units.get(cat.schema.city.get("general_office") or "")
    docx = form_docx(apply.form_data(), office.name if office is not None else "")
    generated = [views.portal_page(cat, opts, site_name, annual_reports(reports))]
    generated += views.overview_pages(cat, opts) + views.category_pages(cat, opts) + views.sector_pages(cat, opts)
    generated += views.unit_pages(cat, opts, reports.links) + views.year_pages(cat, opts)
    generated += apply.apply_pages(cat, opts, len(docx), reports.links)
    generated.append(people_sitemap(repo, cat, opts, reports, [(g.heading, g.url) for g in generated]))
    pages += content_pages(repo, cat, opts, reports, {g.src_uri: g.url for g in generated if _shelled(g)})
    pages += [generated_page(g) for g in generated]
    if search_page is not None:
        pages.append(search_page)
    return Plan(cat, pages, sitemap_of(cat, pages), opts, [(urls.APPLY_FORM_DOCX, docx)])


def people_sitemap(repo: Repository, cat: Catalogue, opts: views.Options, reports: Reports,
                   generated: list[tuple[str, str]]) -> views.Generated:
    """网站地图: the content pages (a unit's report text is published at the report's own address) and the
    依申请公开 pages among ``generated`` (title, URL)."""
    listed = [(page_title(p), urls.url_of(p.src_uri)) for p in repo.pages if p.src_uri not in reports.texts]
    listed += [(title, url) for title, url in generated if url.startswith(urls.APPLY)]
    return views.sitemap_page(cat, opts, listed)


def item_page(item: Item) -> Page:
    """An item's page: shelled, its own text converted, its chrome made when asked for (:meth:`Plan.chrome`)."""
    return Page(item.src_uri, "item", item.title, views.item_markdown(item), shelled=True, item=item)


@dataclass
class Reports:
    """The annual reports under content/pages/: the city's and the units' (:mod:`.annual_pages`)."""

    city: list[tuple[str, str]]     # (title, src_uri)
    units: list                     # annual_pages' unit reports
    texts: set[str]                 # src_uris of the units' report texts (made into report pages, not content pages)
    links: dict                     # unit id -> [(year, url)]


def reports_of(repo: Repository, cat: Catalogue) -> Reports:
    unit_reports = annual_pages.unit_reports(repo.pages, cat.schema)
    texts = {report.text.src_uri for report in unit_reports}
    city = [(page_title(p), p.src_uri) for p in repo.pages if p.src_uri.startswith(ANNUAL_REPORTS)
            and not p.src_uri.endswith("index.md") and p.src_uri not in texts]
    return Reports(city, unit_reports, texts, annual_pages.report_links(unit_reports))


def annual_reports(reports: Reports) -> list[tuple[str, str]]:
    """(title, URL) of the city's annual reports, newest URL first (the portal lists them)."""
    listed = sorted((title, urls.url_of(src_uri)) for title, src_uri in reports.city)
    return sorted(listed, key=lambda r: r[1], reverse=True)


def content_pages(repo: Repository, cat: Catalogue, opts: views.Options, reports: Reports,
                  generated: dict[str, str]) -> list[Page]:
    """The pages under content/pages/ and the units' annual reports, their tables made from the catalogue.

    Links from them to items, units' report texts and generated pages (``generated``: source path -> URL of
    the shelled ones) go to those pages' URLs: none of them is a file MkDocs knows under that name."""
    targets = {item.src_uri: item.url for item in cat.items} | {r.text.src_uri: r.url for r in reports.units}
    targets |= generated
    pages = []
    for page in repo.pages:
        if page.src_uri in reports.texts:
            continue
        try:
            report_list = annual_pages.report_list_html(reports.city, reports.units, cat.schema,
                                                        urls.url_of(page.src_uri), opts.templates) \
                if "disclosure:annual-report-list" in page.source.body else None
            body, tables = annual_tables_for(page.source.body, cat, repo.calendar, opts.templates, report_list)
        except ConfigError as exc:
            raise ConfigError(f"{page.source.rel}：{exc}") from None
        markdown = views.front({"title": escape(page_title(page))}) + _link_items(body, page.src_uri, targets)
        pages.append(Page(page.src_uri, "content", page_title(page), markdown, shelled=False, tables=tables))
    for report in reports.units:
        try:
            body, tables = annual_pages.report_markdown(report, cat, repo.calendar, opts.templates)
        except ConfigError as exc:
            raise ConfigError(f"{report.text.source.rel}：{exc}") from None
        markdown = views.front({"title": escape(report.title)}) + _link_items(body, report.src_uri, targets)
        pages.append(Page(report.src_uri, "content", report.title, markdown, shelled=False, tables=tables,
                          folder=posixpath.dirname(report.text.src_uri)))
    return pages


def generated_page(g: views.Generated) -> Page:
    """A generated page (portal, index, listing, project, apply) as a page of the plan."""
    shelled = _shelled(g)
    # A shelled page's deferred table is rendered only if the page is written (Plan.chrome).
    return Page(g.src_uri, g.kind, g.heading, f"# {heading_text(g.heading)}\n", shelled=shelled,
                in_nav=g.src_uri in NAV_PAGES, meta=g.meta, before=g.before,
                after=g.after if shelled else g.below_heading(), body=g.body if shelled else None)


def sitemap_of(cat: Catalogue, pages: list[Page]) -> list[tuple[str, str | None]]:
    """(URL, last modification) of every item and every other page, sorted."""
    entries: list[tuple[str, str | None]] = [(item.url, item.publish_date.isoformat()) for item in cat.items]
    return sorted(entries + [(page.url, None) for page in pages if page.item is None])


def _shelled(g: views.Generated) -> bool:
    """Pages with nothing of their own in the theme (no navigation state, at most one feed) go in a shell."""
    return g.src_uri not in NAV_PAGES and len(g.meta.get("feeds", [])) <= 1 and set(g.meta) <= {"feeds"}


def _link_items(markdown: str, src_uri: str, targets: dict[str, str]) -> str:
    """Links from a content page to a .md whose page is made elsewhere (an item, a unit's report text, a
    generated page) go to that page's URL (``targets``: source path -> URL)."""
    folder, page_url = posixpath.dirname(src_uri), urls.url_of(src_uri)

    def link(match: re.Match) -> str:
        target = targets.get(posixpath.normpath(posixpath.join(folder, match.group(2))))
        if target is None:
            return match.group(0)
        return f"{match.group(1)}{urls.rel(page_url, target)}{match.group(3) or ''})"

    return _MD_LINK.sub(link, markdown)
