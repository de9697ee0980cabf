"""Who publishes what: the unit against the category's and sector's responsible units, and fields that only
some categories and sectors use (子领域, 信息类别, 决定类型)."""

from __future__ import annotations

from .context import Collector, Context, Draft

CODES = ("unit-not-allowed", "bad-value")


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    schema, values = ctx.schema, draft.values
    unit, category, sector = values.get("unit"), values.get("category"), values.get("sector")
    if unit is not None and category is not None and not schema.may_publish_in_category(unit, category):
        out.error(*draft.at("unit"), "unit", "unit-not-allowed",
                  f"“{unit.name}”不是公开类别“{category.name}”的牵头或责任单位。",
                  "核对公开类别是否选对；责任分工见《实施意见》第三部分和 categories.yml。")
    if unit is not None and sector is not None and not schema.may_publish_in_sector(unit, sector):
        out.error(*draft.at("sector"), "sector", "unit-not-allowed",
                  f"“{unit.name}”不是重点领域“{sector.name}”的责任单位。",
                  "核对重点领域是否选对；责任分工见《实施意见》第四部分和 categories.yml。")
    if sector is not None and sector.children:
        out.error(*draft.at("sector"), "sector", "bad-value",
                  f"重点领域“{sector.name}”下分子领域，请填写具体的子领域。",
                  "可选：" + "、".join(schema.sectors[c].name for c in sector.children))
    info_type = values.get("info_type")
    if info_type is not None and (sector is None or not schema.sector_root(sector).info_types):
        out.error(*draft.at("info_type"), "info_type", "bad-value",
                  "“信息类别”只用于重大建设项目。", "删除该字段，或把重点领域填为“重大建设项目”。")
    decision_type = values.get("decision_type")
    if decision_type and category is not None and not category.decision_deadline_days:
        out.error(*draft.at("decision_type"), "decision_type", "bad-value",
                  f"“决定类型”只用于行政许可、行政处罚和行政强制类别，不用于“{category.name}”。",
                  "删除该字段，或改正公开类别。")
