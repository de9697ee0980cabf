"""A unit's own part of its annual report: content/pages/annual-reports/<unit id>/<year>.md.

A department or 旗县区 government writes sections 一 (总体情况), 五 (存在的主要
问题及改进情况) and 六 (其他需要报告的事项) of its 年度报告 (条例第四十九条) in
that file, each under a level-2 heading that starts with its number
(``## 一、总体情况``). The site makes the title and sections 二 (from the
catalogue), 三 and 四 (from the unit's application ledgers) and publishes the
whole at ``/units/<id>/annual-reports/<year>/`` (:mod:`generator.site.annual_pages`).
Besides the rules every page follows (:func:`.items.check_page`), the file
must sit in a unit's folder, be named by a past year, and have exactly those
three sections: a hand-written section 二, 三 or 四 would contradict the
computed one.
"""

from __future__ import annotations

import re

from ..model.source import Source
from .context import Collector, Context

CODES = ("annual-report-text",)
FOLDER = "pages/annual-reports/"
OWN_SECTIONS = ("一", "五", "六")
MADE_SECTIONS = ("二", "三", "四")
SECTION = re.compile(r"^##[ \t]+([一二三四五六七八九十]+)、")
_YEAR_FILE = re.compile(r"^(\d{4})\.md$")
_FENCE = re.compile(r"^(```|~~~)")
EXAMPLE = "例如：## 一、总体情况 …… ## 五、存在的主要问题及改进情况 …… ## 六、其他需要报告的事项 ……"


def is_unit_report(src_uri: str) -> bool:
    """Whether a page is a unit's annual-report text (a file in a folder under pages/annual-reports/)."""
    return src_uri.startswith(FOLDER) and src_uri.count("/") == 3 and src_uri.endswith(".md")


def unit_and_year(src_uri: str) -> tuple[str, int | None]:
    """The unit id (folder) and year (file name) of a unit report text; year None when the name is no year."""
    _pages, _reports, unit, name = src_uri.split("/")
    match = _YEAR_FILE.match(name)
    return unit, int(match.group(1)) if match else None


def check(source: Source, src_uri: str, ctx: Context, out: Collector) -> None:
    unit_id, year = unit_and_year(src_uri)
    where = "年度报告放在 content/pages/annual-reports/<单位 id>/<年份>.md，例如 content/pages/annual-reports/czj/2025.md。"
    if unit_id not in ctx.schema.units:
        near = ctx.schema.closest("unit", unit_id)
        out.error(None, None, None, "annual-report-text", f"目录名“{unit_id}”不是单位 id。",
                  (f"是否想写“{near}”？" if near else "") + where)
        return
    if year is None or year >= ctx.today.year:
        out.error(None, None, None, "annual-report-text", f"年度报告的文件名“{src_uri.rsplit('/', 1)[1]}”不是已结束的年份。",
                  "文件名写报告所属的年份（上一年度），例如 2025.md。" + where)
        return
    seen: list[str] = []
    in_code = False
    for offset, line in enumerate(source.body.split("\n")):
        number = source.body_line + offset
        if _FENCE.match(line.strip()):
            in_code = not in_code
        if in_code:
            continue
        if re.match(r"^#[ \t]", line):
            out.error(number, 1, None, "annual-report-text", "年度报告的标题由网站生成，正文不写一级标题。",
                      "删除这一行；网站显示“单位名称+年份+政府信息公开工作年度报告”。")
            continue
        match = SECTION.match(line)
        if match is None:
            continue
        numeral = match.group(1)
        if numeral in MADE_SECTIONS:
            out.error(number, 1, None, "annual-report-text", f"第{numeral}部分由网站生成，不要手写。",
                      "第二部分按公开目录统计，第三、四部分按本单位的依申请公开台账统计；只写第一、五、六部分。")
        elif numeral not in OWN_SECTIONS:
            out.error(number, 1, None, "annual-report-text", f"年度报告没有第{numeral}部分。", EXAMPLE)
        elif numeral in seen:
            out.error(number, 1, None, "annual-report-text", f"第{numeral}部分重复。", EXAMPLE)
        else:
            if seen and OWN_SECTIONS.index(numeral) < OWN_SECTIONS.index(seen[-1]):
                out.error(number, 1, None, "annual-report-text", f"第{numeral}部分的位置不对。", EXAMPLE)
            seen.append(numeral)
    for numeral in OWN_SECTIONS:
        if numeral not in seen:
            out.error(None, None, None, "annual-report-text", f"年度报告缺少第{numeral}部分的二级标题（## {numeral}、……）。",
                      EXAMPLE)
