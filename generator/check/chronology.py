"""The order of an item's dates: formed (成文), decided (决定) or approved (批复), changed (变更), published (发布),
abolished (废止); none in the future."""

from __future__ import annotations

from .context import Collector, Context, Draft

CODES = ("future-date", "formation-after-publication", "bad-date", "bad-value")


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    values = draft.values
    formation, publish, change = values.get("formation_date"), values.get("publish_date"), values.get("change_date")
    if publish is not None and publish > ctx.today:
        out.error(*draft.at("publish_date"), "publish_date", "future-date",
                  f"发布日期 {publish.isoformat()} 晚于今天（{ctx.today.isoformat()}，北京时间）。",
                  "发布日期填实际公开的日期；尚未到公开日期的信息暂不提交。")
    if formation is not None and publish is not None and formation > publish:
        out.error(*draft.at("formation_date"), "formation_date", "formation-after-publication",
                  f"成文日期 {formation.isoformat()} 晚于发布日期 {publish.isoformat()}。",
                  "成文日期是文件形成（签发）的日期，不能晚于发布日期；核对两个日期。")
    if change is not None:
        if formation is not None and change < formation:
            out.error(*draft.at("change_date"), "change_date", "bad-date",
                      "变更日期早于成文日期。", "变更日期是信息发生变更的日期，应在成文日期之后。")
        if publish is not None and change > publish:
            out.error(*draft.at("change_date"), "change_date", "formation-after-publication",
                      "变更日期晚于发布日期。", "核对变更日期和发布日期。")
    for key, label in (("decision_date", "决定日期"), ("approval_date", "批复日期")):
        value = values.get(key)
        latest = max(day for day, _n in value) if key == "decision_date" and value else value
        if latest is not None and publish is not None and latest > publish:
            out.error(*draft.at(key), key, "formation-after-publication",
                      f"{label} {latest.isoformat()} 晚于发布日期 {publish.isoformat()}。",
                      f"{label}是作出决定或批准的日期，应在公开之前；核对两个日期。")
    if values.get("abolished_date") is not None and values.get("validity") == "有效":
        out.error(*draft.at("abolished_date"), "abolished_date", "bad-value",
                  "填写了废止日期，但有效性是“有效”。", "把有效性改为“废止”，或删除废止日期。")
