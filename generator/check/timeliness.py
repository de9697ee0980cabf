"""公开时限 (条例第二十六条, 实施意见五(三)): published within the deadline of its category, in working days.

The deadline and the working days taken are recorded on the item, for the
report; a late item is a warning (it must still be published).
"""

from __future__ import annotations

from ..model.item import Item
from ..model.workdays import UnknownYear
from .context import Collector, Context

CODES = ("late", "calendar-missing")


def check_item(item: Item, ctx: Context, fields: dict, out: Collector) -> None:
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
