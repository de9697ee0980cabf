"""行政事业性收费金额 and the period it covers (收费期间), which the annual report's table 20(8) needs."""

from __future__ import annotations

from .context import Collector, Context, Draft

CODES = ("fee-period-missing",)


def check(draft: Draft, ctx: Context, out: Collector) -> None:
    if draft.values.get("fee_amount") is not None and "fee_period" not in draft.fields:
        out.warning(*draft.at("fee_amount"), "fee_amount", "fee-period-missing",
                    "填写了收费金额，但没有写明“收费期间”：这笔金额不计入年度报告。",
                    "添加“收费期间”，例如 收费期间: 2025年（整年的金额才计入该年度的年度报告），"
                    "或 收费期间: 2025年第一季度。")
