"""Front-matter values to typed values, one converter per field type of categories.yml.

Each converter reports type and value errors on the value's own line and
returns the typed value, or None when the value cannot be used. The
converters of the structured types live with their rules: 保密审查 in
:mod:`.review`, 附件 in :mod:`.attachments`, 隐私豁免 in :mod:`.privacy`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..model.dates import DateError, parse_date, parse_period
from ..model.docnumber import check_doc_number
from ..model.schema import FieldDef
from ..model.source import Entry, node_position
from ..rules import INDEX_NO, PLACEHOLDER, decision_type_in_title
from . import attachments, privacy, review
from .context import Collector, Context, Draft, is_empty

CODES = ("wrong-type", "bad-value", "bad-doc-number", "bad-index-no", "bad-date", "unknown-unit",
         "unknown-category", "unknown-sector", "unknown-info-type")


class Value:
    """One value being converted: the entry, its field definition and where to report."""

    def __init__(self, key: str, entry: Entry, ctx: Context, out: Collector, draft: Draft | None = None):
        self.key, self.entry, self.ctx, self.out, self.draft = key, entry, ctx, out, draft
        self.fdef: FieldDef = ctx.schema.fields[key]
        self.line, self.column = node_position(entry.node, 2)

    @property
    def raw(self):
        return self.entry.value

    def error(self, code: str, message: str, hint: str) -> None:
        self.out.error(self.line, self.column, self.key, code, message, hint)

    def wrong_type(self, expected: str, example: str = "") -> None:
        label = self.fdef.label
        self.error("wrong-type", f"“{label}”应是{expected}。", f"例如：{label}: {example or self.fdef.example or '…'}")

    def unknown(self, kind: str, value, label: str) -> None:
        near = self.ctx.schema.closest(kind, value)
        self.error(f"unknown-{kind.replace('_', '-')}", f"{label}“{value}”不存在。",
                   f"是否想写“{near}”？" if near else "可用名称见 categories.yml 或办事指南。")


def _text(v: Value):
    value = v.raw
    if isinstance(value, (dict, list, bool, date)):
        return v.wrong_type("一段文字")
    text = str(value).strip()
    if v.fdef.type == "string":
        text = " ".join(text.split())     # one line: a title is never markup, and a line break would be
    return text


def _enum(v: Value):
    text = _text(v)
    if text is None:
        return None
    if text not in v.fdef.values:
        near = [choice for choice in v.fdef.values if choice in text or text in choice]
        v.error("bad-value", f"“{v.fdef.label}”的值“{text}”不在可选范围内。",
                "可选：" + "、".join(v.fdef.values) + (f"；是否想写“{near[0]}”？" if near else ""))
        return None
    return text


def _publishes_decisions(draft: Draft | None) -> bool:
    """The item publishes administrative decisions (执法文书): a 决定类型, or a title naming one."""
    if draft is None:
        return False
    fields = draft.fields
    if "decision_type" in fields and not is_empty(fields["decision_type"].value):
        return True
    title = fields["title"].value if "title" in fields else None
    return isinstance(title, str) and decision_type_in_title(title) is not None


def _doc_number(v: Value):
    text = _text(v)
    if text is None:
        return None
    result = check_doc_number(text, enforcement=_publishes_decisions(v.draft))
    if result is not None:
        hint = f"应写作：{result.suggestion}" if result.suggestion else \
            ("格式：公文为机关代字〔年份〕序号号，例如 示例政发〔2024〕12号；规章为 示例市人民政府令第5号；"
             "按年编号的公告为 示例市自然资源局公告2024年第1号；执法文书照录决定书上的编号。")
        v.error("bad-doc-number", f"发文字号“{text}”不规范：{result.message}", hint)
        return None
    return text


def _index_no(v: Value):
    text = _text(v)
    if text is None:
        return None
    if not INDEX_NO.match(text):
        v.error("bad-index-no", f"“{v.fdef.label}”“{text}”格式不对。",
                "格式为“机构代码/年份-五位流水号”，例如 11159900MB1234567X/2024-00012；"
                "新建信息请用 python -m generator new 自动生成。")
        return None
    return text


def _date(v: Value):
    return _one_date(v, v.raw)


def _one_date(v: Value, raw):
    """``raw`` (the field's value or one of its dates) as a date; None after reporting ``bad-date``."""
    try:
        return parse_date(raw)
    except DateError as exc:
        v.error("bad-date", f"“{v.fdef.label}”有误：{exc.message}。", exc.hint)
        return None


def _dates(v: Value):
    """决定日期: one date, a list of dates (one decision each), or dates with counts (list of mappings or a mapping)."""
    value = v.raw
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = []
        for element in value:
            if isinstance(element, dict):
                day = element.get("date", element.get("日期"))
                count = element.get("count", element.get("数量", element.get("件数", 1)))
                if day is None or len(element) > 2:
                    return v.wrong_type("日期列表", "[2026-06-03, 2026-06-15] 或 - {日期: 2026-06-03, 数量: 2}")
                pairs.append((day, count))
            elif isinstance(element, list):
                return v.wrong_type("日期列表", "[2026-06-03, 2026-06-15]")
            else:
                pairs.append((element, 1))
    else:
        pairs = [(value, 1)]
    if not pairs:
        return v.wrong_type("一个日期或日期列表", "2026-06-03")
    counts: dict = {}
    for day, count in pairs:
        parsed = _one_date(v, day)
        if parsed is None:
            return None
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            return v.wrong_type("日期及正整数件数", "{日期: 2026-06-03, 数量: 2}")
        counts[parsed] = counts.get(parsed, 0) + count
    return tuple(sorted(counts.items()))


def _period(v: Value):
    try:
        return parse_period(v.raw)
    except DateError as exc:
        v.error("bad-value", f"“{v.fdef.label}”有误：{exc.message}。", exc.hint)
        return None


def _texts(v: Value):
    value = v.raw
    items = [value] if isinstance(value, (str, int)) and not isinstance(value, bool) else value
    if not isinstance(items, list) or any(isinstance(item, (dict, list)) for item in items):
        return v.wrong_type("一个列表", "[词语一, 词语二]")
    return [str(item).strip() for item in items if str(item).strip()]


def _units(v: Value):
    texts = _texts(v)
    if texts is None:
        return None
    units = []
    for text in texts:
        unit = v.ctx.schema.find_unit(text)
        if unit is None:
            v.unknown("unit", text, "单位")
        else:
            units.append(unit)
    return units


def _named(kind: str, label: str, expected: str, strings_only: bool = False):
    """A converter for a value that names a schema object (unit, category, sector, info type)."""

    def convert(v: Value):
        value = v.raw
        if not isinstance(value, str if strings_only else (str, int)) or isinstance(value, bool):
            return v.wrong_type(expected)
        found = getattr(v.ctx.schema, f"find_{kind}")(value)
        if found is None:
            v.unknown(kind, value, label)
        return found

    return convert


def _integer(v: Value):
    value = v.raw
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        return v.wrong_type("一个非负整数", "3")
    return value


def _number(v: Value):
    value = v.raw
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
        return v.wrong_type("一个非负数字（不带单位）", "12.5")
    return float(value)


CONVERTERS: dict[str, Callable[[Value], object]] = {
    "string": _text, "text": _text, "enum": _enum, "doc_number": _doc_number, "index_no": _index_no,
    "date": _date, "dates": _dates, "period": _period, "list": _texts, "units": _units,
    "unit": _named("unit", "发布机构", "一个单位名称"),
    "category": _named("category", "公开类别", "一个公开类别名称"),
    "sector": _named("sector", "重点领域", "一个重点领域名称（只填一个）"),
    "info_type": _named("info_type", "信息类别", "一个信息类别", strings_only=True),
    "integer": _integer, "number": _number,
    "mapping": lambda v: review.convert(v.entry, v.out, v.key, v.fdef.label),
    "attachments": lambda v: attachments.convert(v.entry, v.ctx, v.out, v.key),
    "exemptions": lambda v: privacy.convert_exemptions(v.entry, v.out, v.key),
}


def convert(key: str, entry: Entry, ctx: Context, out: Collector, draft: Draft | None = None):
    """The typed value of a field as written (None when it cannot be used; the reason is reported).

    ``draft`` gives the other fields as written, which a few values depend on (a 执法文书 number)."""
    if isinstance(entry.value, str) and PLACEHOLDER in entry.value:
        return None   # reported once as a placeholder, not again as a bad value
    converter = CONVERTERS.get(ctx.schema.fields[key].type)
    return entry.value if converter is None else converter(Value(key, entry, ctx, out, draft))
