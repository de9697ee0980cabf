"""The application ledgers (依申请公开台账) under applications/: where they are, what they may hold, their dates.

A ledger is ``applications/<unit id>/<year>.yml``, a unit that handles
applications (categories.yml) and a four-digit year; nothing else may be in
that folder. It is YAML with up to four keys (Chinese or English)::

    单位: 市财政局          # optional; must be the folder's unit
    年度: 2025              # optional; must be the file's year
    申请:                   # one row per application received in the year
      - {编号: CZ2025-01, 收到日期: 2025-01-08, 申请人: 自然人, 渠道: 网上申请, 结果: 予以公开, 答复日期: 2025-01-20}
      - {收到日期: 2025-12-22, 申请人: 商业企业, 渠道: 信函}        # still open
    复议诉讼:               # one row per 行政复议 or 行政诉讼 case filed in the year
      - {类型: 行政复议, 收到日期: 2025-04-01, 结果: 维持, 结案日期: 2025-06-20}

Rows are anonymous: any other key is an error, so that no name, ID or phone
number finds a place in a ledger; the privacy guard
(:mod:`.personal_data`) still reads the whole file, comments included, and
control characters are refused. Dates must fit together (received in the
ledger's year, answered after receipt and not in the future); a reply later
than the limit of 条例第三十三条 (:func:`generator.model.applications.reply_deadline`)
is a warning, as is an open application past its limit.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from ..model import applications as model
from ..model.dates import DateError, parse_date
from ..model.source import decode, yaml_limits
from ..model.textrules import describe, find_bad
from ..model.workdays import UnknownYear
from ..model.yamlnodes import LDict, LList, build
from ..problems import ERROR, ConfigError, Problem
from . import personal_data
from .characters import HINT as CONTROL_HINT
from .context import Collector, Context

CODES = ("ledger-path", "ledger-field", "ledger-value", "ledger-dates", "late-reply", "calendar-missing",
         "unsafe-file", "empty-file", "not-utf8", "yaml-syntax", "yaml-limit", "duplicate-key", "control-character",
         "personal-data", "insufficient-masking")

FOLDER = "applications"
MAX_LEDGER_BYTES = 1024 * 1024
_YEAR_FILE = re.compile(r"^(\d{4})\.yml$")

# canonical key -> the names a ledger may use for it (the first one is what messages say)
TOP_KEYS = {"unit": ("单位", "unit"), "year": ("年度", "year"), "applications": ("申请", "applications"),
            "cases": ("复议诉讼", "cases")}
APPLICATION_KEYS = {"ref": ("编号", "ref"), "received": ("收到日期", "received"),
                    "applicant": ("申请人", "申请人类型", "applicant"), "channel": ("渠道", "申请渠道", "channel"),
                    "result": ("结果", "办理结果", "result"), "closed": ("答复日期", "closed"),
                    "extended": ("延期", "extended"), "corrected": ("补正日期", "corrected"),
                    "fee": ("收费", "信息处理费", "fee")}
CASE_KEYS = {"ref": ("编号", "ref"), "kind": ("类型", "kind"), "received": ("收到日期", "received"),
             "result": ("结果", "result"), "closed": ("结案日期", "closed")}
ANONYMOUS = "台账是匿名的：不记录申请人的姓名、证件号码、联系方式和地址。"
EXAMPLE_ROW = "例如：- {收到日期: 2025-03-02, 申请人: 自然人, 渠道: 网上申请, 结果: 予以公开, 答复日期: 2025-03-20}"
EXAMPLE_CASE = "例如：- {类型: 行政复议, 收到日期: 2025-04-01, 结果: 维持, 结案日期: 2025-06-20}"


@dataclass
class LedgerFile:
    path: str          # absolute
    rel: str           # applications/<unit>/<year>.yml
    unit_id: str
    year: int


def _problem(rel: str, code: str, message: str, hint: str, line: int | None = None) -> Problem:
    return Problem(rel, line, None, None, code, ERROR, message, hint)


def scan(root: Path, schema, today: date) -> tuple[list[LedgerFile], list[Problem]]:
    """The ledger files under ``root/applications`` in a stable order, and a problem for anything else there.

    Links are never followed: a ledger is read by the checker, so a link could make it read any file."""
    base = root / FOLDER
    found: list[LedgerFile] = []
    problems: list[Problem] = []
    if not base.is_dir() or base.is_symlink():
        if base.is_symlink():
            problems.append(_problem(FOLDER, "unsafe-file", f"“{FOLDER}”是指向别处的符号链接。", "提交真实的文件夹和台账文件。"))
        return found, problems
    prefix = len(str(root)) + 1
    for dirpath, dirnames, filenames in os.walk(base):
        for name in sorted(dirnames):
            if os.path.islink(os.path.join(dirpath, name)):
                rel = os.path.join(dirpath, name)[prefix:].replace(os.sep, "/")
                problems.append(_problem(rel, "unsafe-file", f"“{rel}”是指向别处的符号链接（文件夹）。",
                                         "提交真实的文件夹和台账文件。"))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not os.path.islink(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = path[prefix:].replace(os.sep, "/")
            if name.startswith("."):
                continue
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
                problems.append(_problem(rel, "unsafe-file", f"“{rel}”是符号链接或特殊文件。", "提交真实的台账文件。"))
                continue
            entry, problem = _place(rel, path, schema, today)
            if problem is not None:
                problems.append(problem)
            if entry is not None:
                found.append(entry)
    return found, problems


def _place(rel: str, path: str, schema, today: date) -> tuple[LedgerFile | None, Problem | None]:
    parts = rel.split("/")
    hint = f"台账放在 {FOLDER}/<单位 id>/<年份>.yml，例如 {FOLDER}/czj/2025.yml；这个目录中不放其他文件。"
    if len(parts) != 3:
        return None, _problem(rel, "ledger-path", f"“{rel}”不是台账文件的位置。", hint)
    unit = schema.units.get(parts[1])
    if unit is None:
        near = schema.closest("unit", parts[1])
        return None, _problem(rel, "ledger-path", f"目录名“{parts[1]}”不是单位 id。",
                              (f"是否想写“{near}”？" if near else "") + hint)
    if not unit.handles_applications:
        return None, _problem(rel, "ledger-path", f"{unit.name}在 categories.yml 中不受理政府信息公开申请（applications: false）。",
                              "申请由受理机构登记；确需受理的，先在 categories.yml 中写明受理机构和申请渠道。")
    match = _YEAR_FILE.match(parts[2])
    if match is None:
        return None, _problem(rel, "ledger-path", f"台账文件名“{parts[2]}”不是“四位年份.yml”。", hint)
    year = int(match.group(1))
    if not 2000 <= year <= today.year:
        return None, _problem(rel, "ledger-path", f"台账年份 {year} 不对（2000 年至今年）。", hint)
    return LedgerFile(path, rel, unit.id, year), None


# -- one ledger ------------------------------------------------------------------

def check(data: bytes, file: LedgerFile, ctx: Context) -> tuple[model.Ledger | None, list[Problem]]:
    """Read and check one ledger's bytes; the ledger (None when it cannot be read) and its problems."""
    out = Collector(file.rel)
    text, problems = decode(data, file.rel)
    out.problems.extend(problems)
    if text is None:
        return None, out.problems
    _scan_text(text, ctx, out)
    root = _parse(text, out)
    if root is None:
        return None, out.problems
    ledger = model.Ledger(file.unit_id, file.year, file.rel)
    if not isinstance(root, LDict):
        out.error(1, None, None, "ledger-field", "台账应是“申请:”“复议诉讼:”等键开头的映射。",
                  "第一行写“申请:”，下面每条申请一行。" + EXAMPLE_ROW)
        return ledger, out.problems
    keys = _keys(root, TOP_KEYS, "台账", out, "可用的键：单位、年度、申请、复议诉讼。")
    unit = ctx.schema.units[file.unit_id]
    if "unit" in keys:
        named = ctx.schema.find_unit(root[keys["unit"]])
        if named is None or named.id != unit.id:
            out.error(root.line_of(keys["unit"]), None, "unit", "ledger-value",
                      f"“单位”写的是“{root[keys['unit']]}”，但台账在 {unit.name}（{unit.id}）的目录中。",
                      f"改为 {unit.short or unit.name}，或把台账放到该单位的目录下。")
    if "year" in keys and str(root[keys["year"]]).strip() != str(file.year):
        out.error(root.line_of(keys["year"]), None, "year", "ledger-value",
                  f"“年度”写的是“{root[keys['year']]}”，但文件名是 {file.year}.yml。", "年度与文件名一致。")
    for row in _rows(root, keys.get("applications"), "申请", out):
        found = _application(row, file.year, ctx, out)
        if found is not None:
            ledger.applications.append(found)
    for row in _rows(root, keys.get("cases"), "复议诉讼", out):
        case = _case(row, file.year, ctx, out)
        if case is not None:
            ledger.cases.append(case)
    _unique_refs([(a.ref, a.line) for a in ledger.applications], out)
    _unique_refs([(c.ref, c.line) for c in ledger.cases], out)
    return ledger, out.problems


def _scan_text(text: str, ctx: Context, out: Collector) -> None:
    """Control characters and personal numbers anywhere in the file, comments included."""
    for number, text_line in enumerate(text.split("\n"), start=1):
        bad = find_bad(text_line)
        if bad is not None:
            out.error(number, bad.start() + 1, None, "control-character",
                      f"台账第 {number} 行含有不可见的控制字符 {describe(bad.group())}。", CONTROL_HINT)
    for finding in personal_data.find_personal_data(text, on=ctx.today):
        line = text.count("\n", 0, finding.start) + 1
        column = finding.start - (text.rfind("\n", 0, finding.start) + 1) + 1
        if finding.insufficient:
            out.error(line, column, None, "insufficient-masking",
                      f"台账中的{finding.label}“{finding.value}”脱敏不足。", ANONYMOUS + "删除这个号码。")
        else:
            out.error(line, column, None, "personal-data", f"台账中有{finding.label}“{finding.value}”。",
                      ANONYMOUS + "删除这个号码（注释中也不要写）。")


def _parse(text: str, out: Collector):
    refused = yaml_limits(text, "台账", max_bytes=MAX_LEDGER_BYTES, max_events=200_000)
    if refused is not None:
        message, line = refused
        out.error(line + 1 if line is not None else None, None, None, "yaml-limit", message + "。",
                  "台账每条申请一行；一个单位一年一个文件，不使用锚点（&）和别名（*）。")
        return None
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        out.error(mark.line + 1 if mark else None, mark.column + 1 if mark else None, None, "yaml-syntax",
                  f"台账的 YAML 格式有误：{getattr(exc, 'problem', None) or exc}。",
                  "每条申请写成 - {键: 值, 键: 值}，半角冒号和逗号后留空格，花括号成对。")
        return None
    if node is None:
        out.error(1, None, None, "ledger-field", "台账没有内容。", "写“申请:”并逐条登记；本年没有申请时写“申请: []”。")
        return None
    try:
        return build(node, out.rel)
    except ConfigError as exc:
        out.error(exc.line, None, None, "duplicate-key", exc.message, "一条记录中每个键只写一次；删除重复的一项。")
        return None


def _keys(entry: LDict, table: dict, what: str, out: Collector, allowed: str) -> dict[str, str]:
    """Canonical key -> the key as written; unknown keys are errors."""
    names = {name: key for key, aliases in table.items() for name in aliases}
    found: dict[str, str] = {}
    for written in entry:
        key = names.get(str(written).strip())
        if key is None:
            out.error(entry.line_of(written), None, None, "ledger-field", f"{what}中有未知的键“{written}”。",
                      ANONYMOUS + allowed)
        elif key in found:
            out.error(entry.line_of(written), None, key, "duplicate-key",
                      f"{what}中“{written}”和“{found[key]}”是同一个键。", "只保留一个。")
        else:
            found[key] = written
    return found


def _rows(root: LDict, key: str | None, what: str, out: Collector) -> list[LDict]:
    if key is None:
        return []
    value = root[key]
    if value is None:
        return []
    if not isinstance(value, LList):
        out.error(root.line_of(key), None, TOP_KEYS_BY_NAME.get(key, key), "ledger-value",
                  f"“{what}”应是列表，每条一行，以“- ”开头。", EXAMPLE_ROW if what == "申请" else EXAMPLE_CASE)
        return []
    rows = []
    for index, row in enumerate(value):
        if not isinstance(row, LDict):
            out.error(value.line_of(index), None, TOP_KEYS_BY_NAME.get(key, key), "ledger-value",
                      f"“{what}”的第 {index + 1} 条不是“键: 值”的记录。", EXAMPLE_ROW if what == "申请" else EXAMPLE_CASE)
            continue
        rows.append(row)
    return rows


TOP_KEYS_BY_NAME = {name: key for key, aliases in TOP_KEYS.items() for name in aliases}


class _Row:
    """Typed values of one row, each error reported at the row's line with the canonical field."""

    def __init__(self, row: LDict, table: dict, what: str, out: Collector):
        self.row, self.what, self.out = row, what, out
        self.keys = _keys(row, table, what, out, "可用的键：" + "、".join(a[0] for a in table.values()) + "。")
        self.table = table
        self.ok = True

    def line(self, key: str | None = None) -> int:
        return self.row.line_of(self.keys[key]) if key in self.keys else self.row.line

    def label(self, key: str) -> str:
        return self.table[key][0]

    def raw(self, key: str):
        value = self.row.get(self.keys[key]) if key in self.keys else None
        return None if isinstance(value, str) and not value.strip() else value

    def report(self, key: str | None, code: str, message: str, hint: str) -> None:
        self.ok = False
        self.out.error(self.line(key), None, key, code, f"{self.what}{message}", hint)

    def require(self, key: str, hint: str) -> None:
        if self.raw(key) is None:
            self.report(key, "ledger-field", f"缺少“{self.label(key)}”。", hint)

    def date(self, key: str) -> date | None:
        value = self.raw(key)
        if value is None:
            return None
        try:
            return parse_date(value)
        except DateError as exc:
            self.report(key, "ledger-value", f"的“{self.label(key)}”{exc.message}。", exc.hint)
            return None

    def choice(self, key: str, convert, allowed: tuple) -> str | None:
        value = self.raw(key)
        if value is None:
            return None
        found = convert(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if found is None:
            self.report(key, "ledger-value", f"的“{self.label(key)}”写的是“{value}”，不是可用的值。",
                      "可用：" + "、".join(allowed) + "。")
        return found

    def text(self, key: str) -> str:
        value = self.raw(key)
        if value is None:
            return ""
        if isinstance(value, (dict, list)) or isinstance(value, bool):
            self.report(key, "ledger-value", f"的“{self.label(key)}”应是一段文字。", "编号写本单位的登记号，如 CZ2025-01。")
            return ""
        return str(value).strip()


def _in_order(row: _Row, year: int, today: date, received: date | None, closed: date | None,
              closed_key: str, what_closed: str, corrected: date | None = None) -> None:
    if received is not None and received.year != year:
        row.report("received", "ledger-dates", f"的收到日期 {received.isoformat()} 不在 {year} 年。",
                 f"{year}.yml 只登记 {year} 年收到的；上年收到、本年办结的，在上年的台账中补写{what_closed}。")
    for key, day in (("received", received), ("corrected", corrected), (closed_key, closed)):
        if day is not None and day > today:
            row.report(key, "ledger-dates", f"的“{row.label(key)}”{day.isoformat()} 在将来。", "填实际日期。")
    if received is not None and corrected is not None and corrected < received:
        row.report("corrected", "ledger-dates", f"的补正日期 {corrected.isoformat()} 早于收到日期。", "核对两个日期。")
    start = corrected or received
    if start is not None and closed is not None and closed < start:
        row.report(closed_key, "ledger-dates",
                 f"的{row.label(closed_key)} {closed.isoformat()} 早于{'补正' if corrected else '收到'}日期 {start.isoformat()}。",
                 "核对日期。")


def _result_pair(row: _Row, result, closed, closed_key: str, pending: str) -> None:
    if result is not None and row.raw(closed_key) is None:
        row.report(closed_key, "ledger-field", f"写了结果，但缺少“{row.label(closed_key)}”。",
                 f"补上{row.label(closed_key)}；{pending}")
    if row.raw(closed_key) is not None and row.raw("result") is None:
        row.report("result", "ledger-field", f"写了{row.label(closed_key)}，但缺少“结果”。", f"补上结果；{pending}")


def _application(entry: LDict, year: int, ctx: Context, out: Collector) -> model.Application | None:
    row = _Row(entry, APPLICATION_KEYS, "这条申请", out)
    for key in ("received", "applicant", "channel"):
        row.require(key, EXAMPLE_ROW)
    received, closed, corrected = row.date("received"), row.date("closed"), row.date("corrected")
    applicant = row.choice("applicant", lambda v: str(v).strip() if str(v).strip() in model.APPLICANTS else None,
                           model.APPLICANTS)
    channel = row.choice("channel", model.channel_name, model.LEDGER_CHANNELS)
    result = row.choice("result", model.result_code, ("予以公开", "部分公开", "不予公开1至8", "无法提供1至3",
                                                      "不予处理1至5", "其他处理1至3（见办事指南）"))
    extended = _flag(row, "extended")
    fee = _fee(row)
    ref = row.text("ref")
    _result_pair(row, result, closed, "closed", "尚未答复的申请两项都不写。")
    _in_order(row, year, ctx.today, received, closed, "closed", "答复日期和结果", corrected)
    if not row.ok or received is None or applicant is None or channel is None:
        return None
    found = model.Application(line=entry.line, received=received, applicant=applicant, channel=channel, ref=ref,
                              result=result, closed=closed, extended=extended, corrected=corrected, fee=fee)
    _timeliness(found, row, ctx)
    return found


def _flag(row: _Row, key: str) -> bool:
    value = row.raw(key)
    if value is None or value is False or value in ("否", "无"):
        return False
    if value is True or value in ("是", "有"):
        return True
    row.report(key, "ledger-value", f"的“{row.label(key)}”写的是“{value}”。", "写“是”或“否”；经批准并告知申请人延长答复期限的写“是”。")
    return False


def _fee(row: _Row) -> Decimal:
    value = row.raw("fee")
    if value is None:
        return Decimal(0)
    try:
        amount = Decimal(str(value)) if not isinstance(value, bool) else Decimal(-1)
    except InvalidOperation:
        amount = Decimal(-1)
    # An amount in yuan and fen, below a bound no information-processing fee comes near (1e999 would stop the sum).
    if not amount.is_finite() or not 0 <= amount <= MAX_FEE or amount != amount.quantize(Decimal("0.01")):
        row.report("fee", "ledger-value", f"的“收费”写的是“{value}”。",
                   "写收取的信息处理费金额（元，最多两位小数，例如 30 或 12.50），没有收费时不写或写 0。")
        return Decimal(0)
    return amount


MAX_FEE = Decimal(1_000_000)


def _timeliness(found: model.Application, row: _Row, ctx: Context) -> None:
    """The reply limit of 条例第三十三条: a warning when the reply came late, or has not come in time."""
    try:
        found.deadline = model.reply_deadline(found, ctx.calendar)
        end = found.closed or ctx.today
        found.days_late = ctx.calendar.workdays_between(found.deadline, end) if end > found.deadline else 0
    except UnknownYear as exc:
        row.out.warning(row.line("received"), None, "received", "calendar-missing",
                        f"没有 {exc.year} 年的法定节假日安排，无法计算答复期限。",
                        f"在 holidays.yml 中录入国务院办公厅公布的 {exc.year} 年节假日和调休安排。")
        return
    if not found.days_late:
        return
    limit = f" {found.limit_days} 个工作日（{'含延长的 20 个工作日' if found.extended else '未延期'}）"
    since = f"自{'补正' if found.corrected else '收到申请'}之日（{found.start.isoformat()}）起"
    if found.closed is not None:
        message = f"{since}{limit}内应答复（最晚 {found.deadline.isoformat()}），实际晚了 {found.days_late} 个工作日。"
    else:
        message = f"{since}{limit}内应答复（最晚 {found.deadline.isoformat()}），至今仍未答复，已超过 {found.days_late} 个工作日。"
    row.out.warning(row.line("closed"), None, "closed", "late-reply", f"{row.what}超过答复期限：{message}",
                    "《条例》第三十三条：不能当场答复的，自收到申请之日起 20 个工作日内答复；延长须经负责人同意并告知申请人，"
                    "最长 20 个工作日。逾期答复计入公开工作监督。")


def _case(entry: LDict, year: int, ctx: Context, out: Collector) -> model.Case | None:
    row = _Row(entry, CASE_KEYS, "这个复议诉讼案件", out)
    for key in ("kind", "received"):
        row.require(key, EXAMPLE_CASE)
    kinds = tuple(k for k, _ in model.CASE_KINDS)
    kind = row.choice("kind", model.case_kind, kinds)
    received, closed = row.date("received"), row.date("closed")
    result = row.choice("result", lambda v: str(v).strip() if str(v).strip() in model.CASE_RESULTS else None,
                        (*model.CASE_RESULTS, "（尚未审结的不写）"))
    ref = row.text("ref")
    _result_pair(row, result, closed, "closed", "尚未审结的案件两项都不写。")
    _in_order(row, year, ctx.today, received, closed, "closed", "结案日期和结果")
    if not row.ok or received is None or kind is None:
        return None
    return model.Case(line=entry.line, kind=kind, received=received, ref=ref, result=result, closed=closed)


def _unique_refs(refs: list[tuple[str, int]], out: Collector) -> None:
    seen: dict[str, int] = {}
    for ref, line in refs:
        if not ref:
            continue
        if ref in seen:
            out.error(line, None, "ref", "ledger-value", f"编号“{ref}”重复（第 {seen[ref]} 行已有）。", "每条记录一个编号，或不写编号。")
        else:
            seen[ref] = line
