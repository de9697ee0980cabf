"""索引号: the publisher's organisation code and the publication year (the format is checked on conversion)."""

from __future__ import annotations

from ..model.source import node_position
from ..rules import INDEX_NO
from .context import Collector, Context, Draft

CODES = ("index-no-unit", "index-no-year")


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    index_no = draft.values.get("index_no")
    if index_no is None:
        return
    unit, publish = draft.values.get("unit"), draft.values.get("publish_date")
    match = INDEX_NO.match(index_no)
    line, column = node_position(draft.fields["index_no"].node, 2)
    if unit is not None and match.group("code") != unit.code:
        out.error(line, column, "index_no", "index-no-unit",
                  f"索引号的机构代码“{match.group('code')}”不是“{unit.name}”的代码。",
                  f"应以 {unit.code}/ 开头。")
    if publish is not None and int(match.group("year")) != publish.year:
        out.error(line, column, "index_no", "index-no-year",
                  f"索引号的年份 {match.group('year')} 与发布年份 {publish.year} 不一致。",
                  "索引号中的年份就是发布年份；用 python -m generator new 生成新编号。")
