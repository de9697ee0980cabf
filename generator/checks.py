"""The checks of one item file: fields, values, dates, timeliness, privacy, HTML, links.

:func:`check_item` turns a :class:`~generator.source.Source` into an
:class:`~generator.item.Item` (or ``None`` when the item cannot be built) and
the problems found in it. Rules that need the whole repository (unique index
numbers, references between items) live in :mod:`generator.repository`.
Every code used here is documented in :mod:`generator.codes`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

import yaml

from . import htmlpolicy, markup, privacy, textrules
from .contenttree import ATTACHMENT_TYPES
from .dates import DateError, parse_date
from .docnumber import check_doc_number
from .item import Attachment, Item
from .problems import ERROR, WARNING, Problem
from .schema import Schema
from .source import Entry, Source, node_position
from .textrules import describe, find_bad
from .workdays import Calendar, UnknownYear

INDEX_NO = re.compile(r"^(?P<code>[0-9A-Z]{9}|[0-9A-Z]{18})/(?P<year>\d{4})-(?P<serial>\d{5})$")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
VALIDITY = ("有效", "失效", "废止")
INTERPRETATION_DAYS = 3
PLACEHOLDER = "待填写"   # what `generator new` writes where a person must fill in

_LINK = re.compile(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_IMAGE_HTML = re.compile(r"<img\b[^>]*>", re.I)
_FENCED = re.compile(r"^(```|~~~)")


@dataclass
class Context:
    """What the checks of one file need besides the file itself."""

    schema: Schema
    calendar: Calendar
    today: date
    content_dir: Path          # absolute path of content/
    probes: list | None = None  # when a list: every file-system question asked, see probe()
    files: set | None = None    # when a set: the site paths of the files the checked file links to

    @property
    def max_attachment_bytes(self) -> int:
        return self.schema.attachment_mb * 1024 * 1024


def _resolve(path: str) -> str | None:
    try:
        return str(Path(path).resolve())
    except OSError:
        return None


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


# The only questions the checks ask the file system (attachments and links). A cached check result
# (generator.checkcache) is still valid when every recorded question gets the same answer.
PROBES = {"resolve": _resolve, "is_file": os.path.isfile, "exists": os.path.exists, "size": _size}


def probe(ctx: Context, kind: str, path) -> object:
    """Ask the file system (``PROBES[kind]``) and, when ``ctx.probes`` is a list, record question and answer."""
    answer = PROBES[kind](str(path))
    if ctx.probes is not None:
        ctx.probes.append((kind, str(path), answer))
    return answer


class _Collector:
    def __init__(self, rel: str):
        self.rel = rel
        self.problems: list[Problem] = []

    def error(self, line, column, field, code, message, hint=""):
        self.problems.append(Problem(self.rel, line, column, field, code, ERROR, message, hint))

    def warning(self, line, column, field, code, message, hint=""):
        self.problems.append(Problem(self.rel, line, column, field, code, WARNING, message, hint))


def check_path(rel_to_content: str, ctx: Context, out: _Collector) -> tuple[str | None, int | None, str | None]:
    """Folder rules: content/<unit id>/<year>/<slug>.md. Returns (unit id, year, slug) as found."""
    parts = PurePosixPath(rel_to_content).parts
    name = parts[-1]
    stem = name[:-3] if name.endswith(".md") else name
    if not SLUG.match(stem):
        out.error(None, None, None, "bad-filename",
                  f"文件名“{name}”不符合要求：只能使用小写英文字母、数字和连字符。",
                  f"改名为 {suggest_slug(stem)}.md 之类的名称（用拼音或英文缩写，不用中文和空格）。")
    if len(parts) != 3:
        return None, None, stem
    year = int(parts[1]) if re.fullmatch(r"\d{4}", parts[1]) else None
    return parts[0], year, stem


def suggest_slug(stem: str) -> str:
    ascii_part = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return ascii_part if ascii_part and SLUG.match(ascii_part) else "item-" + str(abs(hash_stable(stem)) % 100000)


def hash_stable(text: str) -> int:
    value = 0
    for ch in text:
        value = (value * 131 + ord(ch)) % 1_000_003
    return value


def check_item(source: Source, ctx: Context) -> tuple[Item | None, list[Problem]]:
    """Check one item file; return the item (None when required facts are unusable) and its problems."""
    out = _Collector(source.rel)
    schema = ctx.schema
    rel_to_content = source.rel.split("/", 1)[1] if "/" in source.rel else source.rel
    folder_unit, folder_year, _slug = check_path(rel_to_content, ctx, out)

    if not source.has_front_matter:
        out.error(1, 1, None, "missing-front-matter", "文件没有头部信息（front matter）。",
                  "在文件第一行写 ---，其后逐行写“字段: 值”（标题、公开类别、发布机构等），再写一行 --- 后接正文。")
        return None, out.problems

    fields: dict[str, Entry] = {}
    for entry in source.entries:
        key = schema.field_key(entry.key)
        if key is None:
            near = schema.closest("field", entry.key)
            out.warning(entry.line, entry.column, None, "unknown-field", f"未知字段“{entry.key}”，将被忽略。",
                        f"是否想写“{near}”？" if near else "删除该字段，或查看办事指南中的字段表。")
            continue
        if key in fields:
            out.error(entry.line, entry.column, key, "duplicate-key",
                      f"字段“{schema.fields[key].label}”写了两次（第 {fields[key].line} 行已有）。",
                      "只保留一行。")
            continue
        fields[key] = entry

    values: dict[str, object] = {}
    for key, entry in fields.items():
        if _is_empty(entry.value):
            continue
        converted = _convert(key, entry, ctx, out)
        if converted is not None:
            values[key] = converted

    category = values.get("category")
    sector = values.get("sector")
    for key in schema.required_fields_for(category, sector):
        if key in fields and not _is_empty(fields[key].value):
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

    unit = values.get("unit")
    if unit is not None and folder_unit is not None and folder_unit != unit.id:
        out.error(fields["unit"].line, fields["unit"].column, "unit", "wrong-folder",
                  f"文件位于 content/{folder_unit}/ 下，但发布机构是“{unit.name}”（{unit.id}）。谁制作、谁公开：各单位只能在本单位目录下发布。",
                  f"把文件移到 content/{unit.id}/<发布年份>/ 下，或改正发布机构。")
    elif folder_unit is not None and folder_unit not in schema.units:
        out.error(None, None, None, "wrong-folder", f"目录 content/{folder_unit}/ 不是任何单位的目录。",
                  "信息文件应放在 content/<单位 id>/<发布年份>/ 下；单位 id 见 categories.yml。")
    elif folder_unit is None:
        out.error(None, None, None, "wrong-folder", "信息文件的位置不对。",
                  "信息文件应放在 content/<单位 id>/<发布年份>/<文件名>.md；非信息页面放在 content/pages/ 下。")

    if unit is not None and category is not None and not schema.may_publish_in_category(unit, category):
        out.error(fields["unit"].line, fields["unit"].column, "unit", "unit-not-allowed",
                  f"“{unit.name}”不是公开类别“{category.name}”的牵头或责任单位。",
                  "核对公开类别是否选对；责任分工见《实施意见》第三部分和 categories.yml。")
    if unit is not None and sector is not None and not schema.may_publish_in_sector(unit, sector):
        out.error(fields["sector"].line, fields["sector"].column, "sector", "unit-not-allowed",
                  f"“{unit.name}”不是重点领域“{sector.name}”的责任单位。",
                  "核对重点领域是否选对；责任分工见《实施意见》第四部分和 categories.yml。")
    if sector is not None and sector.children:
        out.error(fields["sector"].line, fields["sector"].column, "sector", "bad-value",
                  f"重点领域“{sector.name}”下分子领域，请填写具体的子领域。",
                  "可选：" + "、".join(schema.sectors[c].name for c in sector.children))
    info_type = values.get("info_type")
    if info_type is not None and (sector is None or not schema.sector_root(sector).info_types):
        out.error(fields["info_type"].line, fields["info_type"].column, "info_type", "bad-value",
                  "“信息类别”只用于重大建设项目。", "删除该字段，或把重点领域填为“重大建设项目”。")
    decision_type = values.get("decision_type")
    if decision_type and category is not None and not category.decision_deadline_days:
        out.error(fields["decision_type"].line, fields["decision_type"].column, "decision_type", "bad-value",
                  f"“决定类型”只用于行政许可、行政处罚和行政强制类别，不用于“{category.name}”。",
                  "删除该字段，或改正公开类别。")

    formation = values.get("formation_date")
    publish = values.get("publish_date")
    change = values.get("change_date")
    if publish is not None and folder_year is not None and folder_year != publish.year:
        out.error(fields["publish_date"].line, fields["publish_date"].column, "publish_date", "wrong-folder",
                  f"文件在 {folder_year} 年的目录下，但发布日期是 {publish.year} 年。",
                  f"把文件移到 content/{folder_unit}/{publish.year}/ 下，或改正发布日期。")
    elif folder_unit is not None and folder_year is None and len(PurePosixPath(rel_to_content).parts) == 3:
        out.error(None, None, None, "wrong-folder", "第二级目录应是四位发布年份。",
                  "信息文件应放在 content/<单位 id>/<发布年份>/ 下。")
    if publish is not None and publish > ctx.today:
        out.error(fields["publish_date"].line, fields["publish_date"].column, "publish_date", "future-date",
                  f"发布日期 {publish.isoformat()} 晚于今天（{ctx.today.isoformat()}，北京时间）。",
                  "发布日期填实际公开的日期；尚未到公开日期的信息暂不提交。")
    if formation is not None and publish is not None and formation > publish:
        out.error(fields["formation_date"].line, fields["formation_date"].column, "formation_date",
                  "formation-after-publication",
                  f"成文日期 {formation.isoformat()} 晚于发布日期 {publish.isoformat()}。",
                  "成文日期是文件形成（签发）的日期，不能晚于发布日期；核对两个日期。")
    if change is not None:
        if formation is not None and change < formation:
            out.error(fields["change_date"].line, fields["change_date"].column, "change_date", "bad-date",
                      "变更日期早于成文日期。", "变更日期是信息发生变更的日期，应在成文日期之后。")
        if publish is not None and change > publish:
            out.error(fields["change_date"].line, fields["change_date"].column, "change_date",
                      "formation-after-publication", "变更日期晚于发布日期。", "核对变更日期和发布日期。")
    abolished = values.get("abolished_date")
    validity = values.get("validity")
    if abolished is not None and validity == "有效":
        out.error(fields["abolished_date"].line, fields["abolished_date"].column, "abolished_date", "bad-value",
                  "填写了废止日期，但有效性是“有效”。", "把有效性改为“废止”，或删除废止日期。")

    index_no = values.get("index_no")
    if index_no is not None:
        _check_index_no(index_no, unit, publish, fields["index_no"], out)

    review = values.get("review")
    if review is not None and publish is not None and review.get("date") and review["date"] > publish:
        line, column = review["_date_pos"]
        out.error(line, column, "review", "bad-review",
                  f"保密审查日期 {review['date'].isoformat()} 晚于发布日期。",
                  "保密审查必须在公开前完成（条例第十七条）；核对审查日期。")

    for key, entry in fields.items():
        for node, text in _scalar_texts(entry.node):
            if PLACEHOLDER in text:
                line, column = node_position(node, 2)
                out.error(line, column, key, "placeholder", f"“{schema.fields[key].label}”还是占位内容“{PLACEHOLDER}”。",
                          "填写真实内容后再提交。")
    if PLACEHOLDER in source.body:
        line, column = _line_col(source, source.body.index(PLACEHOLDER))
        out.error(line, column, None, "placeholder", f"正文还有占位内容“{PLACEHOLDER}”。", "填写正文后再提交。")

    exemptions = values.get("privacy_exempt") or []
    _check_characters(source, schema, out)
    _check_privacy(source, schema, exemptions, out)
    _check_body(source, ctx, out, ctx.files)

    attachments = values.get("attachments") or ()
    if ctx.files is not None:
        ctx.files.update(a.rel for a in attachments)
    if attachments and not _body_text(source.body):
        out.warning(source.body_line if source.body.strip() else None, None, None, "attachment-only",
                    "正文为空，内容只在附件里。",
                    "把文件正文也写在 Markdown 中，方便用读屏软件和手机阅读；附件作为下载保留。")

    missing_core = any(values.get(k) is None for k in
                       ("title", "category", "unit", "formation_date", "publish_date", "index_no"))
    if missing_core:
        return None, out.problems

    item = Item(
        rel=source.rel, src_uri=rel_to_content, title=values["title"], category=category, unit=unit,
        formation_date=formation, publish_date=publish, index_no=index_no, body=source.body,
        body_line=source.body_line, co_units=tuple(values.get("co_units") or ()), change_date=change,
        doc_number=values.get("doc_number"), validity=validity, abolished_date=abolished, sector=sector,
        project=values.get("project"), info_type=info_type, decision_type=decision_type,
        decision_count=values.get("decision_count"), fee_amount=values.get("fee_amount"),
        doc_kind=values.get("doc_kind"), topic=values.get("topic"), keywords=tuple(values.get("keywords") or ()),
        summary=values.get("summary"), interprets=values.get("interprets"),
        superseded_by=values.get("superseded_by"), attachments=tuple(attachments),
        lines={key: entry.line for key, entry in fields.items()},
    )
    _check_timeliness(item, ctx, fields, out)
    return item, out.problems


# -- conversion of single values --------------------------------------------

def _is_empty(value) -> bool:
    return value is None or (isinstance(value, (str, list, dict, tuple)) and not value) or (
        isinstance(value, str) and not value.strip())


def _convert(key: str, entry: Entry, ctx: Context, out: _Collector):
    """Turn a raw YAML value into its typed value, reporting type and value errors."""
    schema = ctx.schema
    fdef = schema.fields[key]
    value = entry.value
    line, column = node_position(entry.node, 2)
    label = fdef.label
    if isinstance(value, str) and PLACEHOLDER in value:
        return None   # reported once as a placeholder, not again as a bad value

    def wrong_type(expected: str, example: str = "") -> None:
        out.error(line, column, key, "wrong-type", f"“{label}”应是{expected}。",
                  f"例如：{label}: {example or fdef.example or '…'}")

    kind = fdef.type
    if kind in ("string", "text", "doc_number", "index_no", "enum"):
        if isinstance(value, (dict, list)) or isinstance(value, bool):
            return wrong_type("一段文字")
        if isinstance(value, date):
            return wrong_type("一段文字")
        text = str(value).strip()
        if kind == "string":
            text = " ".join(text.split())     # one line: a title is never markup, and a line break would be
        if kind == "enum":
            if text not in fdef.values:
                near = [v for v in fdef.values if v in text or text in v]
                out.error(line, column, key, "bad-value", f"“{label}”的值“{text}”不在可选范围内。",
                          "可选：" + "、".join(fdef.values) + (f"；是否想写“{near[0]}”？" if near else ""))
                return None
        if kind == "doc_number":
            result = check_doc_number(text)
            if result is not None:
                hint = f"应写作：{result.suggestion}" if result.suggestion else \
                    "格式：机关代字〔年份〕序号号，例如 示例政发〔2024〕12号；规章为 示例市人民政府令第5号。"
                out.error(line, column, key, "bad-doc-number", f"发文字号“{text}”不规范：{result.message}", hint)
                return None
        if kind == "index_no" and not INDEX_NO.match(text):
            out.error(line, column, key, "bad-index-no", f"“{label}”“{text}”格式不对。",
                      "格式为“机构代码/年份-五位流水号”，例如 11159900MB1234567X/2024-00012；"
                      "新建信息请用 python -m generator new 自动生成。")
            return None
        return text
    if kind == "date":
        try:
            return parse_date(value)
        except DateError as exc:
            out.error(line, column, key, "bad-date", f"“{label}”有误：{exc.message}。", exc.hint)
            return None
    if kind in ("list", "units"):
        items = [value] if isinstance(value, (str, int)) and not isinstance(value, bool) else value
        if not isinstance(items, list) or any(isinstance(v, (dict, list)) for v in items):
            return wrong_type("一个列表", "[词语一, 词语二]")
        texts = [str(v).strip() for v in items if str(v).strip()]
        if kind == "list":
            return texts
        units = []
        for text in texts:
            unit = schema.find_unit(text)
            if unit is None:
                _unknown(out, schema, "unit", text, line, column, key, "单位")
            else:
                units.append(unit)
        return units
    if kind == "unit":
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return wrong_type("一个单位名称")
        unit = schema.find_unit(value)
        if unit is None:
            _unknown(out, schema, "unit", value, line, column, key, "发布机构")
        return unit
    if kind == "category":
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return wrong_type("一个公开类别名称")
        category = schema.find_category(value)
        if category is None:
            _unknown(out, schema, "category", value, line, column, key, "公开类别")
        return category
    if kind == "sector":
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            return wrong_type("一个重点领域名称（只填一个）")
        sector = schema.find_sector(value)
        if sector is None:
            _unknown(out, schema, "sector", value, line, column, key, "重点领域")
        return sector
    if kind == "info_type":
        if not isinstance(value, str):
            return wrong_type("一个信息类别")
        info_type = schema.find_info_type(value)
        if info_type is None:
            _unknown(out, schema, "info_type", value, line, column, key, "信息类别")
        return info_type
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return wrong_type("一个非负整数", "3")
        return value
    if kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            return wrong_type("一个非负数字（不带单位）", "12.5")
        return float(value)
    if kind == "mapping":
        return _convert_review(entry, out, key, label)
    if kind == "attachments":
        return _convert_attachments(entry, ctx, out, key)
    if kind == "exemptions":
        return _convert_exemptions(entry, out, key)
    return value


def _unknown(out, schema, kind, value, line, column, key, label) -> None:
    near = schema.closest(kind, value)
    out.error(line, column, key, f"unknown-{kind.replace('_', '-')}", f"{label}“{value}”不存在。",
              f"是否想写“{near}”？" if near else "可用名称见 categories.yml 或办事指南。")


def _convert_review(entry: Entry, out: _Collector, key: str, label: str):
    line, column = entry.line, entry.column   # a missing part is reported on the 保密审查 line
    if not isinstance(entry.value, dict):
        out.error(line, column, key, "bad-review", f"“{label}”应写审查人和审查日期。",
                  "写成两行：\n保密审查:\n  reviewer: 审查人\n  date: 2024-03-01")
        return None
    found = {"_date_pos": (line, column)}
    positions = {}
    for k_node, v_node in entry.node.value:
        positions[str(k_node.value)] = node_position(v_node, 2)
    aliases = {"reviewer": ("reviewer", "审查人"), "date": ("date", "审查日期", "日期")}
    for want, names in aliases.items():
        raw = next((entry.value[n] for n in names if n in entry.value), None)
        pos = next((positions[n] for n in names if n in positions), (line, column))
        if _is_empty(raw):
            out.error(line, column, key, "bad-review", f"“{label}”缺少{'审查人' if want == 'reviewer' else '审查日期'}。",
                      f"在“{label}:”下面加一行“  {names[0]}: …”。")
            continue
        if want == "date":
            try:
                found["date"] = parse_date(raw)
                found["_date_pos"] = pos
            except DateError as exc:
                out.error(pos[0], pos[1], key, "bad-date", f"保密审查日期有误：{exc.message}。", exc.hint)
        else:
            found["reviewer"] = str(raw)
    return found


def _list_elements(entry: Entry):
    """(value, line, column) of each element of a list field; a single value counts as a list of one."""
    values = entry.value if isinstance(entry.value, list) else [entry.value]
    nodes = entry.node.value if isinstance(entry.node, yaml.SequenceNode) else [entry.node]
    for value, node in zip(values, nodes):
        yield (value, *node_position(node, 2))


def _convert_attachments(entry: Entry, ctx: Context, out: _Collector, key: str):
    result = []
    item_dir = (ctx.content_dir / out.rel.split("/", 1)[1]).parent
    content_root = ctx.content_dir.resolve()
    for value, a_line, a_col in _list_elements(entry):
        if isinstance(value, dict):
            path = value.get("path") or value.get("文件")
            title = value.get("title") or value.get("名称")
        else:
            path, title = value, None
        if not isinstance(path, str) or not path.strip():
            out.error(a_line, a_col, key, "wrong-type", "附件应写文件名，或写 path 和 title。",
                      "例如：\n附件:\n  - path: budget.pdf\n    title: 2024年部门预算表")
            continue
        path = path.strip()
        if path.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", path) or ".." in PurePosixPath(path.replace("\\", "/")).parts:
            out.error(a_line, a_col, key, "attachment-path", f"附件路径“{path}”不允许。",
                      "只写与本文件同目录（或其子目录）下的文件名，不用绝对路径，不用“..”。")
            continue
        ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
        if ext not in ATTACHMENT_TYPES:
            out.error(a_line, a_col, key, "attachment-type", f"附件“{path}”的类型“{ext or '无扩展名'}”不允许。",
                      "允许：" + "、".join(sorted(ATTACHMENT_TYPES)) + "。压缩包等请转换为 PDF 或 OFD。")
            continue
        target = item_dir / path
        try:
            resolved = probe(ctx, "resolve", target)
            if resolved is None:
                raise ValueError(path)
            rel = Path(resolved).relative_to(content_root).as_posix()
        except ValueError:
            out.error(a_line, a_col, key, "attachment-path", f"附件“{path}”指向 content/ 目录之外。",
                      "把附件放在信息文件旁边。")
            continue
        if not probe(ctx, "is_file", target):
            out.error(a_line, a_col, key, "attachment-missing", f"附件“{path}”不存在。",
                      f"把文件放到 {target.parent.relative_to(ctx.content_dir.parent).as_posix()}/ 下，"
                      "或改正文件名（区分大小写）。")
            continue
        size = probe(ctx, "size", target) or 0
        if size > ctx.max_attachment_bytes:
            out.error(a_line, a_col, key, "attachment-too-large",
                      f"附件“{path}”有 {size / 1048576:.1f} MB，超过 {ctx.schema.attachment_mb} MB 的上限。",
                      "压缩图片或拆分文件后再提交。")
            continue
        result.append(Attachment(path=path, title=str(title or PurePosixPath(path).name), rel=rel, size=size))
    return result


def _convert_exemptions(entry: Entry, out: _Collector, key: str):
    result = []
    for value, e_line, e_col in _list_elements(entry):
        if not isinstance(value, dict) or not str(value.get("value") or value.get("号码") or "").strip() \
                or not str(value.get("reason") or value.get("理由") or "").strip():
            out.error(e_line, e_col, key, "bad-exemption", "隐私豁免的每一项都要写号码（value）和理由（reason）。",
                      "例如：\n隐私豁免:\n  - value: \"6222020200001234567\"\n    reason: 收取行政事业性收费的对公账户")
            continue
        result.append({"value": str(value.get("value") or value.get("号码")).strip(),
                       "reason": str(value.get("reason") or value.get("理由")).strip(), "line": e_line})
    return result


# -- item-level rules --------------------------------------------------------

def _check_index_no(index_no: str, unit, publish, entry: Entry, out: _Collector) -> None:
    match = INDEX_NO.match(index_no)
    line, column = node_position(entry.node, 2)
    if unit is not None and match.group("code") != unit.code:
        out.error(line, column, "index_no", "index-no-unit",
                  f"索引号的机构代码“{match.group('code')}”不是“{unit.name}”的代码。",
                  f"应以 {unit.code}/ 开头。")
    if publish is not None and int(match.group("year")) != publish.year:
        out.error(line, column, "index_no", "index-no-year",
                  f"索引号的年份 {match.group('year')} 与发布年份 {publish.year} 不一致。",
                  "索引号中的年份就是发布年份；用 python -m generator new 生成新编号。")


def _check_timeliness(item: Item, ctx: Context, fields: dict, out: _Collector) -> None:
    """条例第二十六条: 20 working days from formation or change; 7 for licensing and penalty decisions."""
    start = item.change_date or item.formation_date
    days = item.category.deadline_days
    if item.decision_type and item.category.decision_deadline_days:
        days = item.category.decision_deadline_days
    if item.publish_date < start:
        return
    key = "change_date" if item.change_date else "formation_date"
    try:
        item.workdays_taken = ctx.calendar.workdays_between(start, item.publish_date)
        deadline = ctx.calendar.add_workdays(start, days)
    except UnknownYear as exc:
        out.warning(fields[key].line, fields[key].column, key, "calendar-missing",
                    f"没有 {exc.year} 年的法定节假日安排，无法计算公开时限。",
                    f"在 holidays.yml 中录入国务院办公厅公布的 {exc.year} 年节假日和调休安排。")
        return
    item.deadline = deadline
    if item.publish_date > deadline:
        item.days_late = ctx.calendar.workdays_between(deadline, item.publish_date)
        start_label = "变更" if item.change_date else ("作出决定" if item.decision_type else "形成")
        out.warning(fields["publish_date"].line, fields["publish_date"].column, "publish_date", "late",
                    f"超过公开时限：自{start_label}之日（{start.isoformat()}）起 {days} 个工作日内应公开"
                    f"（最晚 {deadline.isoformat()}），实际晚了 {item.days_late} 个工作日。",
                    "仍须公开；年度考核会统计逾期。今后请在时限内发布。")


def _body_text(body: str) -> str:
    return re.sub(r"\s+", "", body)


def _line_col(source: Source, offset: int) -> tuple[int, int]:
    before = source.body[:offset]
    line = source.body_line + before.count("\n")
    column = offset - (before.rfind("\n") + 1) + 1
    return line, column


def _check_privacy(source: Source, schema: Schema, exemptions: list, out: _Collector) -> None:
    used: set[str] = set()

    def report(finding, line, column, field) -> None:
        exemption = next((e for e in exemptions if privacy.is_exempt(finding.value, [e["value"]])), None)
        if exemption is not None:
            used.add(exemption["value"])
            out.warning(line, column, field, "privacy-exempted",
                        f"{finding.label}“{finding.value}”按隐私豁免公开，理由：{exemption['reason']}。",
                        "确认该号码确需公开；否则删除豁免并按规定脱敏。")
            return
        out.error(line, column, field, "personal-data",
                  f"发现未脱敏的{finding.label}“{finding.value}”。",
                  f"个人信息公开前须脱敏，应写作 {finding.masked}；确需公开的（如收费账户、公开热线）在“隐私豁免”中登记并说明理由。")

    # Every entry, unknown keys included: a number under a misspelt key is still published in the repository.
    for entry in source.entries:
        key = schema.field_key(entry.key)
        if key == "privacy_exempt":
            continue
        for node, text in _scalar_texts(entry.node):
            for finding in privacy.find_personal_data(text):
                line, column = node_position(node, 2)
                report(finding, line, column, key)
    for finding in privacy.find_personal_data(source.body):
        line, column = _line_col(source, finding.start)
        report(finding, line, column, None)
    for exemption in exemptions:
        if exemption["value"] not in used:
            out.warning(exemption["line"], None, "privacy_exempt", "unused-exemption",
                        f"隐私豁免登记的号码“{exemption['value']}”在本文件中没有出现。",
                        "删除这项豁免，或核对号码。")


def check_page(source: Source, ctx: Context) -> list[Problem]:
    """A page under content/pages/: what an item's text must satisfy (characters, privacy, HTML, links)."""
    out = _Collector(source.rel)
    exemptions: list = []
    for entry in source.entries:
        if ctx.schema.field_key(entry.key) == "privacy_exempt":
            exemptions = _convert_exemptions(entry, out, "privacy_exempt") or []
    _check_characters(source, ctx.schema, out)
    _check_privacy(source, ctx.schema, exemptions, out)
    _check_body(source, ctx, out, ctx.files)
    return out.problems


def _check_characters(source: Source, schema: Schema, out: _Collector) -> None:
    """Control, direction-override and non-characters (:mod:`generator.textrules`) in any value or the body."""
    for entry in source.entries:
        key = schema.field_key(entry.key) if schema is not None else None
        for node, text in _scalar_texts(entry.node):
            bad = find_bad(text)
            if bad is not None:
                line, column = node_position(node, 2)
                what = f"“{schema.fields[key].label}”" if key else f"字段“{entry.key}”"
                out.error(line, column, key, "control-character",
                          f"{what}含有不可见的控制字符 {describe(bad.group())}。", _CONTROL_HINT)
                break
    bad = find_bad(source.body)
    if bad is not None:
        line, column = _line_col(source, bad.start())
        out.error(line, column, None, "control-character", f"正文含有不可见的控制字符 {describe(bad.group())}。",
                  _CONTROL_HINT)


_CONTROL_HINT = textrules.HINT


def _scalar_texts(node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        yield node, str(node.value)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            yield from _scalar_texts(child)
    elif isinstance(node, yaml.MappingNode):
        for _k, child in node.value:
            yield from _scalar_texts(child)


_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1")


def _code_spans(body: str) -> list[tuple[int, int]]:
    """Offsets of fenced code blocks and inline code, where HTML-looking text is shown, not run."""
    spans = [(m.start(), m.end()) for m in _INLINE_CODE.finditer(body)]
    start, offset = None, 0
    for line in body.split("\n"):
        if _FENCED.match(line.strip()):
            if start is None:
                start = offset
            else:
                spans.append((start, offset + len(line)))
                start = None
        offset += len(line) + 1
    return spans


# A body without any of these converts to nothing but Markdown's own tags: no HTML, links, entities
# or attributes, so there is nothing for the HTML policy to find.
_MARKUP_SIGNS = ("<", "[", "{", "&", "](")


def _check_body(source: Source, ctx: Context, out: _Collector, files: set[str] | None = None) -> None:
    """Links, images and HTML of the body. ``files`` collects the site paths the body links to."""
    body = source.body
    spans: list[tuple[int, int]] | None = None

    def in_code(offset: int) -> bool:
        nonlocal spans
        if spans is None:   # only bodies with something HTML- or link-like pay for this
            spans = _code_spans(body)
        return any(a <= offset <= b for a, b in spans)

    work = markup.conversion_work(body)
    if work.total > markup.MAX_WORK:
        # Converting it would take minutes, here and in every build: refused before conversion.
        line = source.body_line + work.line
        out.error(line, None, None, "file-too-large",
                  f"正文第 {line} 行起的一段文字有 {work.markers} 个链接、强调、代码等标记或分隔行，中间没有空行，"
                  "网站生成时处理它要很长时间。",
                  "在段落之间空一行，把它分成较短的几段；很长的清单或表格请作为附件（Excel、PDF）提供。")
        return
    src_uri = source.rel.split("/", 1)[1] if "/" in source.rel else source.rel
    if any(sign in body for sign in _MARKUP_SIGNS):
        html, _tokens = markup.shared().raw(body, src_uri)
        found, targets = htmlpolicy.inspect(html, markup.context_of(src_uri))
        if files is not None:
            files.update(targets)
        for finding in found:
            line, column = _locate(source, finding.needle, in_code)
            message, hint = _unsafe_message(finding)
            out.error(line, column, None, "unsafe-html", message, hint)
    has_html = "<" in body
    item_dir = PurePosixPath(src_uri).parent
    for match in (_LINK.finditer(body) if "](" in body else ()):
        if in_code(match.start()):
            continue
        target = match.group(2)
        line, column = _line_col(source, match.start())
        if match.group(0).startswith("!") and not match.group(1).strip():
            out.warning(line, column, None, "image-no-alt", "图片没有替代文字。",
                        "在 ![ ] 的方括号中写明图片内容，例如 ![2024年财政收入构成图](chart.png)，读屏软件会读出它。")
        _check_link(target, item_dir, ctx, line, column, out)
    for match in (_IMAGE_HTML.finditer(body) if has_html else ()):
        if in_code(match.start()):
            continue
        if not re.search(r"\balt\s*=\s*[\"'][^\"']+[\"']", match.group(0), re.I):
            line, column = _line_col(source, match.start())
            out.warning(line, column, None, "image-no-alt", "图片没有替代文字（alt）。",
                        "为 <img> 加上 alt=\"图片内容\"。")


def _locate(source: Source, needle: str, in_code) -> tuple[int | None, int | None]:
    """Line and column of the first place outside code where ``needle`` is written (case ignored)."""
    lowered, wanted = source.body.lower(), needle.lower()
    start = lowered.find(wanted)
    first = start
    while start >= 0 and in_code(start):
        start = lowered.find(wanted, start + 1)
    start = start if start >= 0 else first
    if start < 0:
        return source.body_line, None
    return _line_col(source, start)


_TAG_HINTS = {
    "script": "政府网站正文不能嵌入脚本；删除它。", "iframe": "不能嵌入其他网页；需要引用时写成链接。",
    "object": "不能嵌入插件；视频、音频请作为附件（MP4、MP3）提供。", "embed": "不能嵌入插件；视频、音频请作为附件提供。",
    "svg": "不能直接写 SVG 图形；图表请存为 PNG 或 JPG 图片，用 ![说明](图片.png) 引用。",
    "form": "正文中不能放表单；申请表请作为附件（Word、PDF）提供。", "input": "正文中不能放输入框；删除它。",
    "style": "不能改变网页样式；删除它，格式用 Markdown 表达。", "link": "不能加载外部样式或资源；删除它。",
    "meta": "不能改变网页设置（如自动跳转）；删除它。", "base": "不能改变网页的基础地址；删除它。",
}


def _unsafe_message(finding: htmlpolicy.Finding) -> tuple[str, str]:
    allowed = "正文可用的写法：段落、标题、列表、表格、引用、链接（http、https、mailto、tel 或站内地址）、本目录中的图片、提示框（!!! note）。"
    if finding.kind == "tag":
        return (f"正文含有不允许的 HTML 标签 {finding.value}。",
                _TAG_HINTS.get(finding.name, "删除该标签。") + allowed)
    if finding.kind == "attribute":
        return (f"正文含有不允许的 HTML 属性“{finding.value}”。",
                "删除该属性：事件代码（on…）、样式（style）和其他属性都不能写在正文里。" + allowed)
    if finding.kind == "class":
        return f"正文使用了不允许的样式类“{finding.value}”。", "只能使用提示框（!!! note 等）的类名；删除它。"
    if finding.kind == "url":
        return (f"链接地址“{finding.value}”不允许。",
                "链接只能是 http、https、mailto、tel 地址或网站内的相对地址；删除该链接。")
    if finding.kind == "image":
        return (f"图片地址“{finding.value}”不在本信息的目录中。",
                "把图片文件放在信息文件旁边（或其子目录），用 ![图片说明](文件名.png) 引用；不引用其他网站的图片。")
    if finding.kind == "id":
        return (f"HTML id“{finding.value}”不允许。",
                "id 只能用字母、数字、下划线和连字符，不以 md-、dc-、__ 开头；或删除它。")
    return ("正文中的 HTML 写法有误，部分内容无法安全显示。",
            "检查尖括号和引号是否成对；表格和列表尽量用 Markdown 书写。")


def _check_link(target: str, item_dir: PurePosixPath, ctx: Context, line: int, column: int, out: _Collector) -> None:
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "//")):
        return
    path = target.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return
    if path.startswith("/"):
        # A site path: an item (/unit/year/slug/) or a generated listing.
        site = path.strip("/")
        if site.split("/", 1)[0] in ("categories", "sectors", "units", "years", "search") or not site:
            return
        candidates = [ctx.content_dir / (site + ".md"), ctx.content_dir / site, ctx.content_dir / site / "index.md"]
    else:
        joined = _normalise(item_dir / path)
        if joined is None:
            out.error(line, column, None, "broken-link", f"链接“{target}”指向 content/ 之外。", "只链接网站内的信息或附件。")
            return
        candidates = [ctx.content_dir / joined]
        if not joined.endswith(".md") and "." not in PurePosixPath(joined).name:
            # directory-style link to another item: ../other-item/
            candidates.append(ctx.content_dir / (joined.rstrip("/") + ".md"))
            candidates.append(ctx.content_dir / item_dir / (path.rstrip("/") + ".md"))
    if not any(probe(ctx, "exists", c) for c in candidates):
        out.error(line, column, None, "broken-link", f"链接“{target}”指向的文件不存在。",
                  "核对文件名和路径（相对于本文件所在目录），或删除链接。")


def _normalise(path: PurePosixPath) -> str | None:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return "/".join(parts)
