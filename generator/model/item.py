"""A disclosure item (政府信息) as the rest of the project sees it: checked, typed values.

Items are built by :func:`generator.checks.check_item` from a
:class:`~generator.source.Source`; nothing else constructs them from files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date

from ..rules import INTERPRETATION_TITLE
from ..urls import item_url
from .schema import Category, DeadlineRule, InfoType, Sector, Unit

_SENTENCE_END = re.compile(r"(?<=[。！？；])")
_MARKUP = re.compile(r"<[^>]+>|!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|[#>*_`|]+|^\s*[-+]\s+|^\s*\d+\.\s+",
                     re.M)
_WHITESPACE = re.compile(r"\s+")
# 主送机关 (GB/T 9704-2012 §7.2.4): the addressees and a colon on a line of their own before the text,
# e.g. 各旗县区人民政府，市直各部门：. A group of addressees starts with 各; a single one ends in an
# organisation's word. Lines that announce what follows (现批复如下：, 主要内容包括：) are text.
_SALUTATION = re.compile(r"(?!.*(?:如下|以下|下列|包括))(?:各[^。！？；：:]{1,80}|[^。！？；：:]{1,80}"
                         r"(?:政府|部门|单位|机关|机构|公司|集团|银行|局|委|会|办|室|厅|院|所|中心|处|站|校|园|馆|社|队|基地))"
                         r"[：:]")


@dataclass
class Attachment:
    path: str          # relative to the item's folder, as written
    title: str
    rel: str           # relative to content/, forward slashes
    size: int = 0

    @property
    def extension(self) -> str:
        return self.path.rsplit(".", 1)[-1].lower() if "." in self.path else ""


@dataclass
class Item:
    rel: str                   # path relative to the project root: content/<unit>/<year>/<slug>.md
    src_uri: str               # path relative to content/: <unit>/<year>/<slug>.md
    title: str
    category: Category
    unit: Unit
    formation_date: date
    publish_date: date
    index_no: str
    body: str = ""
    body_line: int = 1
    co_units: tuple = ()
    change_date: date | None = None
    doc_number: str | None = None
    validity: str | None = None
    abolished_date: date | None = None
    sector: Sector | None = None
    project: str | None = None
    info_type: InfoType | None = None
    decision_type: str | None = None
    decision_count: int | None = None
    decision_dates: tuple = ()                 # ((date, count), ...) as filled in 决定日期, by date
    approval_date: date | None = None          # 批复日期 of a budget or final account
    fee_amount: float | None = None
    fee_period: tuple | None = None            # (first day, last day) of 收费期间
    interpretation_form: str | None = None
    doc_kind: str | None = None
    topic: str | None = None
    keywords: tuple = ()
    summary: str | None = None
    interprets: str | None = None
    superseded_by: str | None = None
    attachments: tuple = ()
    lines: dict = field(default_factory=dict)      # canonical key -> line
    deadline: date | None = None                   # last day to publish on time (None: unknown year)
    days_late: int = 0                             # working days after the deadline
    workdays_taken: int | None = None              # working days from the rule's start date to publication
    deadline_rule: DeadlineRule | None = None      # the time limit that applies (公开时限规则)
    late_decisions: int = 0                        # of a batch, decisions published after their own deadline
    digest: str = field(default="", repr=False, compare=False)    # SHA-256 of the file's bytes (load_repository)

    @property
    def url(self) -> str:
        """Site URL of the item page, derived from its path (directory URLs)."""
        return item_url(self.src_uri)

    @property
    def year(self) -> int:
        return self.publish_date.year

    @property
    def decisions(self) -> list[tuple[date, int]]:
        """(date made, number of decisions) of the decisions this item publishes; [] unless it has a 决定类型.

        Without 决定日期 the 成文日期 is the decision date and 决定数量 (default 1) the count."""
        if not self.decision_type:
            return []
        if self.decision_dates:
            return list(self.decision_dates)
        return [(self.formation_date, 1 if self.decision_count is None else self.decision_count)]

    @property
    def is_interpretation(self) -> bool:
        """A 政策解读: in the interpretation column, naming its policy or its form, or titled as one."""
        return self.category.interpretation or bool(self.interprets or self.interpretation_form) \
            or bool(INTERPRETATION_TITLE.search(self.title))

    @property
    def facts(self) -> dict:
        """The item's values by canonical field key, as the schema's rules (公开时限, 专属发布) match them."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["decision_date"] = self.decision_dates or None
        return values

    @property
    def is_late(self) -> bool:
        return self.days_late > 0

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by index number, so listings never depend on file order."""
        return (-self.publish_date.toordinal(), self.index_no, self.src_uri)

    _derived_summary: str | None = field(default=None, repr=False, compare=False)

    @property
    def description(self) -> str:
        """内容概述: the summary field, or the first sentences of the body (derived once)."""
        if self.summary:
            return self.summary
        if self._derived_summary is None:
            self._derived_summary = derive_summary(self.body)
        return self._derived_summary


_SKIPPED_LINES = ("#", "|", "```", "~~~", "<", "![")


def clean_line(line: str) -> str:
    """A prose line without Markdown or HTML markup (a link keeps its text) and without whitespace."""
    return _WHITESPACE.sub("", _MARKUP.sub(lambda m: m.group(1) or "", line))


def is_salutation(cleaned: str) -> bool:
    """Whether a cleaned line is a 主送机关 line (addressees ending in a colon), not running text."""
    return _SALUTATION.fullmatch(cleaned) is not None


def derive_summary(body: str, limit: int = 120) -> str:
    """First sentences of the running text: headings, tables, code, HTML and images are skipped,
    and so is a first line that only names the addressees (:func:`is_salutation`).

    Each prose line is cleaned on its own (:func:`clean_line`), and only until
    the text is longer than ``limit``: what comes after cannot be part of the
    summary, so a long item costs no more than a short one.
    """
    parts: list[str] = []
    size = 0
    for line in body.split("\n"):
        if line.lstrip().startswith(_SKIPPED_LINES):
            continue
        cleaned = clean_line(line)
        if cleaned and not parts and is_salutation(cleaned):
            continue
        if cleaned:
            parts.append(cleaned)
            size += len(cleaned)
            if size > limit:
                break
    text = "".join(parts)
    if len(text) <= limit:
        return text
    out = ""
    for sentence in _SENTENCE_END.split(text):
        if len(out) + len(sentence) > limit:
            break
        out += sentence
    return out or text[:limit] + "……"
