"""Sections 三 and 四 of the annual report, from the application ledgers (依申请公开台账).

The tables follow 国办公开办函〔2021〕30号 (the annual-report format of the
政府信息公开工作年度报告) row for row and column for column.

Section 三, 收到和处理政府信息公开申请情况
-------------------------------------------

Columns (申请人情况): 自然人; the five kinds of 法人或其他组织 -- 商业企业,
科研机构, 社会公益组织, 法律服务机构, 其他; and 总计 (the sum of the six).

Rows:

* 一、本年新收政府信息公开申请数量 -- applications received in year ``Y``:
  the rows of the ``Y`` ledger;
* 二、上年结转政府信息公开申请数量 -- applications received before ``Y`` and
  still open on 31 December of ``Y-1`` (rows of earlier ledgers whose 答复日期
  is in ``Y`` or later, or not yet written);
* 三、本年度办理结果 -- applications answered (答复日期) in ``Y``, whatever year
  they came in, by result:

  - （一）予以公开
  - （二）部分公开 (an application answered in parts counts here only)
  - （三）不予公开, with sub-rows 1.属于国家秘密 2.其他法律行政法规禁止公开
    3.危及“三安全一稳定” 4.保护第三方合法权益 5.属于三类内部事务信息
    6.属于四类过程性信息 7.属于行政执法案卷 8.属于行政查询事项
  - （四）无法提供: 1.本机关不掌握相关政府信息 2.没有现成信息需要另行制作
    3.补正后申请内容仍不明确
  - （五）不予处理: 1.信访举报投诉类申请 2.重复申请 3.要求提供公开出版物
    4.无正当理由大量反复申请 5.要求行政机关确认或重新出具已获取信息
  - （六）其他处理: 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
    2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 3.其他
  - （七）总计 -- the sum of （一） to （六）;

* 四、结转下年度继续办理 -- received by 31 December ``Y`` and not answered by then.

勾稽关系 (the format writes it under the table): in every column,
一 + 二 = 三（七）总计 + 四: what was open during the year was either answered
in it or carried into the next. Every figure here is counted from the rows
on its own (the group rows are not the sums of their sub-rows, 总计 is not the
sum of the groups), so :func:`section_three` can verify the identities
instead of making them true: each group equals the sum of its sub-rows,
（七）总计 equals the sum of （一） to （六）, the 总计 column equals the sum of
the six others, and 一 + 二 = 三（七） + 四 in all seven columns. A rule that
fails (impossible with ledgers that pass the checker, which refuses an
answer dated before its application) stops the site build.

Section 四, 政府信息公开行政复议、行政诉讼情况
-----------------------------------------------

Three groups, 行政复议, 行政诉讼（未经复议直接起诉）and 行政诉讼（复议后起诉）,
each with the columns 结果维持, 结果纠正, 其他结果, 尚未审结 and 总计. Cases are
recorded one per row like applications (复议诉讼 in the ledger of the year the
case was filed). A case counts in ``Y`` when it was filed in ``Y`` or was still
pending on 1 January of ``Y``, the same rule as 一 + 二 above: concluded in ``Y``
it counts under its result, otherwise under 尚未审结. A case pending over a year
end therefore appears twice, first as 尚未审结, then with its result. 总计 is
counted on its own and must equal the sum of the four columns.

Fees (信息处理费, reported in section 六 of the format): the number of
applications answered in ``Y`` with a fee, and the total in yuan.

Late replies (逾期答复, for the supervision page): the applications received in
``Y`` whose reply came after the limit of 条例第三十三条, or which are still
open past it on the day of the check (see :mod:`generator.check.ledgers`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..model.applications import (
    APPLICANTS,
    CASE_KINDS,
    CASE_RESULTS,
    PENDING_CASE,
    RESULT_GROUPS,
    RESULTS,
    Application,
    Case,
    Ledger,
)
from ..problems import ConfigError

TOTAL = "总计"
COLUMNS = (*APPLICANTS, TOTAL)
CASE_COLUMNS = (*CASE_RESULTS, PENDING_CASE, TOTAL)
GROUP_TOTAL = "总计"          # （七）总计, the key of the results' total row


def _ledgers_of(ledgers: dict, unit_ids: list[str], upto: int) -> list[Ledger]:
    """The ledgers of the units, of years up to ``upto``, in schema order then year."""
    wanted = set(unit_ids)
    order = {uid: index for index, uid in enumerate(unit_ids)}
    found = [ledger for (uid, year), ledger in ledgers.items() if uid in wanted and year <= upto]
    return sorted(found, key=lambda ledger: (order[ledger.unit_id], ledger.year))


def _count(rows: list[Application]) -> dict[str, int]:
    counts = {column: 0 for column in COLUMNS}
    for row in rows:
        counts[row.applicant] += 1
    counts[TOTAL] = len(rows)        # counted, not summed, so that the column rule below checks something
    return counts


def section_three(ledgers: dict, unit_ids: list[str], year: int) -> dict:
    """Section 三 for the units over ``year``: every row of the format, and the 勾稽 checks."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = [a for ledger in _ledgers_of(ledgers, unit_ids, year) for a in ledger.applications]
    new = [a for a in rows if a.received.year == year]
    carried = [a for a in rows if a.received < start and a.open_at(date(year - 1, 12, 31))]
    closed = [a for a in rows if a.closed is not None and start <= a.closed <= end]
    forward = [a for a in rows if a.open_at(end)]
    results: dict[str, dict[str, int]] = {}
    for group, _label, subs in RESULT_GROUPS:
        results[group] = _count([a for a in closed if a.result is not None and RESULTS[a.result].group == group])
        for number in range(1, len(subs) + 1):
            results[f"{group}{number}"] = _count([a for a in closed if a.result == f"{group}{number}"])
    results[GROUP_TOTAL] = _count(closed)
    fees = [a.fee for a in closed if a.fee > 0]
    data = {
        "new": _count(new), "carried_over": _count(carried), "results": results, "carried_forward": _count(forward),
        "fees": {"applications": len(fees), "amount_yuan": float(sum(fees, Decimal(0)))},
    }
    data["checks"] = _checks_three(data)
    return data


def _checks_three(data: dict) -> list[dict]:
    """The identities of section 三, each with its figures and whether it holds."""
    checks = []
    results = data["results"]
    for name, counts in [("一、本年新收", data["new"]), ("二、上年结转", data["carried_over"]),
                         ("四、结转下年度", data["carried_forward"])] + [(code, results[code]) for code in results]:
        parts = sum(counts[c] for c in APPLICANTS)
        checks.append({"rule": f"{name}：总计列 = 六类申请人之和", "left": counts[TOTAL], "right": parts,
                       "ok": counts[TOTAL] == parts})
    for group, _label, subs in RESULT_GROUPS:
        if not subs:
            continue
        for column in COLUMNS:
            parts = sum(results[f"{group}{n}"][column] for n in range(1, len(subs) + 1))
            checks.append({"rule": f"{group}（{column}）= 各分项之和", "left": results[group][column], "right": parts,
                           "ok": results[group][column] == parts})
    for column in COLUMNS:
        parts = sum(results[group][column] for group, _l, _s in RESULT_GROUPS)
        checks.append({"rule": f"（七）总计（{column}）= （一）至（六）之和", "left": results[GROUP_TOTAL][column],
                       "right": parts, "ok": results[GROUP_TOTAL][column] == parts})
    for column in COLUMNS:
        left = data["new"][column] + data["carried_over"][column]
        right = results[GROUP_TOTAL][column] + data["carried_forward"][column]
        checks.append({"rule": f"一 + 二 = 三（七）+ 四（{column}）", "left": left, "right": right, "ok": left == right})
    return checks


def section_four(ledgers: dict, unit_ids: list[str], year: int) -> dict:
    """Section 四 for the units over ``year``: each kind of case by outcome, and the 总计 checks."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    cases: list[Case] = [c for ledger in _ledgers_of(ledgers, unit_ids, year) for c in ledger.cases
                         if c.received <= end and (c.closed is None or c.closed >= start)]
    table = {}
    for kind, _label in CASE_KINDS:
        mine = [c for c in cases if c.kind == kind]
        row = {column: 0 for column in CASE_COLUMNS}
        for case in mine:
            done = case.closed is not None and case.closed <= end
            row[case.result if done and case.result else PENDING_CASE] += 1
        row[TOTAL] = len(mine)
        table[kind] = row
    checks = [{"rule": f"{label}：总计 = 维持 + 纠正 + 其他结果 + 尚未审结", "left": table[kind][TOTAL],
               "right": sum(table[kind][c] for c in CASE_COLUMNS[:-1]),
               "ok": table[kind][TOTAL] == sum(table[kind][c] for c in CASE_COLUMNS[:-1])}
              for kind, label in CASE_KINDS]
    return {"cases": table, "checks": checks}


def late_replies(ledgers: dict, unit_ids: list[str], year: int, schema) -> list[dict]:
    """Applications received in ``year`` answered after their limit, or open past it (逾期答复)."""
    out = []
    for ledger in _ledgers_of(ledgers, unit_ids, year):
        if ledger.year != year:
            continue
        for a in ledger.applications:
            if a.deadline is None or not a.days_late:
                continue
            out.append({"unit": ledger.unit_id, "unit_name": schema.units[ledger.unit_id].name, "ref": a.ref,
                        "ledger": ledger.rel, "line": a.line, "received": a.received.isoformat(),
                        "start": a.start.isoformat(), "extended": a.extended, "deadline": a.deadline.isoformat(),
                        "closed": a.closed.isoformat() if a.closed else None, "days_late": a.days_late})
    return out


def figures(ledgers: dict, unit_ids: list[str], year: int, schema) -> dict:
    """Everything the report says about applications for the units over ``year``."""
    three = section_three(ledgers, unit_ids, year)
    four = section_four(ledgers, unit_ids, year)
    per_unit = []
    for uid in unit_ids:
        unit = schema.units[uid]
        if not unit.handles_applications:
            continue
        mine = section_three(ledgers, [uid], year)
        per_unit.append({"unit": uid, "name": unit.name, "ledger": (uid, year) in ledgers,
                         "new": mine["new"][TOTAL], "carried_over": mine["carried_over"][TOTAL],
                         "answered": mine["results"][GROUP_TOTAL][TOTAL],
                         "carried_forward": mine["carried_forward"][TOTAL],
                         "late": len(late_replies(ledgers, [uid], year, schema))})
    return {"section_three": three, "section_four": four, "late_replies": late_replies(ledgers, unit_ids, year, schema),
            "units": per_unit}


def require_balanced(data: dict, where: str) -> None:
    """ConfigError when any 勾稽 rule of sections 三 or 四 fails: such a report must not be published."""
    failed = [c for c in data["section_three"]["checks"] + data["section_four"]["checks"] if not c["ok"]]
    if failed:
        rules = "；".join(f"{c['rule']}：{c['left']} ≠ {c['right']}" for c in failed[:5])
        raise ConfigError(f"{where}的依申请公开统计不平衡：{rules}。",
                          hint="核对台账中各条申请的收到日期和答复日期，并运行 python -m generator check。")


# -- the tables as rows, in the format's order (for the page, the text report and CSV) --------

THREE_HEADINGS = {"new": "一、本年新收政府信息公开申请数量", "carried_over": "二、上年结转政府信息公开申请数量",
                  "results": "三、本年度办理结果", "carried_forward": "四、结转下年度继续办理"}


def three_rows(three: dict) -> list[dict]:
    """Every row of section 三: ``key`` (stable id), ``label`` (the format's words), ``level`` (0 the four
    items, 1 the results, 2 their sub-rows) and ``counts`` by column (None for the heading 三)."""
    rows = [{"key": "new", "label": THREE_HEADINGS["new"], "level": 0, "counts": three["new"]},
            {"key": "carried_over", "label": THREE_HEADINGS["carried_over"], "level": 0,
             "counts": three["carried_over"]},
            {"key": "results", "label": THREE_HEADINGS["results"], "level": 0, "counts": None}]
    for group, label, subs in RESULT_GROUPS:
        rows.append({"key": group, "label": label, "level": 1, "counts": three["results"][group]})
        for number, _sub in enumerate(subs, start=1):
            code = f"{group}{number}"
            rows.append({"key": code, "label": RESULTS[code].label, "level": 2, "counts": three["results"][code]})
    rows.append({"key": GROUP_TOTAL, "label": "（七）总计", "level": 1, "counts": three["results"][GROUP_TOTAL]})
    rows.append({"key": "carried_forward", "label": THREE_HEADINGS["carried_forward"], "level": 0,
                 "counts": three["carried_forward"]})
    return rows


def four_rows(four: dict) -> list[dict]:
    """The three kinds of case of section 四, each with its five figures."""
    return [{"key": kind, "label": label, "counts": four["cases"][kind]} for kind, label in CASE_KINDS]
