"""The report's formats: text, Markdown, CSV and JSON of :func:`.compute.compute`, and the command around them."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

from ..problems import ConfigError
from ..rules import INTERPRETATION_DAYS
from ..site.exports import csv_cell
from . import applications
from .compute import compute, default_year

FORMATS = ("text", "md", "csv", "json")


def run_report(root: Path, year: int | None = None, unit: str | None = None, fmt: str = "text", *,
               scope: str | None = None, county: str | None = None) -> str:
    """Load and check the repository at ``root`` and return the report in ``fmt``.

    Raises ConfigError (the CLI exits 2) for a repository with errors, an
    unknown unit, a bad year or format.
    """
    from ..check.repository import load_repository

    if fmt not in FORMATS:
        raise ConfigError(f"未知的输出格式“{fmt}”。", hint="可用：" + "、".join(FORMATS))
    if year is not None and not 1900 <= year <= 9999:
        raise ConfigError(f"年份“{year}”不对。", hint="写四位年份，例如 --year 2025。")
    repo = load_repository(Path(root))
    if repo.errors:
        raise ConfigError(f"信息检查发现 {len(repo.errors)} 个错误，统计报表没有生成。",
                          hint="先运行 python -m generator check，改正全部错误后再统计")
    if year is None:
        year = default_year(repo.today)
    data = compute(repo, year, unit, scope=scope, county=county)
    return FORMATTERS[fmt](data)


def percent(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def amount_text(value) -> str:
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _show(value) -> str:
    return "—" if value is None else str(value)


STAT_HEAD = ("发布条数", "按时", "逾期", "无法计算", "按时率", "中位用时（工作日）")


def stat_cells(row: dict) -> list[str]:
    return [str(row["items"]), str(row["on_time"]), str(row["late"]), str(row["unknown"]),
            percent(row["on_time_rate"]), _show(row["median_workdays"])]


def sections(data: dict) -> list[tuple[str, list[str], list[list[str]], str]]:
    """(heading, header, rows, note) for the text and Markdown formats, in report order."""
    out = []
    active = [u for u in data["units"] if u["items"]]
    idle = [u["name"] for u in data["units"] if not u["items"]]
    out.append(("一、按单位统计公开时效", ["单位", *STAT_HEAD],
                [[u["name"], *stat_cells(u)] for u in active],
                (f"本年未发布信息的单位（{len(idle)} 个）：" + "、".join(idle)) if idle else ""))
    out.append(("二、按公开类别统计公开时效", ["公开类别", *STAT_HEAD],
                [[f"（{c['number']}）{c['name']}", *stat_cells(c)] for c in data["categories"] if c["items"]],
                "未列出的类别本年没有发布信息。"))
    out.append(("三、逾期公开的信息", ["索引号", "标题", "发布机构", "发布日期", "最晚应公开", "逾期", "时限规则"],
                [[e["index_no"], e["title"], e["unit_name"], e["publish_date"], e["deadline"],
                  f"{e['days_late']} {e['late_unit']}" + (f"（{e['late_decisions']} 件决定）" if e["late_decisions"] else ""),
                  f"{e['rule_name']} {e['limit']}"]
                 for e in data["late_items"]], "时限规则及法律依据见 docs/fields.md“公开时限”。"))
    if data["unknown_items"]:
        out.append(("无法计算公开时限的信息（节假日安排未录入）", ["索引号", "标题", "发布机构", "发布日期"],
                    [[e["index_no"], e["title"], e["unit_name"], e["publish_date"]] for e in data["unknown_items"]],
                    "在 holidays.yml 中录入相应年份的节假日安排后重新统计。"))
    out.append(("四、未配发解读的规范性文件", ["索引号", "标题", "发布机构", "发文字号", "发布日期"],
                [[e["index_no"], e["title"], e["unit_name"], e["doc_number"] or "", e["publish_date"]]
                 for e in data["regulations_without_interpretation"]], ""))
    out.append((f"五、晚于政策文件 {INTERPRETATION_DAYS} 个工作日以上发布的解读",
                ["索引号", "解读标题", "发布机构", "解读对象", "政策发布日期", "解读发布日期", "间隔（工作日）"],
                [[e["index_no"], e["title"], e["unit_name"], e["policy_index_no"], e["policy_publish_date"],
                  e["publish_date"], str(e["workdays_after"])] for e in data["late_interpretations"]], ""))
    out.append(("六、重大建设项目八类信息公开情况（截至年底）", ["项目名称", "已公开", "未公开的信息类别"],
                [[p["name"], f"{len(p['published'])}/{len(p['types'])}", "、".join(p["missing"]) or "无"]
                 for p in data["projects"]], ""))
    t = data["annual_tables"]
    rows = [[f"第二十条第（一）项 {k}", "本年制发件数 / 本年废止件数 / 现行有效件数",
             f"{v['made']} / {v['abolished']} / {v['in_force']}"] for k, v in t["art20_1"].items()]
    for key, number in (("art20_5", "五"), ("art20_6", "六")):
        rows += [[f"第二十条第（{number}）项 {k}", "本年处理决定数量", str(v["decisions"])] for k, v in t[key].items()]
    rows += [[f"第二十条第（八）项 {k}", "本年收费金额（万元）", amount_text(v["amount_wan_yuan"])]
             for k, v in t["art20_8"].items()]
    expired = sum(v["expired"] for v in t["art20_1"].values())
    repealed = sum(v["repealed"] for v in t["art20_1"].values())
    note = (f"本年废止件数含失效 {expired} 件、废止 {repealed} 件；制发件数按成文日期，处理决定数量按决定日期，"
            "收费金额只计收费期间为全年的金额。")
    if data["fees_not_counted"]:
        note += "未计入的收费金额：" + "；".join(f"{e['title']}（{amount_text(e['fee_amount'])} 万元，{e['reason']}）"
                                             for e in data["fees_not_counted"]) + "。"
    out.append(("七、年度报告“主动公开政府信息情况”", ["信息内容", "统计项", "数量"], rows, note))
    roll = [[c["name"], *stat_cells(c), str(c["late_items"]), str(c["regulations_without_interpretation"]),
             str(c["late_interpretations"])] for c in [data["municipal"], *data["counties"], data["city"]]
            if c["units"]]
    roll[-1][0] = ("全市合计" if data["scope"]["kind"] == "city" else f"合计（{data['scope']['name']}）")
    out.append(("八、按旗县区汇总", ["范围", *STAT_HEAD, "逾期条数", "未配解读", "解读滞后"], roll, ""))
    out.append(("九、牵头和责任单位本年未发布信息的类别和领域", ["类别或领域", "未发布的单位"],
                [[c["name"], "、".join(c["unit_names"])] for c in data["coverage"]],
                "依据《实施意见》第三、四部分的分工；只是提示覆盖情况，信息由制作单位发布（谁制作、谁公开）。"))
    out += _application_sections(data["applications"])
    return out


def _application_sections(figures: dict) -> list[tuple[str, list[str], list[list[str]], str]]:
    """Sections 三 and 四 of the annual report and the late replies (依申请公开, from the ledgers)."""
    three, four = figures["section_three"], figures["section_four"]
    failed = [c["rule"] for c in three["checks"] + four["checks"] if not c["ok"]]
    balance = "勾稽关系核对无误（每列 一 + 二 = 三（七）+ 四，各项等于分项之和）。" if not failed else \
        "勾稽关系不成立：" + "；".join(failed) + "。"
    fees = three["fees"]
    rows = [[r["label"], *(str(r["counts"][c]) if r["counts"] else "" for c in applications.COLUMNS)]
            for r in applications.three_rows(three)]
    cases = [[r["label"], *(str(r["counts"][c]) for c in applications.CASE_COLUMNS)]
             for r in applications.four_rows(four)]
    late = [[e["unit_name"], e["ref"] or f"{e['ledger']}:{e['line']}", e["received"], e["deadline"],
             e["closed"] or "尚未答复", f"{e['days_late']} 个工作日"] for e in figures["late_replies"]]
    return [
        ("十、收到和处理政府信息公开申请情况（年度报告第三部分）", ["项目", *applications.COLUMNS], rows,
         balance + f"信息处理费：{fees['applications']} 件，{amount_text(fees['amount_yuan'])} 元。"),
        ("十一、政府信息公开行政复议、行政诉讼情况（年度报告第四部分）", ["事项", *applications.CASE_COLUMNS], cases, ""),
        ("十二、逾期答复的申请", ["单位", "编号", "收到日期", "最晚应答复", "答复日期", "逾期"], late,
         "《条例》第三十三条：20 个工作日，经批准延长的 40 个工作日；按本年收到的申请统计。"),
    ]


def _title(data: dict) -> str:
    return f"{data['scope']['name']}政府信息公开工作统计（{data['year']}年）"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space


def _basis_line(data: dict) -> str:
    return (f"统计口径：公开时效按 {data['year']} 年发布的信息、按适用的法定时限计算；年度报告表格按成文日期、"
            f"决定日期和收费期间统计；范围：{data['scope']['name']}（{data['scope']['units']} 个单位）。")


def format_text(data: dict) -> str:
    lines = [_title(data), _basis_line(data), ""]
    for heading, head, rows, note in sections(data):
        lines.append(heading)
        if rows:
            widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(len(head))]
            numeric = [all(r[i].replace(".", "").replace("%", "").replace("—", "").replace(" / ", "").isdigit()
                           or r[i] == "—" for r in rows) for i in range(len(head))]
            for row in [head, *rows]:
                lines.append("  " + "  ".join(_pad(cell, w, num and row is not head) for cell, w, num
                                              in zip(row, widths, numeric)).rstrip())
        else:
            lines.append("  无。")
        if note:
            lines.append("  " + note)
        lines.append("")
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def format_md(data: dict) -> str:
    lines = [f"# {_title(data)}", "", _basis_line(data), ""]
    for heading, head, rows, note in sections(data):
        lines += [f"## {heading}", ""]
        if rows:
            lines.append("| " + " | ".join(_md_cell(h) for h in head) + " |")
            lines.append("|" + "|".join("---" for _ in head) + "|")
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        else:
            lines.append("无。")
        lines.append("")
        if note:
            lines += [note, ""]
    return "\n".join(lines)


CSV_COLUMNS = ("section", "id", "name", "unit", "items", "on_time", "late", "unknown", "on_time_rate",
               "median_workdays", "publish_date", "deadline", "days_late", "related", "published", "missing",
               "measure", "value")


def format_csv(data: dict) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    stat_keys = ("items", "on_time", "late", "unknown", "on_time_rate", "median_workdays")

    def put(**row):
        writer.writerow({k: ("" if v is None else csv_cell(v) if isinstance(v, str) else v) for k, v in row.items()})

    for u in data["units"]:
        put(section="units", id=u["unit"], name=u["name"], unit=u["unit"], **{k: u[k] for k in stat_keys})
    for c in data["categories"]:
        put(section="categories", id=c["category"], name=c["name"], **{k: c[k] for k in stat_keys})
    for e in data["late_items"]:
        put(section="late_items", id=e["index_no"], name=e["title"], unit=e["unit"], publish_date=e["publish_date"],
            deadline=e["deadline"], days_late=e["days_late"], related=e["rule"])
    for e in data["unknown_items"]:
        put(section="unknown_items", id=e["index_no"], name=e["title"], unit=e["unit"], publish_date=e["publish_date"])
    for e in data["regulations_without_interpretation"]:
        put(section="regulations_without_interpretation", id=e["index_no"], name=e["title"], unit=e["unit"],
            publish_date=e["publish_date"])
    for e in data["late_interpretations"]:
        put(section="late_interpretations", id=e["index_no"], name=e["title"], unit=e["unit"],
            publish_date=e["publish_date"], related=e["policy_index_no"], measure="workdays_after",
            value=e["workdays_after"])
    for p in data["projects"]:
        put(section="projects", id=p["project"], name=p["name"], published="、".join(p["published"]),
            missing="、".join(p["missing"]), measure="published_types", value=len(p["published"]))
    for section, entries in (("municipal", [data["municipal"]]), ("counties", data["counties"]),
                             ("city", [data["city"]])):
        for c in entries:
            put(section=section, id=c.get("county", ""), name=c["name"], **{k: c[k] for k in stat_keys})
    for table, rows in data["annual_tables"].items():
        for row, values in rows.items():
            for measure, value in values.items():
                put(section="annual_tables", id=table, name=row, measure=measure, value=value)
    for e in data["fees_not_counted"]:
        put(section="fees_not_counted", id=e["index_no"], name=e["title"], unit=e["unit"],
            publish_date=e["publish_date"], measure="fee_amount", value=e["fee_amount"], related=e["reason"])
    for c in data["coverage"]:
        put(section="coverage", id=c["id"], name=c["name"], related=c["kind"], missing="、".join(c["units"]))
    figures = data["applications"]
    for row in applications.three_rows(figures["section_three"]):
        for column, value in (row["counts"] or {}).items():
            put(section="applications", id=row["key"], name=row["label"], measure=column, value=value)
    for row in applications.four_rows(figures["section_four"]):
        for column, value in row["counts"].items():
            put(section="reviews", id=row["key"], name=row["label"], measure=column, value=value)
    for e in figures["late_replies"]:
        put(section="late_replies", id=e["ref"], name=e["ledger"], unit=e["unit"], publish_date=e["closed"] or "",
            deadline=e["deadline"], days_late=e["days_late"], related=e["received"])
    return "\ufeff" + buffer.getvalue()


def format_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMATTERS = {"text": format_text, "md": format_md, "csv": format_csv, "json": format_json}
