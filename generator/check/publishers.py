"""Who publishes what. The rule is 谁制作、谁公开 (条例第十条): a unit publishes what it made, in its own
folder (checked by :mod:`.folders`), in any category. Only information the law has published by named
organs (``exclusive`` in categories.yml, e.g. 规章) is checked against the unit here; the seed's lists of
responsible units are a coverage checklist in the report, not a gate. Also the fields that depend on the
sector: a parent sector with sub-sectors, and 信息类别 (info types) of the sector that defines them.
"""

from __future__ import annotations

from .context import Collector, Context, Draft

CODES = ("unit-not-allowed", "bad-value")


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    schema, values = ctx.schema, draft.values
    unit, sector = values.get("unit"), values.get("sector")
    rule = schema.exclusive_rule(values)
    if unit is not None and rule is not None and unit.id not in rule.units:
        names = "、".join(schema.units[u].name for u in rule.units)
        out.error(*draft.at("unit"), "unit", "unit-not-allowed",
                  f"{rule.name}只能由{names}发布，不能由“{unit.name}”发布（{rule.basis}）。",
                  "核对文件类型：本单位制作的规范性文件写“文件类型: 行政规范性文件”；确属规章的，由市政府办发布。")
    if sector is not None and sector.children:
        out.error(*draft.at("sector"), "sector", "bad-value",
                  f"重点领域“{sector.name}”下分子领域，请填写具体的子领域。",
                  "可选：" + "、".join(schema.sectors[c].name for c in sector.children))
    info_type = values.get("info_type")
    if info_type is None:
        return
    home = schema.info_type_sector(sector)
    if home is None:
        owners = "、".join(s.name for s in schema.sectors.values() if s.info_types)
        out.error(*draft.at("info_type"), "info_type", "bad-value",
                  f"“信息类别”只用于这些重点领域：{owners}。", "删除该字段，或填写相应的重点领域。")
    elif info_type not in home.info_types:
        out.error(*draft.at("info_type"), "info_type", "bad-value",
                  f"“{info_type.name}”不是重点领域“{home.name}”的信息类别。",
                  "可选：" + "、".join(t.name for t in home.info_types))
