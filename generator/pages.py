"""Generated pages: the portal, the listings and the item pages, as Markdown with HTML.

Plain Python: each function returns ``(src_uri, markdown)`` pairs that any
runner can render; the MkDocs plugin turns them into generated files. URLs
are directory URLs (``categories/budgets/page/2/``) and every link is made
relative to the page that holds it, so the site works under any base path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from .catalogue import Catalogue, Project, project_id
from .dates import format_cn
from .item import Item
from .markup import heading_text, rel, url_of

VALIDITY_CLASS = {"有效": "valid", "失效": "expired", "废止": "abolished"}
MEDIA_LABEL = {"pdf": "PDF", "ofd": "OFD", "doc": "Word", "docx": "Word", "xls": "Excel", "xlsx": "Excel",
               "wps": "WPS 文字", "et": "WPS 表格", "png": "图片", "jpg": "图片", "jpeg": "图片", "svg": "图片",
               "mp3": "音频", "mp4": "视频"}


@dataclass
class Options:
    page_size: int = 20
    latest_count: int = 10
    search: bool = True


def front(meta: dict) -> str:
    """A small front-matter block; JSON scalars are valid YAML and need no YAML library here."""
    lines = ["---"] + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()] + ["---", ""]
    return "\n".join(lines)


@dataclass
class Generated:
    """A generated page: its heading, metadata and ready HTML above and below the heading.

    A runner that can place HTML around the converted text (the MkDocs plugin,
    through page.meta and the theme) gives Markdown only the heading, so the
    HTML is never re-parsed; :meth:`markdown` is the same page as one complete
    Markdown document for any other runner. Unpacks as ``(src_uri, markdown)``.
    """

    src_uri: str
    heading: str
    meta: dict
    before: str = ""
    after: str = ""

    def markdown(self) -> str:
        return (front({"title": self.heading, **self.meta}) + (self.before + "\n\n" if self.before else "")
                + f"# {escape(self.heading)}\n\n" + self.after + "\n")

    def __iter__(self):
        yield self.src_uri
        yield self.markdown()


def validity_badge(value: str | None) -> str:
    if not value:
        return ""
    return f'<span class="dc-validity dc-validity--{VALIDITY_CLASS[value]}">{escape(value)}</span>'


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1048576:.1f} MB"


# -- listings ----------------------------------------------------------------

def listing_table(items: list[Item], page_url: str, label: str) -> str:
    rows = []
    for item in items:
        rows.append(
            "<tr>"
            f'<td class="dc-index-no">{escape(item.index_no)}</td>'
            f'<td><a href="{rel(page_url, item.url)}">{escape(item.title)}</a></td>'
            f"<td>{escape(item.unit.name)}</td>"
            f"<td>{escape(item.doc_number or '')}</td>"
            f'<td><time datetime="{item.publish_date.isoformat()}">{item.publish_date.isoformat()}</time></td>'
            f"<td>{validity_badge(item.validity)}</td>"
            "</tr>")
    if not rows:
        return '<p class="dc-empty">暂无信息。</p>'
    return (f'<div class="dc-table-wrap" role="region" aria-label="{escape(label)}" tabindex="0">'
            '<table class="dc-list"><caption class="md-visually-hidden">' + escape(label) + "</caption>"
            "<thead><tr><th scope=\"col\">索引号</th><th scope=\"col\">标题</th><th scope=\"col\">发布机构</th>"
            "<th scope=\"col\">发文字号</th><th scope=\"col\">发布日期</th><th scope=\"col\">有效性</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table></div>")


def pager(base_url: str, page: int, pages: int, page_url: str) -> str:
    if pages <= 1:
        return ""

    def href(n: int) -> str:
        return rel(page_url, base_url if n == 1 else f"{base_url}page/{n}/")

    parts = ['<nav class="dc-pager" aria-label="分页">']
    if page > 1:
        parts.append(f'<a rel="prev" href="{href(page - 1)}">上一页</a>')
    parts.append("<ol>")
    for n in range(1, pages + 1):
        if n == page:
            parts.append(f'<li><span aria-current="page">第 {n} 页</span></li>')
        elif n in (1, pages) or abs(n - page) <= 2:
            parts.append(f'<li><a href="{href(n)}" aria-label="第 {n} 页">{n}</a></li>')
        elif abs(n - page) == 3:
            parts.append('<li aria-hidden="true">…</li>')
    parts.append("</ol>")
    parts.append(f'<span class="dc-pager-status">第 {page} / {pages} 页</span>')
    if page < pages:
        parts.append(f'<a rel="next" href="{href(page + 1)}">下一页</a>')
    parts.append("</nav>")
    return "".join(parts)


def breadcrumb(page_url: str, trail: list[tuple[str, str | None]]) -> str:
    parts = ['<nav class="dc-breadcrumb" aria-label="面包屑"><ol>']
    for title, url in trail:
        if url is None:
            parts.append(f'<li aria-current="page">{escape(title)}</li>')
        else:
            parts.append(f'<li><a href="{rel(page_url, url)}">{escape(title)}</a></li>')
    parts.append("</ol></nav>")
    return "".join(parts)


def listing_pages(base_src: str, title: str, items: list[Item], opts: Options, *, intro: str = "",
                  trail: list | None = None, meta: dict | None = None) -> list[Generated]:
    """A paginated listing: base_src is 'categories/budgets/' and pages go to .../page/N/index.md."""
    size = max(1, opts.page_size)
    pages = max(1, -(-len(items) // size))
    out = []
    for page in range(1, pages + 1):
        src = f"{base_src}index.md" if page == 1 else f"{base_src}page/{page}/index.md"
        page_url = url_of(src)
        chunk = items[(page - 1) * size: page * size]
        heading = title if page == 1 else f"{title}（第 {page} 页）"
        before = breadcrumb(page_url, trail + [(title, None)]) if trail else ""
        after = [intro] if intro and page == 1 else []
        after.append(f'<p class="dc-count-line">共 {len(items)} 条信息，按发布日期从新到旧排列。</p>')
        after.append(listing_table(chunk, page_url, f"{title}信息列表"))
        after.append(pager(base_src, page, pages, page_url))
        out.append(Generated(src, heading, dict(meta or {}), before, "\n".join(after)))
    return out


HOME = ("首页", "")
CATEGORIES = ("法定主动公开内容", "categories/")
SECTORS = ("重点领域", "sectors/")
UNITS = ("发布机构", "units/")
YEARS = ("按年度", "years/")


def feed_meta(path: str, title: str) -> dict:
    return {"feeds": [{"href": path, "title": title}]}


def category_pages(cat: Catalogue, opts: Options) -> list[Generated]:
    out = []
    for category in cat.schema.categories.values():
        lead = "、".join(cat.schema.units[u].name for u in category.lead)
        intro = (f'<p class="dc-intro">条例第二十条第（{category.number}）项。'
                 + (f"牵头单位：{escape(lead)}。" if lead else "")
                 + f"公开时限：{category.deadline_days} 个工作日"
                 + (f"（行政决定 {category.decision_deadline_days} 个工作日）" if category.decision_deadline_days else "")
                 + f'。<a class="dc-feed-link" href="feed.xml">订阅本类信息（Atom）</a></p>')
        out += listing_pages(f"categories/{category.id}/", category.name, cat.by_category[category.id], opts,
                             intro=intro, trail=[HOME, CATEGORIES],
                             meta=feed_meta(f"categories/{category.id}/feed.xml", f"{category.name} 最新信息"))
    return out


def sector_pages(cat: Catalogue, opts: Options) -> list[Generated]:
    out = []
    schema = cat.schema
    for sector in schema.sectors.values():
        trail = [HOME, SECTORS]
        if sector.parent:
            parent = schema.sectors[sector.parent]
            trail.append((parent.name, f"sectors/{parent.id}/"))
        intro_parts = []
        if sector.children:
            links = "".join(f'<li><a href="../{c}/">{escape(schema.sectors[c].name)}</a>'
                            f'（{len(cat.by_sector[c])}）</li>' for c in sector.children)
            intro_parts.append(f'<ul class="dc-subareas">{links}</ul>')
        projects = [p for p in cat.projects.values() if p.sector_id == sector.id]
        if projects:
            links = "".join(f'<li><a href="{p.id}/">{escape(p.name)}</a>（{len(p.items)} 条）</li>' for p in projects)
            intro_parts.append(f'<h2>项目</h2><ul class="dc-projects">{links}</ul>')
        intro_parts.append('<p><a class="dc-feed-link" href="feed.xml">订阅本领域信息（Atom）</a></p>')
        out += listing_pages(f"sectors/{sector.id}/", sector.name, cat.by_sector[sector.id], opts,
                             intro="\n".join(intro_parts), trail=trail,
                             meta=feed_meta(f"sectors/{sector.id}/feed.xml", f"{sector.name} 最新信息"))
    for project in cat.projects.values():
        out.append(project_page(cat, project))
    return out


def project_page(cat: Catalogue, project: Project) -> Generated:
    sector = cat.schema.sectors[project.sector_id]
    src = f"sectors/{sector.id}/{project.id}/index.md"
    page_url = url_of(src)
    before = breadcrumb(page_url, [HOME, SECTORS, (sector.name, f"sectors/{sector.id}/"), (project.name, None)])
    groups = project.by_info_type(cat.schema)
    missing = [t.name for t, items in groups if not items]
    published = len(groups) - len(missing)
    after = [f'<p class="dc-count-line">八类信息已公开 {published} 类'
             + (f"，未公开 {len(missing)} 类：{escape('、'.join(missing))}" if missing else "") + "。</p>"]
    for n, (info_type, items) in enumerate(groups, start=1):
        after.append(f'<h2 id="type-{n}">{escape(info_type.name)}</h2>')
        if items:
            after.append(listing_table(items, page_url, f"{project.name}{info_type.name}"))
        else:
            after.append('<p class="dc-missing"><strong>未公开</strong>：本项目尚未发布此类信息。</p>')
    return Generated(src, project.name, {}, before, "\n".join(after))


def unit_pages(cat: Catalogue, opts: Options) -> list[Generated]:
    out = []
    labels = (("office", "承办机构"), ("address", "办公地址"), ("hours", "办公时间"), ("phone", "联系电话"),
              ("fax", "传真"), ("email", "电子邮箱"), ("postcode", "邮政编码"))
    for unit in cat.schema.units.values():
        rows = "".join(f"<dt>{label}</dt><dd>{escape(unit.contact[key])}</dd>"
                       for key, label in labels if unit.contact.get(key))
        county = cat.schema.county_of(unit)
        intro = (f'<dl class="dc-contact"><dt>机构代码</dt><dd>{escape(unit.code)}</dd>'
                 + (f"<dt>所属旗县区</dt><dd>{escape(county.name)}</dd>" if county and county.id != unit.id else "")
                 + rows + "</dl>"
                 + '<p><a class="dc-feed-link" href="feed.xml">订阅本单位信息（Atom）</a></p>')
        out += listing_pages(f"units/{unit.id}/", unit.name, cat.by_unit[unit.id], opts, intro=intro,
                             trail=[HOME, UNITS],
                             meta=feed_meta(f"units/{unit.id}/feed.xml", f"{unit.name} 最新信息"))
    return out


def year_pages(cat: Catalogue, opts: Options) -> list[Generated]:
    out = []
    for year, items in cat.by_year.items():
        out += listing_pages(f"years/{year}/", f"{year}年发布的信息", items, opts, trail=[HOME, YEARS])
    return out


def overview_pages(cat: Catalogue) -> list[Generated]:
    schema = cat.schema
    cats = "".join(f'<li><a href="{c.id}/">（{c.number}）{escape(c.name)}</a> <span class="dc-count">{len(cat.by_category[c.id])} 条</span></li>'
                   for c in schema.categories.values())
    sectors = []
    for s in schema.sectors.values():
        if s.parent:
            continue
        children = "".join(f'<li><a href="{c}/">{escape(schema.sectors[c].name)}</a> <span class="dc-count">{len(cat.by_sector[c])} 条</span></li>'
                           for c in s.children)
        sectors.append(f'<li><a href="{s.id}/">{escape(s.name)}</a> <span class="dc-count">{len(cat.by_sector[s.id])} 条</span>'
                       + (f"<ul>{children}</ul>" if children else "") + "</li>")
    city_units = [u for u in schema.units.values() if u.level == "city"]
    county_govs = [u for u in schema.units.values() if u.level == "county" and u.county == u.id]

    def unit_li(u, prefix=""):
        return f'<li><a href="{prefix}{u.id}/">{escape(u.name)}</a> <span class="dc-count">{len(cat.by_unit[u.id])} 条</span></li>'

    units = ["<h2>市级</h2><ul class=\"dc-unit-list\">" + "".join(unit_li(u) for u in city_units) + "</ul>"]
    for gov in county_govs:
        members = [u for u in schema.units.values() if u.county == gov.id]
        units.append(f"<h2>{escape(gov.name)}</h2><ul class=\"dc-unit-list\">" + "".join(unit_li(u) for u in members) + "</ul>")
    years = "".join(f'<li><a href="{y}/">{y}年</a> <span class="dc-count">{len(items)} 条</span></li>'
                    for y, items in cat.by_year.items())
    return [
        Generated("categories/index.md", "法定主动公开内容", {}, "",
                  "<p>按《中华人民共和国政府信息公开条例》第二十条的十五类主动公开内容分类。</p>\n"
                  f'<ul class="dc-category-list">{cats}</ul>'),
        Generated("sectors/index.md", "重点领域", {}, "", f'<ul class="dc-sector-list">{"".join(sectors)}</ul>'),
        Generated("units/index.md", "发布机构", {}, "", "\n".join(units)),
        Generated("years/index.md", "按年度", {}, "", f'<ul class="dc-year-list">{years}</ul>'),
    ]


def portal_page(cat: Catalogue, opts: Options, site_name: str, annual_reports: list[tuple[str, str]]) -> Generated:
    schema = cat.schema
    cats = "".join(f'<li><a href="categories/{c.id}/">{escape(c.name)}</a> <span class="dc-count">{len(cat.by_category[c.id])}<span class="md-visually-hidden"> 条</span></span></li>'
                   for c in schema.categories.values())
    sectors = "".join(f'<li><a href="sectors/{s.id}/">{escape(s.name)}</a> <span class="dc-count">{len(cat.by_sector[s.id])}<span class="md-visually-hidden"> 条</span></span></li>'
                      for s in schema.sectors.values() if not s.parent)
    latest = "".join(f'<li><a href="{item.url}">{escape(item.title)}</a> <span class="dc-latest-meta">{escape(item.unit.name)} · '
                     f'<time datetime="{item.publish_date.isoformat()}">{item.publish_date.isoformat()}</time></span></li>'
                     for item in cat.items[: opts.latest_count])
    reports = "".join(f'<li><a href="{url}">{escape(title)}</a></li>' for title, url in annual_reports[:4])
    search = ('<form class="dc-portal-search" role="search" action="search/" method="get">'
              '<label for="dc-portal-q">检索政府信息</label>'
              '<input id="dc-portal-q" name="q" type="search" placeholder="输入标题、文号、索引号或正文中的词语">'
              '<button type="submit">检索</button></form>') if opts.search else ""
    html = f"""<div class="dc-portal">
{search}
<div class="dc-columns">
<section class="dc-card"><h2><a href="pages/guide/">政府信息公开指南</a></h2><p>公开的分类、获取方式、申请程序、办理时限和联系方式。</p></section>
<section class="dc-card"><h2><a href="pages/rules/">政府信息公开制度</a></h2><p>主动公开、依申请公开、保密审查、政策解读和考核等制度。</p></section>
<section class="dc-card"><h2><a href="categories/">法定主动公开内容</a></h2><p>条例第二十条规定的十五类信息，共 {len(cat.items)} 条。</p></section>
<section class="dc-card"><h2><a href="pages/annual-reports/">政府信息公开年报</a></h2><ul>{reports}</ul></section>
</div>
<section aria-labelledby="dc-h-cats"><h2 id="dc-h-cats">主动公开内容分类</h2><ul class="dc-categories">{cats}</ul></section>
<section aria-labelledby="dc-h-sectors"><h2 id="dc-h-sectors">重点领域</h2><ul class="dc-sectors">{sectors}</ul></section>
<section aria-labelledby="dc-h-latest"><h2 id="dc-h-latest">最新信息</h2><ul class="dc-latest">{latest}</ul>
<p><a href="years/">按年度浏览全部信息</a> · <a class="dc-feed-link" href="feed.xml">订阅（Atom）</a> · <a href="catalog.csv">下载目录（CSV）</a></p></section>
</div>
"""
    return Generated("index.md", site_name, {"feeds": [], "hide": ["navigation", "toc"]}, "", html)


# -- item pages ---------------------------------------------------------------

def item_markdown(item: Item) -> str:
    """The Markdown MkDocs converts for an item page: only the item's own text, under its title."""
    body = item.body.strip("\n")
    if body.lstrip().startswith("# "):
        return body + "\n"
    return f"# {heading_text(item.title)}\n\n{body}\n"


def item_chrome(item: Item, cat: Catalogue) -> tuple[dict, str, str]:
    """Page metadata and the ready HTML placed before and after the item's text by the theme.

    Before: breadcrumb back to the category, the 失效/废止 banner linking the
    replacement, the directory table (公开目录要素). After: attachments with
    type and size, and links between a policy and its interpretations and
    between a document and the one it replaced.
    """
    page_url = item.url
    meta = {"title": item.title, "item": True, "feeds": [
        {"href": f"categories/{item.category.id}/feed.xml", "title": f"{item.category.name} 最新信息"}]}
    before = [breadcrumb(page_url, [HOME, CATEGORIES, (item.category.name, f"categories/{item.category.id}/"),
                                    (item.title, None)])]
    if item.validity in ("失效", "废止"):
        replacement = cat.by_index.get(item.superseded_by) if item.superseded_by else None
        when = f"（{format_cn(item.abolished_date)}起）" if item.abolished_date else ""
        text = f"【已{item.validity}】本文件已{item.validity}{when}，仅供查阅。"
        if replacement is not None:
            text += f'现行文件：<a href="{rel(page_url, replacement.url)}">{escape(replacement.title)}</a>。'
        css = "abolished" if item.validity == "废止" else "expired"
        before.append(f'<div class="dc-banner dc-banner--{css}" role="note">{text}</div>')
    before.append(meta_table(item, cat, page_url))
    after = []
    if item.attachments:
        lis = "".join(
            f'<li><a href="{escape(rel(page_url, a.rel))}" download>{escape(a.title)}</a> '
            f'<span class="dc-file-type">{MEDIA_LABEL.get(a.extension, a.extension.upper())}</span> '
            f'<span class="dc-file-size">{size_text(a.size)}</span></li>' for a in item.attachments)
        after.append(f'<section class="dc-attachments" aria-labelledby="dc-h-att"><h2 id="dc-h-att">附件</h2><ul>{lis}</ul></section>')
    related = []
    if item.interprets and item.interprets in cat.by_index:
        policy = cat.by_index[item.interprets]
        related.append(f'<li>本文解读：<a href="{rel(page_url, policy.url)}">{escape(policy.title)}</a></li>')
    for other in cat.interpretations.get(item.index_no, []):
        related.append(f'<li>政策解读：<a href="{rel(page_url, other.url)}">{escape(other.title)}</a></li>')
    for old in cat.replaces.get(item.index_no, []):
        related.append(f'<li>本文件替代：<a href="{rel(page_url, old.url)}">{escape(old.title)}</a>（已{escape(old.validity or "失效")}）</li>')
    if related:
        after.append(f'<section class="dc-related" aria-labelledby="dc-h-rel"><h2 id="dc-h-rel">相关信息</h2><ul>{"".join(related)}</ul></section>')
    return meta, "\n".join(before), "\n".join(after)


def meta_table(item: Item, cat: Catalogue, page_url: str) -> str:
    unit = item.unit.name + ("、" + "、".join(u.name for u in item.co_units) if item.co_units else "")
    cells = [
        ("索引号", f'<span class="dc-index-no">{escape(item.index_no)}</span>'),
        ("主题分类", escape(item.topic or item.category.name)),
        ("发布机构", escape(unit)),
        ("成文日期", format_cn(item.formation_date)),
        ("发文字号", escape(item.doc_number or "")),
        ("发布日期", format_cn(item.publish_date)),
        ("有效性", validity_badge(item.validity) or "—"),
        ("公开类别", f'<a href="{rel(page_url, "categories/" + item.category.id + "/")}">{escape(item.category.name)}</a>'),
    ]
    if item.sector is not None:
        cells.append(("重点领域", f'<a href="{rel(page_url, "sectors/" + item.sector.id + "/")}">{escape(item.sector.name)}</a>'))
    if item.project:
        # Only items of a sector with projects (major-projects) are on a project page; others show the name.
        project = cat.projects.get(project_id(item.project))
        if project is not None and any(other is item for other in project.items):
            cells.append(("项目名称", f'<a href="{rel(page_url, "sectors/" + project.sector_id + "/" + project.id + "/")}">{escape(item.project)}</a>'))
        else:
            cells.append(("项目名称", escape(item.project)))
    if item.info_type is not None:
        cells.append(("信息类别", escape(item.info_type.name)))
    if item.keywords:
        cells.append(("主题词", escape("、".join(item.keywords))))
    rows = []
    for i in range(0, len(cells), 2):
        pair = cells[i:i + 2]
        rows.append("<tr>" + "".join(f'<th scope="row">{label}</th><td>{value}</td>' for label, value in pair)
                    + ("<td></td><td></td>" if len(pair) == 1 else "") + "</tr>")
    rows.append(f'<tr><th scope="row">内容概述</th><td colspan="3">{escape(item.description)}</td></tr>')
    return ('<div class="dc-table-wrap" role="region" aria-label="信息目录要素" tabindex="0">'
            '<table class="dc-meta"><caption class="md-visually-hidden">信息目录要素</caption><tbody>'
            + "".join(rows) + "</tbody></table></div>")
