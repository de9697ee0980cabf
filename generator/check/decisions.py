"""Administrative decisions (行政许可、行政处罚、行政强制决定): the 决定类型 a title names, 决定日期 and 决定数量.

A decision may be published in any category (a licence in category 10, a
penalty in category 13); what makes it a decision is its 决定类型. The time
limit (:mod:`.timeliness`) and the annual report count each decision from its
own date, so a batch should list the date of every decision it publishes.
"""

from __future__ import annotations

import re

from ..rules import decision_type_in_title
from .context import Collector, Context, Draft

CODES = ("missing-decision-type", "decision-dates-missing", "bad-value")
# A title naming a month, quarter or half year but no day: a batch of decisions made on different days.
BATCH_PERIOD = re.compile(r"\d{1,2}\s*月(?!\s*\d{1,2}\s*日)|[一二三四1-4]\s*季度|[上下]半年|\d{1,2}\s*[-—至]\s*\d{1,2}\s*月")


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    values, fields = draft.values, draft.fields
    title, decision_type = values.get("title"), values.get("decision_type")
    named = decision_type_in_title(title) if isinstance(title, str) else None
    if named and "decision_type" not in fields:
        out.error(*draft.at("title"), "decision_type", "missing-decision-type",
                  f"标题表明这是{named}决定，但没有填写“决定类型”。",
                  f"添加一行“决定类型: {named}”：决定按作出之日起的法定时限检查，并计入年度报告第二十条的表格；"
                  "批量公开的，再用“决定日期”逐件写出作出日期。")
    dates = values.get("decision_date")
    count = values.get("decision_count")
    if dates and "decision_type" not in fields:
        out.error(*draft.at("decision_date"), "decision_date", "bad-value",
                  "填写了“决定日期”，但没有填写“决定类型”。",
                  "添加“决定类型”（行政许可、行政处罚或行政强制），或删除决定日期。")
    if dates and count is not None and count != sum(n for _day, n in dates):
        out.error(*draft.at("decision_count"), "decision_count", "bad-value",
                  f"决定数量 {count} 与决定日期列出的 {sum(n for _day, n in dates)} 件不一致。",
                  "核对件数；列出了决定日期的，可以删除决定数量（按列出的件数统计）。")
    if decision_type and not dates and count is not None and count > 1 and isinstance(title, str) \
            and BATCH_PERIOD.search(title):
        out.warning(*draft.at("decision_count"), "decision_count", "decision-dates-missing",
                    f"标题表明本条按月或按季公开 {count} 件决定，但没有逐件填写决定日期：时限只能从成文日期计算，"
                    "早于成文日期作出的决定可能已经逾期而查不出来，年度报告也只能按成文日期计数。",
                    "在“决定日期”中逐件写出作出日期，例如：决定日期: [2026-06-03, 2026-06-03, 2026-06-15]，"
                    "或写成“日期: 件数”的映射。")
