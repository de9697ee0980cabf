"""The annual report's section 二 on the site: the four tables, placed where a report page asks for them.

An annual-report page (年度报告, under content/pages/) includes the tables
with a marker line, for example::

    <!-- disclosure:annual-tables 2025 本级 -->
    <!-- disclosure:annual-tables 2025 county:dhq -->

The optional second word is the scope (范围): ``本级`` or ``benji`` (市政府 and
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
from .compute import compute, scope_from_word
from .formats import amount_text

MARKER = re.compile(r"^[ \t]*<!--[ \t]*disclosure:annual-tables(?:[ \t]+(\d{4}))?(?:[ \t]+(\S+?))?[ \t]*-->[ \t]*$",
                    re.M)


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


def annual_tables_for(markdown: str, cat: Catalogue, calendar: Calendar | None = None,
                      templates: tuple[str, ...] = ()) -> tuple[str, dict[str, str]]:
    """``markdown`` with each marker line replaced by a placeholder paragraph, and the tables of each
    (placeholder -> HTML).

    The page's own HTML is sanitised before the tables go in, so they keep
    their markup. A marker without a year or with an unknown unit raises ConfigError.
    """
    tables: dict[str, str] = {}
    if "disclosure:annual-tables" not in markdown:
        return markdown, tables

    def replace(match: re.Match) -> str:
        if match.group(1) is None:
            raise ConfigError("年报表格标记缺少年份。", hint="写成 <!-- disclosure:annual-tables 2025 -->")
        scope = scope_from_word(cat.schema, match.group(2))
        data = compute(cat, int(match.group(1)), scope, calendar=calendar)
        placeholder = f"DCANNUALTABLES{len(tables)}"
        members = "、".join(cat.schema.units[u].name for u in scope.unit_ids) if len(scope.unit_ids) <= 3 \
            else f"{len(scope.unit_ids)} 个单位"
        tables[placeholder] = annual_tables_html(data["annual_tables"], templates=templates,
                                                 scope=f"{scope.name}（{members}）")
        return f"\n{placeholder}\n"

    return MARKER.sub(replace, markdown), tables


def expand_annual_tables(markdown: str, cat: Catalogue, calendar: Calendar | None = None) -> str:
    """``markdown`` with each marker line replaced by the four tables' HTML (see :func:`annual_tables_for`)."""
    text, tables = annual_tables_for(markdown, cat, calendar)
    for placeholder, html in tables.items():
        text = text.replace(f"\n{placeholder}\n", "\n" + html + "\n")
    return text
