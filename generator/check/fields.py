"""The front matter's keys: known fields, each once, every required one filled, no placeholder left."""

from __future__ import annotations

from ..model.source import node_position
from ..rules import INTERPRETATION_TITLE, PLACEHOLDER
from .context import Collector, Context, Draft, is_empty, line_col, scalar_texts

CODES = ("unknown-field", "duplicate-key", "missing-field", "placeholder")


def read(draft: Draft, ctx: Context, out: Collector) -> None:
    """Map each key as written to its field (its Chinese label or an alias count too)."""
    schema = ctx.schema
    for entry in draft.source.entries:
        key = schema.field_key(entry.key)
        if key is None:
            near = schema.closest("field", entry.key)
            out.warning(entry.line, entry.column, None, "unknown-field", f"未知字段“{entry.key}”，将被忽略。",
                        f"是否想写“{near}”？" if near else "删除该字段，或查看办事指南中的字段表。")
            continue
        if key in draft.fields:
            out.error(entry.line, entry.column, key, "duplicate-key",
                      f"字段“{schema.fields[key].label}”写了两次（第 {draft.fields[key].line} 行已有）。",
                      "只保留一行。")
            continue
        draft.fields[key] = entry


def is_interpretation(draft: Draft) -> bool:
    """A 政策解读: it names the policy or its form, or its title says 解读/图解/问答 (then the document's own
    fields, such as 发文字号 and 有效性, are not asked for)."""
    fields, title = draft.fields, draft.values.get("title")
    return any(key in fields and not is_empty(fields[key].value) for key in ("interprets", "interpretation_form")) \
        or (isinstance(title, str) and bool(INTERPRETATION_TITLE.search(title)))


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    """Required fields (always, and those the category or sector asks for) and placeholders."""
    schema, fields = ctx.schema, draft.fields
    category, sector = draft.values.get("category"), draft.values.get("sector")
    for key in schema.required_fields_for(category, sector, interpretation=is_interpretation(draft)):
        if key in fields and not is_empty(fields[key].value):
            continue
        fdef = schema.fields[key]
        where = fields[key].line if key in fields else None
        why = ""
        if fdef.required == "conditional":
            why = "（" + (f"公开类别“{category.name}”" if category and key in category.required_fields
                          else f"重点领域“{sector.name}”" if sector else "") + "要求填写）"
        out.error(where, None, key, "missing-field",
                  f"缺少必填字段“{fdef.label}”（{key}）{why}。",
                  f"添加一行“{fdef.label}: …”" + (f"，例如：{fdef.example}" if fdef.example else "") + "。")
    for key, entry in fields.items():
        for node, text in scalar_texts(entry.node):
            if PLACEHOLDER in text:
                line, column = node_position(node, 2)
                out.error(line, column, key, "placeholder", f"“{schema.fields[key].label}”还是占位内容“{PLACEHOLDER}”。",
                          "填写真实内容后再提交。")
    body = draft.source.body
    if PLACEHOLDER in body:
        line, column = line_col(draft.source, body.index(PLACEHOLDER))
        out.error(line, column, None, "placeholder", f"正文还有占位内容“{PLACEHOLDER}”。", "填写正文后再提交。")
