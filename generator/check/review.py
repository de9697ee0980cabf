"""保密审查 (confidentiality review, 条例第十七条): who reviewed the item and when, before publication."""

from __future__ import annotations

from typing import Any

from ..model.dates import DateError, parse_date
from ..model.source import Entry, node_position
from .context import Collector, Context, Draft, is_empty

CODES = ("bad-review", "bad-date")


def convert(entry: Entry, out: Collector, key: str, label: str):
    """The review record as ``{"reviewer", "date", "_date_pos"}``, or None when it is not a mapping."""
    line, column = entry.line, entry.column   # a missing part is reported on the 保密审查 line
    if not isinstance(entry.value, dict):
        out.error(line, column, key, "bad-review", f"“{label}”应写审查人和审查日期。",
                  "写成两行：\n保密审查:\n  reviewer: 审查人\n  date: 2024-03-01")
        return None
    found: dict[str, Any] = {"_date_pos": (line, column)}
    positions = {}
    for k_node, v_node in entry.node.value:
        positions[str(k_node.value)] = node_position(v_node, 2)
    aliases = {"reviewer": ("reviewer", "审查人"), "date": ("date", "审查日期", "日期")}
    for want, names in aliases.items():
        raw = next((entry.value[n] for n in names if n in entry.value), None)
        pos = next((positions[n] for n in names if n in positions), (line, column))
        if is_empty(raw):
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


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    """The review is done before publication."""
    record, publish = draft.values.get("review"), draft.values.get("publish_date")
    if record is not None and publish is not None and record.get("date") and record["date"] > publish:
        line, column = record["_date_pos"]
        out.error(line, column, "review", "bad-review",
                  f"保密审查日期 {record['date'].isoformat()} 晚于发布日期。",
                  "保密审查必须在公开前完成（条例第十七条）；核对审查日期。")
