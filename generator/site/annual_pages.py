"""Annual reports (政府信息公开工作年度报告) on the site: each unit's report, and the list of all reports.

A department or 旗县区 government writes sections 一, 五 and 六 of its report
in ``content/pages/annual-reports/<unit id>/<year>.md`` (checked by
:mod:`generator.check.annual_texts`). Its page is
``/units/<unit id>/annual-reports/<year>/``: a generated title, the unit's text
up to section 五, sections 二 (catalogue), 三 and 四 (application ledgers)
computed for that unit alone, then sections 五 and 六. The text's relative
links are rewritten for the page's address, so a link or image that works
where the text is written works on the page.

The city government's own reports stay content pages
(``content/pages/annual-reports/<year>.md``) that place the computed sections
with marker lines (:mod:`generator.report.annual`). The reports' index page
lists them all by year with ``<!-- disclosure:annual-report-list -->``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html import escape

from .. import urls
from ..check.annual_texts import SECTION, is_unit_report, unit_and_year
from ..check.repository import Page as ContentPage
from ..model.markup import heading_text
from ..model.schema import Schema, Unit
from ..model.workdays import Calendar
from ..report.annual import section_html, unit_scope
from .catalogue import Catalogue
from .templates import render

REPORTS = "pages/annual-reports/"
SECTIONS = (("annual-tables", "二、主动公开政府信息情况"), ("annual-applications", "三、收到和处理政府信息公开申请情况"),
            ("annual-reviews", "四、政府信息公开行政复议、行政诉讼情况"))
_CITY_REPORT = re.compile(r"^pages/annual-reports/(\d{4})\.md$")
# The target of a Markdown link or image: ](target) or ](<target> "title")
_TARGET = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
_FENCE = re.compile(r"^(```|~~~)")


@dataclass
class UnitReport:
    unit: Unit
    year: int
    text: ContentPage

    @property
    def url(self) -> str:
        return urls.unit_annual_report(self.unit.id, self.year)

    @property
    def src_uri(self) -> str:
        return urls.src_of(self.url)

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.year}年政府信息公开工作年度报告"


def unit_reports(pages: list[ContentPage], schema: Schema) -> list[UnitReport]:
    """The units' report texts, by unit in schema order, then year."""
    order = {uid: index for index, uid in enumerate(schema.units)}
    found = []
    for page in pages:
        if is_unit_report(page.src_uri):
            unit_id, year = unit_and_year(page.src_uri)
            if unit_id in schema.units and year is not None:
                found.append(UnitReport(schema.units[unit_id], year, page))
    return sorted(found, key=lambda r: (order[r.unit.id], r.year))


def relocate_links(markdown: str, from_src: str, to_src: str) -> str:
    """Relative link and image targets of a text written at ``from_src``, rewritten for ``to_src``."""
    source, target = posixpath.dirname(from_src), posixpath.dirname(to_src)

    def move(match: re.Match) -> str:
        value = match.group(2)
        if value.startswith(("#", "/")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value):
            return match.group(0)
        path, hashmark, fragment = value.partition("#")
        site_path = posixpath.normpath(posixpath.join(source, path))
        return match.group(1) + posixpath.relpath(site_path, target or ".") + hashmark + fragment

    lines, inside = [], False
    for line in markdown.split("\n"):
        if _FENCE.match(line.strip()):
            inside = not inside
        lines.append(line if inside else _TARGET.sub(move, line))
    return "\n".join(lines)


def report_markdown(report: UnitReport, cat: Catalogue, calendar: Calendar | None,
                    templates: tuple[str, ...] = ()) -> tuple[str, dict[str, str]]:
    """The unit report page as Markdown with placeholder paragraphs, and the computed sections (placeholder -> HTML)."""
    body = relocate_links(report.text.source.body.strip("\n"), report.text.src_uri, report.src_uri)
    lines = body.split("\n")
    cut, inside = len(lines), False
    for index, line in enumerate(lines):
        if _FENCE.match(line.strip()):
            inside = not inside
        match = None if inside else SECTION.match(line)
        if match and match.group(1) == "五":
            cut = index
            break
    scope = unit_scope(cat, report.unit.id)
    tables: dict[str, str] = {}
    made = []
    for kind, heading in SECTIONS:
        placeholder = f"DCANNUALTABLES{len(tables)}"
        tables[placeholder] = section_html(kind, cat, report.year, scope, calendar, templates)
        made += [f"## {heading_text(heading)}", "", placeholder, ""]
    head = "\n".join(lines[:cut]).rstrip("\n")
    tail = "\n".join(lines[cut:])
    markdown = f"# {heading_text(report.title)}\n\n{head}\n\n" + "\n".join(made) + "\n" + tail + "\n"
    return markdown, tables


def report_list_html(city_reports: list[tuple[str, str]], reports: list[UnitReport], schema: Schema, page_url: str,
                     templates: tuple[str, ...] = ()) -> str:
    """Every annual report on the site by year, newest first: the city government's, the city departments',
    then each 旗县区's (its government first). ``city_reports``: (title, src_uri) of the city's report pages."""
    years: dict[int, dict[str, list]] = {}

    def add(year: int, group: str, title: str, url: str) -> None:
        years.setdefault(year, {}).setdefault(group, []).append({"title": title, "href": urls.rel(page_url, url)})

    city = str(schema.city.get("name") or "")
    government = schema.units.get(schema.city.get("government") or "")
    for title, src_uri in sorted(city_reports, key=lambda r: r[1]):
        match = _CITY_REPORT.match(src_uri)
        if match:
            add(int(match.group(1)), government.name if government else city, title, urls.url_of(src_uri))
    counties = {g.id: g.name for g in schema.county_governments()}
    for report in reports:
        group = "市直部门" if report.unit.level == "city" else counties.get(report.unit.county or "", report.unit.name)
        if report.unit.level == "city" and government is not None and report.unit.id == government.id:
            group = government.name
        add(report.year, group, report.title, report.url)
    order = [government.name if government else city, "市直部门", *counties.values()]
    listed = [{"year": year, "groups": [{"name": name, "reports": years[year][name]} for name in order
                                        if name in years[year]]}
              for year in sorted(years, reverse=True)]
    return render("annual_report_list.html", templates, years=listed)


def report_links(reports: list[UnitReport]) -> dict[str, list[tuple[int, str]]]:
    """unit id -> [(year, url)] of its reports, newest first."""
    found: dict[str, list[tuple[int, str]]] = {}
    for report in reports:
        found.setdefault(report.unit.id, []).append((report.year, report.url))
    return {uid: sorted(links, reverse=True) for uid, links in found.items()}


def front_title(title: str) -> dict:
    """The metadata a content page gets: its escaped title only (themes print metadata unescaped)."""
    return {"title": escape(title)}
