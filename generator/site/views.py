"""Generated pages as data: the portal, the four indexes, the listings, project pages and item chrome.

Each function gathers plain values (titles, counts, relative links) for a
page and renders them with a template of :mod:`.templates`; no markup is
written here. A :class:`Generated` page has a heading and the HTML that goes
above and below it; any runner can also take it as one Markdown document
(:meth:`Generated.markdown`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import NamedTuple

from .. import urls
from ..model.dates import format_cn
from ..model.item import Item
from ..model.markup import heading_text
from ..rules import MEDIA_LABEL
from ..urls import rel, url_of
from .catalogue import Catalogue, Project, project_id
from .templates import render

HOME = ("首页", "")
CATEGORIES = ("法定主动公开内容", urls.CATEGORIES)
SECTORS = ("重点领域", urls.SECTORS)
UNITS = ("发布机构", urls.UNITS)
YEARS = ("按年度", urls.YEARS)
CONTACT_LABELS = (("office", "承办机构"), ("address", "办公地址"), ("hours", "办公时间"), ("phone", "联系电话"),
                  ("fax", "传真"), ("email", "电子邮箱"), ("postcode", "邮政编码"))
# Phone numbers and e-mail addresses inside a contact value: each becomes a tel: or mailto: link.
_PHONE = re.compile(r"\+?\d[\d\-]{5,}\d")     # no spaces: "0471-1234567 0471-7654321" is two numbers
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


@dataclass
class Options:
    page_size: int = 20
    latest_count: int = 10
    search: bool = True
    templates: tuple[str, ...] = ()      # folders whose templates replace the package's
    apply_online: str = ""               # the online channel for applications (mkdocs.yml extra.apply.online)


def front(meta: dict) -> str:
    """A small front-matter block; JSON scalars are valid YAML and need no YAML library here."""
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()] + ["---", ""]
    return "\n".join(lines)


class Deferred(NamedTuple):
    """A template and its values, rendered only when a page is written.

    The values are plain strings, numbers, tuples, lists and dicts, so their
    ``repr`` is a faithful, stable key: a build that finds a page's key
    unchanged reuses the page without rendering it (:func:`generator.site.shells.pour`).
    The templates themselves are in the build's page signature.
    """

    template: str
    values: dict
    overrides: tuple[str, ...] = ()

    def key(self) -> str:
        return repr((self.template, self.values))

    def render(self) -> str:
        return render(self.template, self.overrides, **self.values)


def below(after: str, body: Deferred | None) -> str:
    """The HTML below a page's heading: ``after``, then the deferred ``body`` rendered."""
    if body is None:
        return after
    html = body.render()
    return f"{after}\n{html}" if after else html


@dataclass
class Generated:
    """A generated page: its heading, metadata and ready HTML above and below the heading.

    A runner that can place HTML around the converted text (the MkDocs plugin,
    through the theme's slot) gives Markdown only the heading, so the HTML is
    never re-parsed; :meth:`markdown` is the same page as one complete
    Markdown document for any other runner.
    """

    src_uri: str
    heading: str
    meta: dict = field(default_factory=dict)
    before: str = ""
    after: str = ""
    kind: str = "listing"          # portal, overview, listing, project, sitemap
    body: Deferred | None = None   # a listing's table, below ``after`` (:func:`below`)

    @property
    def url(self) -> str:
        return url_of(self.src_uri)

    def below_heading(self) -> str:
        """All the HTML below the heading, the deferred table rendered."""
        return below(self.after, self.body)

    def markdown(self) -> str:
        return (front({"title": self.heading, **self.meta}) + (self.before + "\n\n" if self.before else "")
                + f"# {heading_text(self.heading)}\n\n" + self.below_heading() + "\n")


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1048576:.1f} MB"


def _trail(page_url: str, trail: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    return [(title, None if url is None else rel(page_url, url)) for title, url in trail]


class Row(NamedTuple):
    """One item in a listing (a tuple: the template reads its fields as attributes, which a dict is not)."""

    index_no: str
    href: str
    title: str
    unit: str
    doc_number: str
    date: str
    validity: str | None


def _rows(items: list[Item], page_url: str) -> list[Row]:
    return [Row(i.index_no, rel(page_url, i.url), i.title, i.unit.name, i.doc_number or "", i.publish_date.isoformat(),
                i.validity) for i in items]


def _pager(base_url: str, page: int, pages: int, page_url: str) -> dict:
    def href(n: int) -> str:
        return rel(page_url, urls.listing_page(base_url, n))

    links: list[tuple[int, str | None]] = []
    for n in range(1, pages + 1):
        if n == page or n in (1, pages) or abs(n - page) <= 2:
            links.append((n, href(n)))
        elif abs(n - page) == 3:
            links.append((n, None))
    return {"page": page, "pages": pages, "links": links, "prev": href(page - 1) if page > 1 else None,
            "next": href(page + 1) if page < pages else None}


# -- listings ----------------------------------------------------------------

def listing_pages(base_url: str, title: str, items: list[Item], opts: Options, *, intro_kind: str = "",
                  intro: dict | None = None, trail: list | None = None, meta: dict | None = None) -> list[Generated]:
    """A paginated listing at ``base_url`` ('categories/budgets/'); pages 2.. go to .../page/N/."""
    size = max(1, opts.page_size)
    pages = max(1, -(-len(items) // size))
    out = []
    for page in range(1, pages + 1):
        page_url = urls.listing_page(base_url, page)
        chunk = items[(page - 1) * size: page * size]
        before = render("_breadcrumb.html", opts.templates, trail=_trail(page_url, trail + [(title, None)])) \
            if trail else ""
        body = Deferred("listing.html", {"intro_kind": intro_kind if page == 1 else "", "intro": intro,
                                         "total": len(items), "rows": _rows(chunk, page_url),
                                         "label": f"{title}信息列表", "pages": _pager(base_url, page, pages, page_url)},
                        opts.templates)
        out.append(Generated(urls.src_of(page_url), title if page == 1 else f"{title}（第 {page} 页）",
                             dict(meta or {}), before, body=body))
    return out


def feed_meta(base_url: str, title: str) -> dict:
    return {"feeds": [{"href": urls.feed(base_url), "title": title}]}


def category_pages(cat: Catalogue, opts: Options, only: Collection[str] | None = None) -> list[Generated]:
    """Every category's listing, or those in ``only`` (ids)."""
    out = []
    schema = cat.schema
    for category in schema.categories.values():
        if only is not None and category.id not in only:
            continue
        base = urls.category(category.id)
        rules = schema.deadline_rules(category)
        related = [c for c in schema.categories.values()
                   if c.id != category.id and (c.id in category.related or category.id in c.related)]
        intro = {"number": category.number, "basis": category.basis,
                 "lead": "、".join(schema.units[u].name for u in category.lead),
                 "deadlines": [rules[-1].span] + [f"{r.name} {r.span}" for r in rules[:-1]],
                 "related": [{"name": c.name, "href": rel(base, urls.category(c.id)), "count": len(cat.by_category[c.id])}
                             for c in related]}
        out += listing_pages(base, category.name, cat.by_category[category.id], opts, intro_kind="category",
                             intro=intro, trail=[HOME, CATEGORIES],
                             meta=feed_meta(base, f"{category.name} 最新信息"))
    return out


def sector_pages(cat: Catalogue, opts: Options, only: Collection[str] | None = None,
                 projects: Collection[str] | None = None) -> list[Generated]:
    """Every key area's listing and major project's page, or those in ``only`` (sector ids) and ``projects``."""
    out = []
    schema = cat.schema
    for sector in schema.sectors.values():
        if only is not None and sector.id not in only:
            continue
        base = urls.sector(sector.id)
        trail = [HOME, SECTORS]
        if sector.parent:
            trail.append((schema.sectors[sector.parent].name, urls.sector(sector.parent)))
        intro = {"children": [{"href": rel(base, urls.sector(c)), "name": schema.sectors[c].name,
                               "count": len(cat.by_sector[c])} for c in sector.children],
                 "projects": [{"href": rel(base, urls.project(sector.id, p.id)), "name": p.name, "count": len(p.items)}
                              for p in cat.projects.values() if p.sector_id == sector.id]}
        out += listing_pages(base, sector.name, cat.by_sector[sector.id], opts, intro_kind="sector", intro=intro,
                             trail=trail, meta=feed_meta(base, f"{sector.name} 最新信息"))
    for project in cat.projects.values():
        if projects is None or project.id in projects:
            out.append(project_page(cat, project, opts))
    return out


def project_page(cat: Catalogue, project: Project, opts: Options) -> Generated:
    sector = cat.schema.sectors[project.sector_id]
    page_url = urls.project(sector.id, project.id)
    trail = [HOME, SECTORS, (sector.name, urls.sector(sector.id)), (project.name, None)]
    groups = [{"name": info_type.name, "label": f"{project.name}{info_type.name}", "rows": _rows(items, page_url)}
              for info_type, items in project.by_info_type(cat.schema)]
    missing = [g["name"] for g in groups if not g["rows"]]
    after = render("project.html", opts.templates, groups=groups, missing=missing,
                   published=len(groups) - len(missing))
    return Generated(urls.src_of(page_url), project.name, {},
                     render("_breadcrumb.html", opts.templates, trail=_trail(page_url, trail)), after, kind="project")


def contact_pieces(key: str, value: str) -> list[dict]:
    """A unit's contact value as pieces of text, numbers of 联系电话 as tel: links, addresses of 电子邮箱 as
    mailto: links (a fax number is not a number to call)."""
    pattern = {"phone": _PHONE, "email": _EMAIL}.get(key)
    if pattern is None:
        return [{"text": value, "href": None}]
    pieces, last = [], 0
    for match in pattern.finditer(value):
        if match.start() > last:
            pieces.append({"text": value[last:match.start()], "href": None})
        found = match.group(0)
        href = "tel:" + re.sub(r"[^\d+]", "", found) if key == "phone" else "mailto:" + found
        pieces.append({"text": found, "href": href})
        last = match.end()
    if last < len(value):
        pieces.append({"text": value[last:], "href": None})
    return pieces


def unit_pages(cat: Catalogue, opts: Options, reports: dict | None = None,
               only: Collection[str] | None = None) -> list[Generated]:
    """Each unit's listing, or those in ``only`` (ids); its first page links the unit's guide and ``reports``
    (unit id -> [(year, url)])."""
    out = []
    for unit in cat.schema.units.values():
        if only is not None and unit.id not in only:
            continue
        base = urls.unit(unit.id)
        county = cat.schema.county_of(unit)
        intro = {"code": unit.code, "county": county.name if county and county.id != unit.id else "",
                 "contact": [{"label": label, "pieces": contact_pieces(key, str(unit.contact[key]))}
                             for key, label in CONTACT_LABELS if unit.contact.get(key)]}
        pages = listing_pages(base, unit.name, cat.by_unit[unit.id], opts, intro_kind="unit", intro=intro,
                              trail=[HOME, UNITS], meta=feed_meta(base, f"{unit.name} 最新信息"))
        mine = (reports or {}).get(unit.id, [])
        if unit.handles_applications or mine:
            pages[0].after = render("unit_links.html", opts.templates,
                                    guide=rel(base, urls.unit_guide(unit.id)) if unit.handles_applications else None,
                                    reports=[{"year": y, "href": rel(base, u)} for y, u in mine])
        out += pages
    return out


def year_pages(cat: Catalogue, opts: Options, only: Collection[int] | None = None) -> list[Generated]:
    """Every year's listing, or those in ``only``."""
    out = []
    for year, items in cat.by_year.items():
        if only is not None and year not in only:
            continue
        out += listing_pages(urls.year(year), f"{year}年发布的信息", items, opts, trail=[HOME, YEARS])
    return out


def _index_entries(cat: Catalogue, page_url: str) -> dict[str, list[dict]]:
    """The four indexes (categories, sectors, units, years) with counts, linked from ``page_url``."""
    schema = cat.schema

    def entry(name: str, url: str, count: int, **more) -> dict:
        return {"name": name, "href": rel(page_url, url), "count": count, **more}

    categories = [entry(c.name, urls.category(c.id), len(cat.by_category[c.id]), number=c.number)
                  for c in schema.categories.values()]
    sectors = [entry(s.name, urls.sector(s.id), len(cat.by_sector[s.id]),
                     children=[entry(schema.sectors[c].name, urls.sector(c), len(cat.by_sector[c])) for c in s.children],
                     projects=[entry(p.name, urls.project(s.id, p.id), len(p.items))
                               for p in cat.projects.values() if p.sector_id == s.id])
               for s in schema.sectors.values() if not s.parent]

    def unit_entries(members) -> list[dict]:
        return [entry(u.name, urls.unit(u.id), len(cat.by_unit[u.id])) for u in members]

    units = [{"name": "市级", "units": unit_entries(u for u in schema.units.values() if u.level == "city")}]
    for gov in schema.county_governments():
        units.append({"name": gov.name, "units": unit_entries(schema.county_members(gov))})
    years = [{"year": y, "href": rel(page_url, urls.year(y)), "count": len(items)} for y, items in cat.by_year.items()]
    return {"categories": categories, "sectors": sectors, "units": units, "years": years}


def overview_pages(cat: Catalogue, opts: Options) -> list[Generated]:
    pages = (("categories", urls.CATEGORIES, "法定主动公开内容"), ("sectors", urls.SECTORS, "重点领域"),
             ("units", urls.UNITS, "发布机构"), ("years", urls.YEARS, "按年度"))
    return [Generated(urls.src_of(base), heading, {}, "",
                      render("overview.html", opts.templates, kind=kind, entries=_index_entries(cat, base)[kind]),
                      kind="overview")
            for kind, base, heading in pages]


def sitemap_page(cat: Catalogue, opts: Options, pages: list[tuple[str, str]]) -> Generated:
    """网站地图 (/sitemap/): every section of the site for people, and the feeds and downloads explained.

    ``pages`` are the content pages as (title, url); one whose URL starts with another's is listed under it.
    The XML sitemap stays for search engines.
    """
    page_url = urls.SITEMAP_PAGE
    ordered = sorted(pages, key=lambda p: p[1])
    tops = [(t, u) for t, u in ordered if not any(u != v and u.startswith(v) for _, v in ordered)]
    content = [{"title": title, "href": rel(page_url, url),
                "children": [{"title": t, "href": rel(page_url, u)} for t, u in ordered if u != url and u.startswith(url)]}
               for title, url in tops]
    html = render("sitemap.html", opts.templates, home=rel(page_url, ""), search=rel(page_url, urls.SEARCH)
                  if opts.search else None, content=content, total=len(cat.items),
                  feed=rel(page_url, urls.FEED), csv=rel(page_url, urls.CATALOG_CSV),
                  json=rel(page_url, urls.CATALOG_JSON), xml=rel(page_url, urls.SITEMAP),
                  overviews={"categories": rel(page_url, urls.CATEGORIES), "sectors": rel(page_url, urls.SECTORS),
                             "units": rel(page_url, urls.UNITS), "years": rel(page_url, urls.YEARS)},
                  **_index_entries(cat, page_url))
    before = render("_breadcrumb.html", opts.templates, trail=_trail(page_url, [HOME, ("网站地图", None)]))
    return Generated(urls.src_of(page_url), "网站地图", {}, before, html, kind="sitemap")


def portal_page(cat: Catalogue, opts: Options, site_name: str, annual_reports: list[tuple[str, str]]) -> Generated:
    schema = cat.schema
    html = render(
        "portal.html", opts.templates, search=opts.search, total=len(cat.items),
        reports=[{"title": title, "href": url} for title, url in annual_reports[:4]],
        categories=[{"name": c.name, "href": urls.category(c.id), "count": len(cat.by_category[c.id])}
                    for c in schema.categories.values()],
        sectors=[{"name": s.name, "href": urls.sector(s.id), "count": len(cat.by_sector[s.id])}
                 for s in schema.sectors.values() if not s.parent],
        latest=[{"title": i.title, "href": i.url, "unit": i.unit.name, "date": i.publish_date.isoformat()}
                for i in cat.items[: opts.latest_count]])
    return Generated("index.md", site_name, {"feeds": [], "hide": ["navigation", "toc"]}, "", html, kind="portal")


# -- item pages ---------------------------------------------------------------

def item_markdown(item: Item) -> str:
    """The Markdown an item page converts: only the item's own text, under its title (escaped: text, not markup)."""
    body = item.body.strip("\n")
    if body.lstrip().startswith("# "):
        return body + "\n"
    return f"# {heading_text(item.title)}\n\n{body}\n"


class ItemChrome(NamedTuple):
    """What goes around an item's text: page metadata and the two deferred templates."""

    meta: dict
    before: Deferred
    after: Deferred

    def key(self) -> str:
        return self.before.key() + "\0" + self.after.key()

    def render(self) -> tuple[str, str]:
        """(before, after) HTML."""
        return self.before.render(), self.after.render()


def item_chrome(item: Item, cat: Catalogue, opts: Options | None = None) -> tuple[dict, str, str]:
    """Page metadata and the HTML placed before and after the item's text (:func:`item_chrome_data`)."""
    chrome = item_chrome_data(item, cat, opts)
    return (chrome.meta, *chrome.render())


def item_chrome_data(item: Item, cat: Catalogue, opts: Options | None = None) -> ItemChrome:
    """Page metadata and the values of the HTML placed before and after the item's text.

    Before: breadcrumb back to the category, the 失效/废止 banner linking the
    replacement, the directory table (公开目录要素). After: attachments with
    type and size, and links between a policy and its interpretations and
    between a document and the one it replaced.
    """
    page_url = item.url
    category_url = urls.category(item.category.id)
    meta = {"title": item.title, "item": True, **feed_meta(category_url, f"{item.category.name} 最新信息")}
    banner = None
    if item.validity in ("失效", "废止"):
        replacement = cat.by_index.get(item.superseded_by) if item.superseded_by else None
        banner = {"validity": item.validity, "css": "abolished" if item.validity == "废止" else "expired",
                  "since": format_cn(item.abolished_date) if item.abolished_date else "",
                  "replacement": {"href": rel(page_url, replacement.url), "title": replacement.title}
                  if replacement is not None else None}
    overrides = (opts or Options()).templates
    before = Deferred("item_before.html", {
        "banner": banner, "meta_rows": _meta_rows(item, cat, page_url), "description": item.description,
        "trail": _trail(page_url, [HOME, CATEGORIES, (item.category.name, category_url), (item.title, None)])},
        overrides)
    attachments = [{"href": rel(page_url, a.rel), "title": a.title,
                    "type": MEDIA_LABEL.get(a.extension, a.extension.upper()), "size": size_text(a.size)}
                   for a in item.attachments]
    related = []
    if item.interprets and item.interprets in cat.by_index:
        policy = cat.by_index[item.interprets]
        related.append({"label": "解读对象", "href": rel(page_url, policy.url), "title": policy.title, "note": ""})
    for other in cat.interpretations.get(item.index_no, []):
        related.append({"label": "政策解读", "href": rel(page_url, other.url), "title": other.title, "note": ""})
    for old in cat.replaces.get(item.index_no, []):
        related.append({"label": "本文件替代", "href": rel(page_url, old.url), "title": old.title,
                        "note": f"已{old.validity or '失效'}"})
    return ItemChrome(meta, before, Deferred("item_after.html", {"attachments": attachments, "related": related},
                                             overrides))


class Cell(NamedTuple):
    """One entry of an item's directory table (a tuple: the template reads its fields as attributes)."""

    label: str
    text: str
    href: str | None = None
    kind: str = "text"


def _meta_rows(item: Item, cat: Catalogue, page_url: str) -> list[list[Cell]]:
    """The directory table's cells, two to a row."""
    def cell(label: str, text: str, href: str | None = None, kind: str = "text") -> Cell:
        return Cell(label, text, href, kind)

    unit = item.unit.name + ("、" + "、".join(u.name for u in item.co_units) if item.co_units else "")
    cells = [
        cell("索引号", item.index_no, kind="index_no"),
        cell("主题分类", item.topic or item.category.name),
        cell("发布机构", unit),
        cell("成文日期", format_cn(item.formation_date)),
        cell("发文字号", item.doc_number or ""),
        cell("发布日期", format_cn(item.publish_date)),
        cell("有效性", item.validity or "", kind="validity"),
        cell("公开类别", item.category.name, rel(page_url, urls.category(item.category.id))),
    ]
    if item.sector is not None:
        cells.append(cell("重点领域", item.sector.name, rel(page_url, urls.sector(item.sector.id))))
    if item.project:
        # Only items of a sector with projects (major-projects) are on a project page; others show the name.
        project = cat.projects.get(project_id(item.project))
        if project is not None and any(other is item for other in project.items):
            cells.append(cell("项目名称", item.project, rel(page_url, urls.project(project.sector_id, project.id))))
        else:
            cells.append(cell("项目名称", item.project))
    if item.info_type is not None:
        cells.append(cell("信息类别", item.info_type.name))
    if item.keywords:
        cells.append(cell("主题词", "、".join(item.keywords)))
    return [cells[i:i + 2] for i in range(0, len(cells), 2)]
