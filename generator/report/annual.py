"""The annual report's computed sections on the site, placed where a report page asks for them.

An annual-report page (年度报告, under content/pages/) includes section 二's
four tables, section 三's table of applications and section 四's table of
行政复议 and 行政诉讼 with marker lines, for example::

    <!-- disclosure:annual-tables 2025 本级 -->
    <!-- disclosure:annual-applications 2025 本级 -->
    <!-- disclosure:annual-reviews 2025 本级 -->
    <!-- disclosure:annual-tables 2025 county:dhq -->

and the list of every annual report on the site with
``<!-- disclosure:annual-report-list -->`` (the caller supplies that list).

The optional second word of the table markers is the scope (范围): ``本级`` or ``benji`` (市政府 and
市政府办, the city government's own report), ``全市`` or ``city`` (every unit,
also the default), ``county:<旗县区>`` (every unit of a 旗县区), or a unit's id,
name or alias (that unit alone; a 旗县区 government too). The figures are
:func:`.compute.compute`'s, so the site shows what ``generator report`` prints.
Under the tables the page states the scope and how 失效 and 废止 documents
were counted.
"""

from __future__ import annotations

import re

from ..model.workdays import Calendar
from ..problems import ConfigError
from ..site.catalogue import Catalogue
from ..site.templates import render
from . import applications
from .compute import compute, resolve_scope, scope_from_word
from .formats import amount_text

MARKER = re.compile(r"^[ \t]*<!--[ \t]*disclosure:(annual-tables|annual-applications|annual-reviews)"
                    r"(?:[ \t]+(\d{4}))?(?:[ \t]+(\S+?))?[ \t]*-->[ \t]*$", re.M)
LIST_MARKER = re.compile(r"^[ \t]*<!--[ \t]*disclosure:annual-report-list[ \t]*-->[ \t]*$", re.M)
CASE_HEADINGS = {"维持": "结果维持", "纠正": "结果纠正"}


def annual_tables_html(tables: dict, label: str = "", templates: tuple[str, ...] = (), scope: str = "") -> str:
    """The four tables of section 二 (国办公开办函〔2021〕30号) with captions, ``label`` before each caption,
    and a note on the scope and on the 失效/废止 documents in the 本年废止件数 column."""
    expired = sum(v["expired"] for v in tables["art20_1"].values())
    repealed = sum(v["repealed"] for v in tables["art20_1"].values())
    return render(
        "annual_tables.html", templates, prefix=label, scope=scope, expired=expired, repealed=repealed,
        art20_1=[[k, str(v["made"]), str(v["abolished"]), str(v["in_force"])] for k, v in tables["art20_1"].items()],
        art20_5=[[k, str(v["decisions"])] for k, v in tables["art20_5"].items()],
        art20_6=[[k, str(v["decisions"])] for k, v in tables["art20_6"].items()],
        art20_8=[[k, amount_text(v["amount_wan_yuan"])] for k, v in tables["art20_8"].items()])


def applications_html(data: dict, templates: tuple[str, ...] = (), scope: str = "", label: str = "") -> str:
    """Section 三 (:func:`.applications.section_three`'s figures) as a table with its note."""
    three = data["section_three"]
    return render("annual_applications.html", templates, prefix=label, scope=scope,
                  columns=list(applications.COLUMNS), rows=applications.three_rows(three),
                  balanced=all(c["ok"] for c in three["checks"]),
                  fees={"applications": three["fees"]["applications"], "amount": amount_text(three["fees"]["amount_yuan"])})


def reviews_html(data: dict, templates: tuple[str, ...] = (), scope: str = "", label: str = "") -> str:
    """Section 四 as a table, one row per kind of case."""
    return render("annual_reviews.html", templates, prefix=label, scope=scope,
                  columns=[CASE_HEADINGS.get(c, c) for c in applications.CASE_COLUMNS],
                  rows=[{"label": r["label"], "counts": {CASE_HEADINGS.get(k, k): v for k, v in r["counts"].items()}}
                        for r in applications.four_rows(data["section_four"])])


def scope_text(cat: Catalogue, scope) -> str:
    """How a page names the scope of its figures: its name and its units (or how many)."""
    if scope.kind == "unit":
        return scope.name
    members = "、".join(cat.schema.units[u].name for u in scope.unit_ids) if len(scope.unit_ids) <= 3 \
        else f"{len(scope.unit_ids)} 个单位"
    return f"{scope.name}（{members}）"


def section_html(kind: str, cat: Catalogue, year: int, scope, calendar: Calendar | None = None,
                 templates: tuple[str, ...] = ()) -> str:
    """One computed section for a scope: ``annual-tables`` (二), ``annual-applications`` (三) or ``annual-reviews`` (四).

    Sections 三 and 四 must pass their 勾稽 checks (ConfigError otherwise)."""
    where = scope_text(cat, scope)
    if kind == "annual-tables":
        data = compute(cat, year, scope, calendar=calendar)
        return annual_tables_html(data["annual_tables"], templates=templates, scope=where)
    figures = applications.figures(cat.ledgers, scope.unit_ids, year, cat.schema)
    applications.require_balanced(figures, f"{year}年{scope.name}")
    if kind == "annual-applications":
        return applications_html(figures, templates, where)
    return reviews_html(figures, templates, where)


def annual_tables_for(markdown: str, cat: Catalogue, calendar: Calendar | None = None,
                      templates: tuple[str, ...] = (), report_list: str | None = None) -> tuple[str, dict[str, str]]:
    """``markdown`` with each marker line replaced by a placeholder paragraph, and the tables of each
    (placeholder -> HTML); ``report_list`` is the HTML for the list marker.

    The page's own HTML is sanitised before the tables go in, so they keep
    their markup. A marker without a year or with an unknown unit raises ConfigError,
    as does a list marker when no list is given.
    """
    tables: dict[str, str] = {}
    if "disclosure:annual-" not in markdown:
        return markdown, tables

    def replace(match: re.Match) -> str:
        if match.group(2) is None:
            raise ConfigError("年报表格标记缺少年份。", hint=f"写成 <!-- disclosure:{match.group(1)} 2025 -->")
        scope = scope_from_word(cat.schema, match.group(3))
        placeholder = f"DCANNUALTABLES{len(tables)}"
        tables[placeholder] = section_html(match.group(1), cat, int(match.group(2)), scope, calendar, templates)
        return f"\n{placeholder}\n"

    def listing(_match: re.Match) -> str:
        if report_list is None:
            raise ConfigError("这个页面不能使用年度报告列表标记。", hint="<!-- disclosure:annual-report-list --> 只用于年度报告栏目的首页。")
        placeholder = f"DCANNUALTABLES{len(tables)}"
        tables[placeholder] = report_list
        return f"\n{placeholder}\n"

    return LIST_MARKER.sub(listing, MARKER.sub(replace, markdown)), tables


def unit_scope(cat: Catalogue, unit_id: str):
    """The scope of a unit's own annual report: the unit alone."""
    return resolve_scope(cat.schema, unit_id)


def expand_annual_tables(markdown: str, cat: Catalogue, calendar: Calendar | None = None) -> str:
    """``markdown`` with each marker line replaced by the four tables' HTML (see :func:`annual_tables_for`)."""
    text, tables = annual_tables_for(markdown, cat, calendar)
    for placeholder, html in tables.items():
        text = text.replace(f"\n{placeholder}\n", "\n" + html + "\n")
    return text
