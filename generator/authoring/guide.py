"""The generated part of the department guide: docs/fields.md and docs/errors.md.

``python -m generator docs`` calls :func:`write_reference`. Both pages are
rendered from the same sources the checker uses (categories.yml through
:func:`generator.schema.load_schema`, and :data:`generator.codes.CODES`), so
the guide cannot describe a rule the checker does not apply. The output is
deterministic (no dates, no set ordering): a test compares the committed pages
with freshly rendered text.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..check.codes import CODES
from ..model.schema import Schema, Sector, load_schema
from ..problems import ERROR

GENERATED_NOTE = ("> 本页由 `python -m generator docs`（或 `make docs`）根据 {source} 自动生成，"
                  "请勿手工修改；要改内容，请改 {source} 后重新生成。")

SEVERITY_CN = {"error": "错误", "warning": "警告"}
SEVERITY_EXPLAINED = {
    "error": "错误：必须改正；有错误时检查不通过，不能合并发布。",
    "warning": "警告：不影响合并和发布，但请核对，能改的尽量改正。",
}

TYPE_CN = {
    "string": "文字（一行）",
    "text": "文字（可以较长）",
    "date": "日期，写作 2024-03-05、2024年3月5日 或 2024年03月05日",
    "dates": "一个日期，或日期列表（每件一个日期），或“日期: 件数”的映射",
    "period": "期间：2025年、2025年第一季度、2025年上半年、2025年1月至3月 或 2025-01-01至2025-04-30",
    "list": "列表：每项另起一行、以“- ”开头，或写成 [甲, 乙]",
    "mapping": "键值映射：下一行起缩进两个空格，逐项写“键: 值”",
    "enum": "从固定的几个值中选一个",
    "index_no": "索引号：机构代码/年份-五位流水号，如 11159900K900000769/2026-00001",
    "doc_number": "发文字号：公文写机关代字〔四位年份〕序号号，如 示例财发〔2026〕3号；规章写 示例市人民政府令第5号；"
                  "按年编号的公告写 示例市自然资源局公告2026年第1号；执法文书照录决定书编号，如 （示）应急罚〔2026〕12号",
    "unit": "单位：写单位全称、简称、别名或 id（见下文“单位”）",
    "units": "单位列表：每项是一个单位全称、简称、别名或 id（见下文“单位”）",
    "category": "公开类别：写类别名称、简称或 id（见下文“公开类别”）",
    "sector": "重点领域：写领域名称、别名或 id，可写到子领域（见下文“重点领域”）",
    "info_type": "信息类别：重大建设项目的八类信息之一，或政府采购信息的类别（见下文“重点领域”）",
    "attachments": "附件列表：每项写与本文件同目录的文件名，或写 path（文件名）和 title（显示名称）",
    "exemptions": "隐私豁免列表：每项写 value（号码）和 reason（理由）",
    "integer": "整数",
    "number": "数字（可以有小数）",
}


# -- small Markdown helpers ----------------------------------------------------

def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    text = "" if text is None else str(text)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for ch in "*_[]`":
        text = text.replace(ch, "\\" + ch)
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _code(text: object) -> str:
    """An inline code span that holds any text (backticks included)."""
    text = str(text).replace("\n", " ")
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _code_cell(text: object) -> str:
    return _code(text).replace("|", "\\|")


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _IndentedDumper(yaml.SafeDumper):
    """Indents list items under their key ("  - 甲"), as staff usually write them."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _yaml_example(label: str, value) -> str:
    text = yaml.dump({label: _plain(value)}, Dumper=_IndentedDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=1000)
    return text.rstrip("\n")


def _join(items, sep: str = "、", empty: str = "—") -> str:
    items = [str(i) for i in items if str(i)]
    return sep.join(items) if items else empty


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


# -- fields.md -----------------------------------------------------------------

def _sector_label(schema: Schema, sector: Sector) -> str:
    if sector.parent:
        return f"{schema.sectors[sector.parent].name} › {sector.name}"
    return sector.name


def _required_text(schema: Schema, key: str) -> str:
    fdef = schema.fields[key]
    if fdef.required == "always":
        return "必填（每条信息都要填）"
    where = []
    cats = [c for c in schema.categories.values() if key in c.required_fields]
    if cats:
        where.append("公开类别" + "、".join(f"“{c.name}”" for c in cats))
    secs = [s for s in schema.sectors.values() if key in s.required_fields]
    if secs:
        parts = []
        for s in secs:
            label = f"“{_sector_label(schema, s)}”"
            if s.children:
                label += "（含其子领域）"
            parts.append(label)
        where.append("重点领域" + "、".join(parts))
    if where:
        return "以下信息必填：" + "；".join(where) + "。其他信息选填"
    if fdef.required == "conditional":
        return "按类别或领域要求必填（目前没有类别或领域要求）"
    return "选填"


def _type_text(schema: Schema, key: str) -> str:
    fdef = schema.fields[key]
    text = TYPE_CN.get(fdef.type, fdef.type)
    if fdef.values:
        text += "：" + "、".join(fdef.values)
    if fdef.type == "info_type":
        text += "：" + "、".join(t.name for t in schema.info_types)
    return text


def _who(schema: Schema, lead: tuple, responsible) -> str:
    """The short names of a category's or sector's 牵头 and 责任单位 (the report's coverage checklist)."""
    return _join(_cell(u.short or u.name) for u in schema.responsible_units(lead, responsible))


def _deadline_text(schema: Schema, rule) -> str:
    """One rule as a clerk reads it: what, from which date, how long, when (fields it needs), why."""
    start = {"formation_date": "成文（或变更）日期", "decision_date": "决定日期（未填时为成文日期）",
             "approval_date": "批复日期"}[rule.start]
    needs = "（填写了" + "、".join(schema.fields[k].label for k in rule.when.has) + "时）" if rule.when.has else ""
    return f"{rule.name}{needs}：自{start}起 {rule.span}（{rule.basis}）"


def render_fields(schema: Schema, source: str = "categories.yml") -> str:
    out: list[str] = ["# 字段参考", "", GENERATED_NOTE.format(source=f"`{source}`"), ""]
    out += [
        "每条信息的开头是一段“头部信息”（front matter）：第一行 `---`，之后每行一个“字段: 值”，"
        "再以一行 `---` 结束。字段名可以写中文标签（推荐），也可以写英文键名或下表列出的其他写法，三者等价。"
        "同一字段只能写一次。",
        "",
        "“公开”一栏为“否”的字段只留在仓库里，不会出现在网站和导出数据中。",
        "",
        '<a id="overview"></a>', "", "## 字段一览",
        "",
    ]
    rows = []
    for fdef in schema.fields.values():
        if fdef.required == "always":
            required = "必填"
        elif _required_text(schema, fdef.key).startswith("以下"):
            required = "部分必填"
        else:
            required = "选填"
        rows.append([f"[{_cell(fdef.label)}](#{fdef.key})", _code_cell(fdef.key), required,
                     "是" if fdef.public else "否", _cell(fdef.description)])
    out += _table(["中文标签", "英文键名", "是否必填", "公开", "说明"], rows)
    out += [""]

    for fdef in schema.fields.values():
        out += [f'<a id="{fdef.key}"></a>', "", f"### {fdef.label}（{fdef.key}）", ""]
        rows = [
            ["英文键名", _code_cell(fdef.key)],
            ["中文标签", _cell(fdef.label)],
            ["其他写法", _join([_cell(a) for a in fdef.aliases])],
            ["类型", _cell(_type_text(schema, fdef.key))],
            ["是否必填", _cell(_required_text(schema, fdef.key))],
            ["是否公开", "是，在网站上显示" if fdef.public else "否，只留在仓库里，不在网站上显示"],
            ["说明", _cell(fdef.description) or "—"],
        ]
        out += _table(["项目", "内容"], rows)
        if fdef.example is not None:
            out += ["", "示例：", "", "```yaml", _yaml_example(fdef.label, fdef.example), "```"]
        out += [""]

    # -- who publishes, time limits
    out += ['<a id="publishers"></a>', "", "## 谁发布", "",
            "《条例》第十条、《实施意见》五(一)：谁制作、谁公开。每个单位在本单位目录 `content/<单位 id>/` 下发布"
            "本单位制作的信息，任何公开类别、任何重点领域都可以；联合制作的信息由牵头单位发布。"
            "下表“牵头和责任单位”是《实施意见》列出的分工，用于统计报表的覆盖检查"
            "（本年在其负责的类别中没有发布任何信息的单位会被列出），不限制谁发布。"
            "只有法律规定由特定机关公布的信息核对发布机构：", ""]
    out += _table(["信息", "只能由", "依据"],
                  [[_cell(r.name), _join(_cell(schema.units[u].short or schema.units[u].name) for u in r.units),
                    _cell(r.basis)] for r in schema.exclusive])
    out += ["", '<a id="deadlines"></a>', "", "## 公开时限", "",
            "公开时限从起算日期的次日起计算（《民法典》第二百零一条）。工作日按国务院公布的节假日和调休安排计算；"
            "按日计算的期间，最后一日是法定节假日或休息日的，顺延到其后第一个工作日（《民法典》第二百零三条）。"
            "按下列顺序找第一条适用的规则：重点领域的规则、公开类别的规则、通用规则。", ""]
    out += ["通用规则（所有公开类别）：", ""]
    out += [f"- {_cell(_deadline_text(schema, rule))}" for rule in schema.deadlines]
    for c in schema.categories.values():
        if c.deadlines:
            out += ["", f"公开类别“{_cell(c.name)}”：", ""]
            out += [f"- {_cell(_deadline_text(schema, rule))}" for rule in c.deadlines]
    for sector in schema.sectors.values():
        if sector.deadlines:
            out += ["", f"重点领域“{_cell(_sector_label(schema, sector))}”：", ""]
            out += [f"- {_cell(_deadline_text(schema, rule))}" for rule in sector.deadlines]
    out += [""]

    # -- categories
    out += ['<a id="categories"></a>', "", "## 公开类别", "",
            "“公开类别”字段可以写类别名称、简称或 id。第 1 至 15 类是《条例》第二十条的十五类（《实施意见》第三部分），"
            "第 16 类“政策解读”是网站另设的栏目。公开时限见上文“公开时限”。", ""]
    rows = []
    for c in schema.categories.values():
        extra = _join(schema.fields[k].label for k in c.required_fields)
        rows.append([str(c.number), _code_cell(c.id), _cell(c.name), _join(_cell(a) for a in c.aliases),
                     _cell(c.basis) or "—", _who(schema, c.lead, c.responsible), extra])
    out += _table(["序号", "id", "名称", "简称、别名", "依据", "牵头和责任单位（覆盖检查）", "额外必填字段"], rows)
    out += [""]

    # -- sectors
    out += ['<a id="sectors"></a>', "", "## 重点领域", "",
            "“重点领域”字段写一个领域（可以写到子领域），写名称、别名或 id 均可。"
            "依据《实施意见》第四部分。", ""]

    def sector_rows(sector: Sector, depth: int) -> list[list[str]]:
        prefix = "　" * depth + ("└ " if depth else "")
        who = _who(schema, (), sector.responsible)
        row = [prefix + _cell(sector.name), _code_cell(sector.id), _join(_cell(a) for a in sector.aliases), who,
               _join(_cell(schema.categories[c].name) for c in sector.categories),
               _join(schema.fields[k].label for k in sector.required_fields)]
        rows = [row]
        for child in sector.children:
            rows += sector_rows(schema.sectors[child], depth + 1)
        return rows

    for sector in schema.sectors.values():
        if sector.parent:
            continue
        out += [f"### {sector.name}（{sector.id}）", ""]
        out += _table(["领域", "id", "别名", "责任单位（覆盖检查）", "对应的公开类别", "额外必填字段"],
                      sector_rows(sector, 0))
        out += [""]
        for owner in [sector] + [schema.sectors[c] for c in sector.children]:
            if not owner.info_types:
                continue
            out += [f"#### {owner.name}的{len(owner.info_types)}类信息", "",
                    f"重点领域为“{owner.name}”的信息，“信息类别”字段写下列之一（名称、简称或 id）：", ""]
            out += _table(["序号", "id", "名称", "简称"],
                          [[str(n), _code_cell(t.id), _cell(t.name), _join(_cell(a) for a in t.aliases)]
                           for n, t in enumerate(owner.info_types, 1)])
            out += [""]

    # -- units
    out += ['<a id="units"></a>', "", "## 单位", "",
            "“发布机构”字段写单位全称、简称、别名或 id。单位的 id 也是信息文件所在的目录名："
            "`content/<单位 id>/<发布年份>/`。机构代码是索引号的前半部分。"
            "单位更名或合并后 id 和已有索引号不变，旧名称作为别名保留。", ""]
    groups: list[tuple[str, list]] = [("市级单位", [u for u in schema.units.values() if u.level != "county"])]
    for county in schema.county_governments():
        groups.append((county.short or county.name, [u for u in schema.county_members(county) if u.level == "county"]))
    for title, members in groups:
        out += [f"### {title}", ""]
        out += _table(["id", "全称", "简称", "别名", "机构代码"],
                      [[_code_cell(u.id), _cell(u.name), _cell(u.short) or "—",
                        _join(_cell(a) for a in u.aliases), _code_cell(u.code)] for u in members])
        out += [""]
    return "\n".join(out).rstrip("\n") + "\n"


# -- errors.md -----------------------------------------------------------------

def render_errors() -> str:
    out: list[str] = ["# 错误代码", "", GENERATED_NOTE.format(source="`generator/codes.py`"), ""]
    out += [
        "检查结果的每一行都带一个代码，例如 `missing-field`。在本页找到同名的小节，"
        "就能看到它的含义、一个出错的例子和改法。",
        "",
        "- " + SEVERITY_EXPLAINED["error"],
        "- " + SEVERITY_EXPLAINED["warning"],
        "",
        "## 代码一览",
        "",
    ]
    out += _table(["代码", "级别", "含义"],
                  [[f"[{c.code}](#{c.code})", SEVERITY_CN[c.severity], _cell(c.title)] for c in CODES])
    out += [""]
    for c in CODES:
        out += [
            f'<a id="{c.code}"></a>',
            "",
            f"## {c.code}",
            "",
            f"**{c.title}**",
            "",
            f"- 级别：{SEVERITY_CN[c.severity]}" + ("（必须改正）" if c.severity == ERROR else "（不影响合并，请核对）"),
            f"- 出错的例子：{_code(c.example)}",
            f"- 怎样改：{_cell(c.fix)}",
            "",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


# -- entry point -----------------------------------------------------------------

def render_reference(root: Path) -> dict[str, str]:
    """Relative path -> text of every generated page."""
    schema = load_schema(root / "categories.yml", "categories.yml")
    return {"docs/fields.md": render_fields(schema), "docs/errors.md": render_errors()}


def write_reference(root: Path) -> list[Path]:
    """Write docs/fields.md and docs/errors.md under ``root``; return their paths."""
    written = []
    for rel, text in render_reference(root).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        written.append(path)
    return written


__all__ = ["render_fields", "render_errors", "render_reference", "write_reference"]
