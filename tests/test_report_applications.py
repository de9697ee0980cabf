"""Sections 三 and 四 of the annual report from the application ledgers (generator.report.applications).

The sample ledgers under applications/ were counted by hand, row by row; the
figures below are those counts, not the output of the code. The small
ledgers written here test one rule each: carry-over both ways, cases pending
over a year end, the 勾稽 checks catching a table that does not add up, and
late replies (working days on the official 2025 calendar: 端午 31 May-2 Jun,
国庆 1-8 Oct; the day of receipt is not counted).
"""

from __future__ import annotations

import copy
import json
import textwrap

import pytest
from conftest import PROJECT, TODAY

from generator.check.repository import load_repository
from generator.problems import ConfigError
from generator.report import applications
from generator.report.compute import compute
from generator.report.formats import run_report
from generator.report.supervision import supervision_document
from generator.site.catalogue import build_catalogue

COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def counts(*values: int) -> dict[str, int]:
    """A row of section 三 by column: the six applicant columns, then 总计 (given, not summed)."""
    assert len(values) == 7
    return dict(zip(COLUMNS, values))


ZERO = counts(0, 0, 0, 0, 0, 0, 0)


@pytest.fixture(scope="module")
def sample():
    return load_repository(PROJECT, today=TODAY)


# -- the sample ledgers, counted by hand ---------------------------------------------

# 市政府办 2025: 13 rows; its 2024 ledger holds the 2 applications and 1 case open at the end of 2024.
SZFB_2025 = {
    "new": counts(7, 2, 1, 1, 1, 1, 13),                # 001 002 005 006 008 010 012 | 003 013 | 007 | 009 | 004 | 011
    "carried_over": counts(1, 1, 0, 0, 0, 0, 2),        # ZFB2024-118 (自然人), ZFB2024-121 (商业企业)
    "results": {
        "予以公开": counts(3, 0, 1, 0, 0, 1, 5),         # 001 006 2024-118 | 007 | 011
        "部分公开": counts(1, 1, 0, 0, 0, 0, 2),         # 002 | 2024-121
        "不予公开": counts(0, 1, 0, 1, 0, 0, 2),         # 003 (4) | 009 (6)
        "不予公开4": counts(0, 1, 0, 0, 0, 0, 1),
        "不予公开6": counts(0, 0, 0, 1, 0, 0, 1),
        "无法提供": counts(1, 0, 0, 0, 1, 0, 2),         # 008 (3) | 004 (1)
        "无法提供1": counts(0, 0, 0, 0, 1, 0, 1),
        "无法提供3": counts(1, 0, 0, 0, 0, 0, 1),
        "不予处理": counts(1, 0, 0, 0, 0, 0, 1),         # 005 (1)
        "不予处理1": counts(1, 0, 0, 0, 0, 0, 1),
        "其他处理": counts(1, 0, 0, 0, 0, 0, 1),         # 010 (1)
        "其他处理1": counts(1, 0, 0, 0, 0, 0, 1),
        "总计": counts(7, 2, 1, 1, 1, 1, 13),
    },
    "carried_forward": counts(1, 1, 0, 0, 0, 0, 2),     # 012 answered 2026-01-14, 013 answered 2026-01-20
}
# 市财政局 2025: 10 rows, no earlier ledger.
CZJ_2025 = {
    "new": counts(6, 1, 1, 1, 1, 0, 10),
    "carried_over": ZERO,
    "results": {
        "予以公开": counts(2, 0, 0, 1, 0, 0, 3),         # 01 08 | 07
        "部分公开": counts(1, 1, 0, 0, 0, 0, 2),         # 05 | 02
        "不予公开": counts(0, 0, 1, 0, 1, 0, 2),         # 06 (5) | 03 (4)
        "不予公开4": counts(0, 0, 0, 0, 1, 0, 1),
        "不予公开5": counts(0, 0, 1, 0, 0, 0, 1),
        "无法提供": counts(1, 0, 0, 0, 0, 0, 1),         # 04 (1)
        "无法提供1": counts(1, 0, 0, 0, 0, 0, 1),
        "不予处理": counts(1, 0, 0, 0, 0, 0, 1),         # 09 (3)
        "不予处理3": counts(1, 0, 0, 0, 0, 0, 1),
        "其他处理": ZERO,
        "总计": counts(5, 1, 1, 1, 1, 0, 9),
    },
    "carried_forward": counts(1, 0, 0, 0, 0, 0, 1),     # 10 answered 2026-01-16
}
# 东河区人民政府 2025: 6 rows.
DHQ_2025 = {
    "new": counts(4, 1, 0, 0, 0, 1, 6),
    "carried_over": ZERO,
    "results": {
        "予以公开": counts(2, 0, 0, 0, 0, 0, 2),         # 01 06
        "部分公开": ZERO,
        "不予公开": counts(0, 1, 0, 0, 0, 0, 1),         # 03 (8)
        "不予公开8": counts(0, 1, 0, 0, 0, 0, 1),
        "无法提供": counts(1, 0, 0, 0, 0, 0, 1),         # 02 (2)
        "无法提供2": counts(1, 0, 0, 0, 0, 0, 1),
        "不予处理": counts(1, 0, 0, 0, 0, 0, 1),         # 04 (5)
        "不予处理5": counts(1, 0, 0, 0, 0, 0, 1),
        "其他处理": counts(0, 0, 0, 0, 0, 1, 1),         # 05 (3)
        "其他处理3": counts(0, 0, 0, 0, 0, 1, 1),
        "总计": counts(4, 1, 0, 0, 0, 1, 6),
    },
    "carried_forward": ZERO,
}
# Section 四 by kind of case: 维持, 纠正, 其他结果, 尚未审结, 总计.
SZFB_CASES = {"行政复议": [1, 1, 0, 0, 2],        # FY-2024-03 pending on 1 Jan, 维持 in Feb; FY-2025-01 纠正
              "直接起诉": [0, 0, 0, 1, 1],        # SS-2025-01 has no result yet
              "复议后起诉": [0, 0, 0, 0, 0]}
CZJ_CASES = {"行政复议": [1, 0, 0, 0, 1], "直接起诉": [0, 0, 0, 0, 0], "复议后起诉": [0, 0, 1, 0, 1]}
DHQ_CASES = {"行政复议": [0, 0, 0, 0, 0], "直接起诉": [0, 1, 0, 0, 1], "复议后起诉": [0, 0, 0, 0, 0]}


def _assert_three(three: dict, expected: dict) -> None:
    for key in ("new", "carried_over", "carried_forward"):
        assert three[key] == expected[key], key
    for code, row in three["results"].items():
        assert row == expected["results"].get(code, ZERO), code


def _cases(four: dict) -> dict[str, list[int]]:
    return {kind: [row[c] for c in ("维持", "纠正", "其他结果", "尚未审结", "总计")] for kind, row in four["cases"].items()}


@pytest.mark.parametrize("unit,expected,cases", [("szfb", SZFB_2025, SZFB_CASES), ("czj", CZJ_2025, CZJ_CASES),
                                                 ("dhq", DHQ_2025, DHQ_CASES)])
def test_sample_ledgers_match_the_hand_counts(sample, unit, expected, cases):
    three = applications.section_three(sample.ledgers, [unit], 2025)
    _assert_three(three, expected)
    assert all(check["ok"] for check in three["checks"]), [c for c in three["checks"] if not c["ok"]]
    four = applications.section_four(sample.ledgers, [unit], 2025)
    assert _cases(four) == cases
    assert all(check["ok"] for check in four["checks"])


def test_every_row_and_sub_row_of_the_format_is_there(sample):
    three = applications.section_three(sample.ledgers, ["szfb"], 2025)
    subs = {"不予公开": 8, "无法提供": 3, "不予处理": 5, "其他处理": 3}
    expected = {"予以公开", "部分公开", "总计"} | set(subs) | {f"{g}{n}" for g, k in subs.items() for n in range(1, k + 1)}
    assert set(three["results"]) == expected
    assert all(set(row) == set(COLUMNS) for row in three["results"].values())
    labels = [row["label"] for row in applications.three_rows(three)]
    assert labels[:3] == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果"]
    assert labels[-2:] == ["（七）总计", "四、结转下年度继续办理"]
    assert "3.危及“三安全一稳定”" in labels and "8.属于行政查询事项" in labels
    assert len(labels) == 3 + 6 + 19 + 2


def test_city_wide_figures_add_the_units_and_balance(sample):
    cat = build_catalogue(sample)
    data = compute(cat, 2025, scope="city", calendar=sample.calendar)
    three = data["applications"]["section_three"]
    assert three["new"]["总计"] == 13 + 10 + 6
    assert three["carried_over"]["总计"] == 2
    assert three["results"]["总计"]["总计"] == 13 + 9 + 6
    assert three["carried_forward"]["总计"] == 2 + 1
    for column in COLUMNS:
        assert three["new"][column] + three["carried_over"][column] == \
            three["results"]["总计"][column] + three["carried_forward"][column], column
    assert three["fees"] == {"applications": 1, "amount_yuan": 150.0}       # CZ2025-08; 收费: 0 is no fee
    benji = compute(cat, 2025, scope="benji", calendar=sample.calendar)["applications"]
    _assert_three(benji["section_three"], SZFB_2025)                         # 市政府 itself keeps no ledger


def test_late_replies_are_the_hand_counted_ones(sample):
    late = applications.late_replies(sample.ledgers, ["szfb", "czj", "dhq"], 2025, sample.schema)
    # CZ2025-05: received Tue 6 May, 20 working days end on 4 June (端午 2 June), answered 20 June.
    assert [(e["unit"], e["ref"], e["deadline"], e["closed"], e["days_late"]) for e in late] == \
        [("czj", "CZ2025-05", "2025-06-04", "2025-06-20", 12)]
    # ZFB2025-006 took 32 working days with an extension (limit 40), ZFB2025-008 runs from its 补正日期.
    per_unit = {u["unit"]: u for u in compute(build_catalogue(sample), 2025, calendar=sample.calendar)
                ["applications"]["units"]}
    assert per_unit["czj"]["late"] == 1 and per_unit["szfb"]["late"] == 0
    assert (per_unit["szfb"]["new"], per_unit["szfb"]["carried_over"], per_unit["szfb"]["answered"],
            per_unit["szfb"]["carried_forward"]) == (13, 2, 13, 2)
    assert per_unit["fgw"]["ledger"] is False


def test_supervision_page_and_report_formats_show_the_late_reply(sample):
    cat = build_catalogue(sample)
    html = supervision_document(cat, sample.calendar, 2025)
    assert "逾期答复的申请" in html and "CZ2025-05" in html and "2025-06-04" in html
    data = json.loads(run_report(PROJECT, 2025, fmt="json"))
    assert [e["ref"] for e in data["applications"]["late_replies"]] == ["CZ2025-05"]
    assert data["applications"]["section_three"]["new"]["总计"] == 29
    text = run_report(PROJECT, 2025, fmt="text", unit="czj")
    assert "收到和处理政府信息公开申请情况（年度报告第三部分）" in text and "勾稽关系核对无误" in text


# -- rules, on small ledgers written here ---------------------------------------------

def _ledgers(make_repo, files: dict[str, str]):
    root = make_repo()
    for rel, text in files.items():
        path = root / "applications" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    repo = load_repository(root, today=TODAY)
    errors = [p for p in repo.problems if p.severity == "error"]
    assert not errors, errors
    return repo


CARRY = {
    "czj/2024.yml": """\
        申请:
          - {编号: A, 收到日期: 2024-12-20, 申请人: 科研机构, 渠道: 信函, 结果: 予以公开, 答复日期: 2025-01-10}
          - {编号: B, 收到日期: 2024-12-02, 申请人: 自然人, 渠道: 信函, 结果: 予以公开, 答复日期: 2024-12-20}
        复议诉讼:
          - {类型: 行政复议, 收到日期: 2024-10-08, 结果: 纠正, 结案日期: 2025-01-15}
          - {类型: 直接起诉, 收到日期: 2024-11-11}
        """,
    "czj/2025.yml": """\
        申请:
          - {编号: C, 收到日期: 2025-12-24, 申请人: 法律服务机构, 渠道: 当面}
          - {编号: D, 收到日期: 2025-03-03, 申请人: 自然人, 渠道: 当面, 结果: 不予公开2, 答复日期: 2025-03-14}
        """,
}


def test_carry_over_both_ways_and_cases_over_a_year_end(make_repo):
    repo = _ledgers(make_repo, CARRY)
    three = applications.section_three(repo.ledgers, ["czj"], 2025)
    assert three["new"] == counts(1, 0, 0, 0, 1, 0, 2)                  # C, D
    assert three["carried_over"] == counts(0, 0, 1, 0, 0, 0, 1)         # A (B was answered in 2024)
    assert three["results"]["总计"] == counts(1, 0, 1, 0, 0, 0, 2)      # A, D
    assert three["results"]["不予公开2"] == counts(1, 0, 0, 0, 0, 0, 1)
    assert three["carried_forward"] == counts(0, 0, 0, 0, 1, 0, 1)      # C, still open
    four = _cases(applications.section_four(repo.ledgers, ["czj"], 2025))
    assert four["行政复议"] == [0, 1, 0, 0, 1]                            # pending on 1 Jan, 纠正 in 2025
    assert four["直接起诉"] == [0, 0, 0, 1, 1]                            # still pending
    in_2024 = _cases(applications.section_four(repo.ledgers, ["czj"], 2024))
    assert in_2024["行政复议"] == [0, 0, 0, 1, 1]                         # 尚未审结 at the end of 2024
    three_2024 = applications.section_three(repo.ledgers, ["czj"], 2024)
    assert three_2024["carried_forward"] == counts(0, 0, 1, 0, 0, 0, 1)  # A, the 2025 report's 二


def test_the_checks_catch_a_table_that_does_not_add_up(make_repo):
    repo = _ledgers(make_repo, CARRY)
    figures = applications.figures(repo.ledgers, ["czj"], 2025, repo.schema)
    applications.require_balanced(figures, "2025年市财政局")           # balanced: nothing raised
    for damage in ("new", "sub-row", "total-column", "case"):
        broken = copy.deepcopy(figures)
        three = broken["section_three"]
        if damage == "new":                 # one more new application nowhere answered or carried
            three["new"]["自然人"] += 1
            three["new"]["总计"] += 1
        elif damage == "sub-row":           # a group that is not the sum of its sub-rows
            three["results"]["不予公开"]["自然人"] += 1
        elif damage == "total-column":
            three["carried_forward"]["总计"] += 1
        else:
            broken["section_four"]["cases"]["行政复议"]["总计"] += 1
        three["checks"] = applications._checks_three(three)
        if damage == "case":
            four = broken["section_four"]["cases"]
            broken["section_four"]["checks"] = [{"rule": kind, "left": row["总计"],
                                                 "right": sum(row[c] for c in ("维持", "纠正", "其他结果", "尚未审结")),
                                                 "ok": row["总计"] == sum(row[c] for c in ("维持", "纠正", "其他结果", "尚未审结"))}
                                                for kind, row in four.items()]
        with pytest.raises(ConfigError) as info:
            applications.require_balanced(broken, "2025年市财政局")
        assert "不平衡" in str(info.value), damage


def test_late_reply_rules(make_repo):
    repo = _ledgers(make_repo, {"czj/2025.yml": """\
        申请:
          - {编号: on-time, 收到日期: 2025-05-06, 申请人: 自然人, 渠道: 网上申请, 结果: 予以公开, 答复日期: 2025-06-04}
          - {编号: one-day, 收到日期: 2025-05-06, 申请人: 自然人, 渠道: 网上申请, 结果: 予以公开, 答复日期: 2025-06-05}
          - {编号: extended, 收到日期: 2025-05-06, 申请人: 自然人, 渠道: 网上申请, 延期: 是, 结果: 予以公开, 答复日期: 2025-07-02}
          - {编号: ext-late, 收到日期: 2025-05-06, 申请人: 自然人, 渠道: 网上申请, 延期: 是, 结果: 予以公开, 答复日期: 2025-07-03}
          - {编号: corrected, 收到日期: 2025-09-01, 补正日期: 2025-09-08, 申请人: 自然人, 渠道: 信函, 结果: 予以公开, 答复日期: 2025-10-10}
          - {编号: open, 收到日期: 2025-11-03, 申请人: 自然人, 渠道: 信函}
        """})
    late = {e["ref"]: e for e in applications.late_replies(repo.ledgers, ["czj"], 2025, repo.schema)}
    # 20 working days from 6 May end on 4 June; 40 end on 2 July. From 8 Sept (补正), 20 end on Saturday 11 Oct
    # (国庆 1-8 Oct; Sunday 28 Sept and Saturday 11 Oct are working days); from 1 Sept they would end on 29 Sept.
    assert set(late) == {"one-day", "ext-late", "open"}
    deadlines = {a.ref: a.deadline.isoformat() for a in repo.ledgers[("czj", 2025)].applications}
    assert deadlines["corrected"] == "2025-10-11" and deadlines["on-time"] == "2025-06-04"
    assert (late["one-day"]["deadline"], late["one-day"]["days_late"]) == ("2025-06-04", 1)
    assert (late["ext-late"]["deadline"], late["ext-late"]["days_late"]) == ("2025-07-02", 1)
    assert late["open"]["closed"] is None and late["open"]["days_late"] > 0      # still open on 27 Nov 2026
    codes = {(p.line, p.code) for p in repo.problems if p.path == "applications/czj/2025.yml"}
    assert codes == {(3, "late-reply"), (5, "late-reply"), (7, "late-reply")}     # one-day, ext-late, open


def test_section_four_cases_pending_and_closed_later(make_repo):
    repo = _ledgers(make_repo, {"dhq/2025.yml": """\
        复议诉讼:
          - {类型: 复议, 收到日期: 2025-02-03, 结果: 维持, 结案日期: 2025-04-01}
          - {类型: 行政诉讼（复议后起诉）, 收到日期: 2025-05-06, 结果: 其他结果, 结案日期: 2026-03-02}
        """})
    four = _cases(applications.section_four(repo.ledgers, ["dhq"], 2025))
    assert four == {"行政复议": [1, 0, 0, 0, 1], "直接起诉": [0, 0, 0, 0, 0], "复议后起诉": [0, 0, 0, 1, 1]}
    assert _cases(applications.section_four(repo.ledgers, ["dhq"], 2026))["复议后起诉"] == [0, 0, 1, 0, 1]


@pytest.mark.parametrize("fee,accepted", [
    ("30", True), ("12.50", True), ("0", True),
    ("1e999999999", False),      # summing it overflowed and stopped the build
    ("1e400", False),            # summed to inf, printed as "共 inf 元"
    (".nan", False), ("NaN", False), ("0.001", False), ("-5", False), ("2000000", False), ("是", False),
])
def test_a_fee_is_yuan_and_fen_within_bounds(make_repo, fee, accepted):
    root = make_repo()
    (root / "applications" / "czj").mkdir(parents=True, exist_ok=True)
    (root / "applications" / "czj" / "2025.yml").write_text(
        "申请:\n  - {编号: F, 收到日期: 2025-03-03, 申请人: 自然人, 渠道: 当面, 结果: 予以公开, 答复日期: 2025-03-14,"
        f" 收费: {fee}}}\n", encoding="utf-8")
    repo = load_repository(root, today=TODAY)
    found = [(p.code, p.line, p.field) for p in repo.problems if p.severity == "error"]
    assert found == ([] if accepted else [("ledger-value", 2, "fee")])
    if accepted:
        three = applications.section_three(repo.ledgers, ["czj"], 2025)
        assert three["fees"]["amount_yuan"] == float(fee)
