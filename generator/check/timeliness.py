"""公开时限 (条例第二十六条 and the laws it defers to): published within the limit of the rule that applies.

The rule comes from categories.yml (``deadlines``: sector, category, then the
general rules): 20 working days from formation or change; 7 working days from
the decision for licensing and penalty decisions; 20 calendar days from the
approval of a budget; 2 working days for procurement results and contracts.
A batch of decisions with their dates is checked decision by decision. The
deadline, the days taken and the rule are recorded on the item for the report;
a late item is a warning (it must still be published).
"""

from __future__ import annotations

from datetime import date, timedelta

from ..model.item import Item
from ..model.schema import DeadlineRule
from ..model.workdays import Calendar, UnknownYear
from .context import Collector, Context

CODES = ("late", "calendar-missing")
START_LABELS = {"formation_date": "形成", "change_date": "变更", "decision_date": "作出决定", "approval_date": "批准或批复"}


def deadline_of(rule: DeadlineRule, start: date, calendar: Calendar) -> date:
    """Last day to publish: the start day is not counted (民法典第二百零一条); a calendar-day period
    ending on a rest day ends on the next working day (第二百零三条)."""
    if rule.count == "workdays":
        return calendar.add_workdays(start, rule.days)
    end = start + timedelta(days=rule.days)
    while not calendar.is_workday(end):
        end += timedelta(days=1)
    return end


def days_between(rule: DeadlineRule, start: date, end: date, calendar: Calendar) -> int:
    """Days after ``start`` up to ``end``, counted as the rule counts them."""
    return calendar.workdays_between(start, end) if rule.count == "workdays" else (end - start).days


def starts(item: Item, rule: DeadlineRule) -> tuple[str, list[tuple[date, int]]]:
    """The field the clock starts from and (start date, decisions) of each clock: one per dated decision."""
    if rule.start == "decision_date" and item.decision_type:
        return ("decision_date" if item.decision_dates else "formation_date"), item.decisions
    if rule.start == "approval_date" and item.approval_date:
        return "approval_date", [(item.approval_date, 1)]
    if item.change_date:
        return "change_date", [(item.change_date, 1)]
    return "formation_date", [(item.formation_date, 1)]


def check_item(item: Item, ctx: Context, fields: dict, out: Collector) -> None:
    """Find the item's rule, compute its deadline (the earliest, for a batch) and warn when it was missed."""
    rule = ctx.schema.deadline_rule(item.category, item.sector, item.facts)
    item.deadline_rule = rule
    key, clocks = starts(item, rule)
    clocks = [(start, n) for start, n in clocks if start <= item.publish_date]
    if not clocks:
        return
    first = clocks[0][0]
    try:
        item.workdays_taken = ctx.calendar.workdays_between(first, item.publish_date)
        deadlines = [(start, n, deadline_of(rule, start, ctx.calendar)) for start, n in clocks]
    except UnknownYear as exc:
        out.warning(fields[key].line, fields[key].column, key, "calendar-missing",
                    f"没有 {exc.year} 年的法定节假日安排，无法计算公开时限。",
                    f"在 holidays.yml 中录入国务院办公厅公布的 {exc.year} 年节假日和调休安排。")
        return
    item.deadline = deadlines[0][2]
    late = [(start, n, deadline) for start, n, deadline in deadlines if item.publish_date > deadline]
    if not late:
        return
    start, _n, deadline = late[0]
    item.days_late = days_between(rule, deadline, item.publish_date, ctx.calendar)
    item.late_decisions = sum(n for _s, n, _d in late) if item.decision_type else 0
    unit = "个工作日" if rule.count == "workdays" else "日"
    where = START_LABELS["decision_date" if rule.start == "decision_date" else key]
    lead = f"{item.late_decisions} 件决定超过公开时限，最早的一件" if len(deadlines) > 1 else "超过公开时限："
    out.warning(fields["publish_date"].line, fields["publish_date"].column, "publish_date", "late",
                f"{lead}自{where}之日（{start.isoformat()}）起 {rule.span}内应公开（最晚 {deadline.isoformat()}），"
                f"实际晚了 {item.days_late} {unit}。时限：{rule.name}，{rule.basis}。",
                "仍须公开；年度考核会统计逾期。今后请在时限内发布。")
