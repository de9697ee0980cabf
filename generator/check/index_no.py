"""索引号: the publisher's organisation code and a year, the publication year or (local schemes) the formation year.

The format is checked on conversion."""

from __future__ import annotations

from ..model.source import node_position
from ..rules import INDEX_NO
from .context import Collector, Context, Draft

CODES = ("index-no-unit", "index-no-year")


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    index_no = draft.values.get("index_no")
    if index_no is None:
        return
    unit, publish, formed = draft.values.get("unit"), draft.values.get("publish_date"), draft.values.get("formation_date")
    match = INDEX_NO.match(index_no)
    if match is None:           # the converter has reported it
        return
    line, column = node_position(draft.fields["index_no"].node, 2)
    if unit is not None and match.group("code") != unit.code:
        out.error(line, column, "index_no", "index-no-unit",
                  f"索引号的机构代码“{match.group('code')}”不是“{unit.name}”的代码。",
                  f"应以 {unit.code}/ 开头。")
    years = {d.year for d in (publish, formed) if d is not None}
    if publish is not None and int(match.group("year")) not in years:
        out.error(line, column, "index_no", "index-no-year",
                  f"索引号的年份 {match.group('year')} 既不是发布年份 {publish.year}，也不是成文年份"
                  f"{f' {formed.year}' if formed else ''}。",
                  "索引号中的年份是发布年份（本网站的编号方案）或成文年份（部分地方的编号方案）；"
                  "用 python -m generator new 生成新编号。")
