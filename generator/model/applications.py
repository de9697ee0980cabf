"""依申请公开: the application ledger (台账), the rows of the 2021 annual-report format, the reply limit.

Every unit that handles applications keeps one ledger per year at
``applications/<unit id>/<year>.yml``, outside content/, so it is checked but
never published. It holds one anonymous row per application received that
year (申请) and one per 行政复议 or 行政诉讼 case filed that year (复议诉讼);
rows never name the applicant. :mod:`generator.check.ledgers` reads and checks
a ledger into the classes below; :mod:`generator.report.applications`
computes sections 三 and 四 of the annual report from them.

The vocabularies follow 国办公开办函〔2021〕30号 (the annual-report format):
applicant columns (:data:`APPLICANTS`), the result rows with every sub-row
(:data:`RESULT_GROUPS`, codes such as ``不予公开3``), case kinds
(:data:`CASE_KINDS`) and case results (:data:`CASE_RESULTS`).

Reply limit (条例第三十三条): 20 working days from the day the application
was received (条例第三十一条 says which day that is), not counting that day;
an extension, approved and notified to the applicant, adds at most 20 more.
When the applicant was asked to complete the application (补正, 第三十条),
the limit runs from the day the completed application was received.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .workdays import Calendar

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
# How an application may be made (条例第二十九条): the guide's channels, and 其他 in a ledger.
CHANNELS = ("网上申请", "信函", "当面", "传真", "电子邮件")
LEDGER_CHANNELS = (*CHANNELS, "其他")
CHANNEL_ALIASES = {"网络": "网上申请", "在线申请": "网上申请", "网上": "网上申请", "邮寄": "信函", "来信": "信函",
                   "当面提交": "当面", "现场": "当面", "电邮": "电子邮件", "邮件": "电子邮件"}

REPLY_DAYS = 20          # 条例第三十三条第二款
EXTENSION_DAYS = 20      # 同上: 延长的期限最长不得超过20个工作日
CORRECTION_NOTICE_DAYS = 7   # 条例第三十条: 7个工作日内一次性告知补正

# (group, the format's row, sub-rows). A result code is the group, or the group and the sub-row's number.
RESULT_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("予以公开", "（一）予以公开", ()),
    ("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ()),
    ("不予公开", "（三）不予公开", (
        "属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
        "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项")),
    ("无法提供", "（四）无法提供", (
        "本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确")),
    ("不予处理", "（五）不予处理", (
        "信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息")),
    ("其他处理", "（六）其他处理", (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他")),
)


@dataclass(frozen=True)
class ResultRow:
    code: str          # 予以公开, 部分公开, 不予公开1 … 其他处理3
    group: str         # the row it adds up to
    label: str         # the format's wording


def _result_rows() -> dict[str, ResultRow]:
    rows = {}
    for group, label, subs in RESULT_GROUPS:
        if not subs:
            rows[group] = ResultRow(group, group, label)
        for number, sub in enumerate(subs, start=1):
            rows[f"{group}{number}"] = ResultRow(f"{group}{number}", group, f"{number}.{sub}")
    return rows


RESULTS = _result_rows()
# The sub-rows' wording also names a result (其他 alone is 其他处理3).
_RESULT_NAMES = {row.label.split(".", 1)[1]: code for code, row in RESULTS.items() if "." in row.label}
_RESULT_FORM = re.compile(r"^(不予公开|无法提供|不予处理|其他处理)\s*[-－—第（(]?\s*([1-9])\s*[)）项]?$")

CASE_KINDS = (("行政复议", "行政复议"), ("直接起诉", "行政诉讼（未经复议直接起诉）"),
              ("复议后起诉", "行政诉讼（复议后起诉）"))
CASE_KIND_ALIASES = {"复议": "行政复议", "未经复议直接起诉": "直接起诉", "行政诉讼（未经复议直接起诉）": "直接起诉",
                     "行政诉讼(未经复议直接起诉)": "直接起诉", "行政诉讼（复议后起诉）": "复议后起诉",
                     "行政诉讼(复议后起诉)": "复议后起诉"}
CASE_RESULTS = ("维持", "纠正", "其他结果")
PENDING_CASE = "尚未审结"


def result_code(text: str) -> str | None:
    """The result code a ledger value stands for (不予公开3, 不予公开-3, 不予公开（3）, 属于国家秘密 …), or None."""
    value = "".join(str(text).split())
    if value in RESULTS:
        return value
    match = _RESULT_FORM.match(value)
    if match:
        code = f"{match.group(1)}{match.group(2)}"
        return code if code in RESULTS else None
    return _RESULT_NAMES.get(value)


def channel_name(text: str) -> str | None:
    value = "".join(str(text).split())
    value = CHANNEL_ALIASES.get(value, value)
    return value if value in LEDGER_CHANNELS else None


def case_kind(text: str) -> str | None:
    value = "".join(str(text).split())
    value = CASE_KIND_ALIASES.get(value, value)
    return value if value in dict(CASE_KINDS) else None


@dataclass
class Application:
    """One application (申请), anonymous: when and how it came, who in general, how it ended."""

    line: int
    received: date                 # 收到日期
    applicant: str                 # one of APPLICANTS
    channel: str                   # one of LEDGER_CHANNELS
    ref: str = ""                  # 编号: the unit's own reference, never a person's data
    result: str | None = None      # a code of RESULTS; None while the application is open
    closed: date | None = None     # 答复日期
    extended: bool = False         # 延期: extension approved and notified
    corrected: date | None = None  # 补正日期: completed application received; the limit runs from it
    fee: Decimal = Decimal(0)      # 收费: 信息处理费 charged, in yuan
    deadline: date | None = None   # last day to reply (set by the checker; None when the calendar lacks a year)
    days_late: int = 0             # working days past the deadline (of the reply, or of today while open)

    @property
    def start(self) -> date:
        return self.corrected or self.received

    @property
    def limit_days(self) -> int:
        return REPLY_DAYS + (EXTENSION_DAYS if self.extended else 0)

    def open_at(self, day: date) -> bool:
        """Received by ``day`` and not yet answered at its end."""
        return self.received <= day and (self.closed is None or self.closed > day)


@dataclass
class Case:
    """One 行政复议 or 行政诉讼 case about this unit's disclosure work."""

    line: int
    kind: str                      # a key of CASE_KINDS
    received: date                 # 收到日期: the application for review or the statement of claim
    ref: str = ""
    result: str | None = None      # one of CASE_RESULTS; None while pending
    closed: date | None = None     # 结案日期

    def open_at(self, day: date) -> bool:
        return self.received <= day and (self.closed is None or self.closed > day)


@dataclass
class Ledger:
    unit_id: str
    year: int
    rel: str                                   # applications/<unit>/<year>.yml
    applications: list[Application] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)


def reply_deadline(application: Application, calendar: Calendar) -> date:
    """Last day to reply; raises UnknownYear when the holiday schedule of a year is missing."""
    return calendar.add_workdays(application.start, application.limit_days)
