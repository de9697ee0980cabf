"""Rules of issue 16 at the level of their functions: decision titles, fee periods, time-limit rules
(working and calendar days), report scopes. The example items (tests/examples) cover the same rules
through the checker."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import PROJECT

from generator.check.timeliness import deadline_of
from generator.model.dates import DateError, is_full_year, parse_period
from generator.model.schema import load_schema
from generator.model.workdays import Calendar
from generator.problems import ConfigError
from generator.report.compute import resolve_scope, scope_from_word
from generator.rules import decision_type_in_title

SCHEMA = load_schema(PROJECT / "categories.yml")
CALENDAR = Calendar.load(PROJECT / "holidays.yml")
RULES = SCHEMA.deadline_rules_by_id()


@pytest.mark.parametrize("title,kind", [
    ("示例市市场监督管理局行政处罚决定书（示市监罚〔2026〕21号）", "行政处罚"),
    ("东河区市场监督管理局不予行政处罚决定书", "行政处罚"),
    ("示例市政务服务局2026年10月行政许可决定公示", "行政许可"),
    ("行政许可准予决定书", "行政许可"),
    ("示例市应急管理局查封扣押决定公开", "行政强制"),
    ("行政强制措施决定", "行政强制"),
    ("2026年第三季度行政处罚结果公示", "行政处罚"),
    # documents about decisions, and other decisions, are not 许可/处罚/强制 decisions
    ("关于规范行政处罚决定公开工作的通知", None),
    ("示例市生态环境行政处罚裁量基准", None),
    ("示例市行政许可事项清单（2025年版）", None),
    ("示例市财政局政府采购投诉处理决定书（示例财采诉〔2026〕3号）", None),
    ("建筑工程施工许可证核发信息", None),
    ("《行政处罚决定公开办法》政策解读", None),
])
def test_decision_type_in_title(title, kind):
    assert decision_type_in_title(title) == kind


@pytest.mark.parametrize("text,first,last", [
    ("2025年", date(2025, 1, 1), date(2025, 12, 31)),
    (2025, date(2025, 1, 1), date(2025, 12, 31)),
    ("2025年度", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025年第一季度", date(2025, 1, 1), date(2025, 3, 31)),
    ("2025年四季度", date(2025, 10, 1), date(2025, 12, 31)),
    ("2025年下半年", date(2025, 7, 1), date(2025, 12, 31)),
    ("2025年1-4月", date(2025, 1, 1), date(2025, 4, 30)),
    ("2024年2月", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025年11月至2026年2月", date(2025, 11, 1), date(2026, 2, 28)),
    ("2025-01-01至2025-12-31", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025年1月1日至2025年4月30日", date(2025, 1, 1), date(2025, 4, 30)),
])
def test_fee_periods(text, first, last):
    assert parse_period(text) == (first, last)


def test_only_a_whole_calendar_year_is_a_year():
    assert is_full_year(parse_period("2025-01-01至2025-12-31")) == 2025
    assert is_full_year(parse_period("2025年1月至11月")) is None
    assert is_full_year(parse_period("2025年7月至2026年6月")) is None
    for text in ("截至4月末", "本年度", "2025年13月", "2025-05-01至2025-04-01"):
        with pytest.raises(DateError):
            parse_period(text)


def test_calendar_day_limits_end_on_the_next_working_day():
    rule = RULES["budget-approved"]
    assert deadline_of(rule, date(2026, 1, 10), CALENDAR) == date(2026, 1, 30)      # a Friday
    assert deadline_of(rule, date(2026, 9, 14), CALENDAR) == date(2026, 10, 8)      # 4 Oct: National Day
    assert deadline_of(rule, date(2026, 9, 20), CALENDAR) == date(2026, 10, 10)     # a Saturday worked (调休)
    assert deadline_of(RULES["general"], date(2026, 1, 5), CALENDAR) == date(2026, 2, 2)   # DOMAIN.md


def test_the_rule_that_applies():
    cats, sectors = SCHEMA.categories, SCHEMA.sectors
    result = SCHEMA.find_info_type("中标（成交）结果")
    assert SCHEMA.deadline_rule(cats["procurement"], sectors["procurement"], {"info_type": result}).id \
        == "procurement-result"
    assert SCHEMA.deadline_rule(cats["procurement"], sectors["procurement"], {}).id == "general"
    # a decision's limit follows its type, whatever the category
    for category in ("major-projects", "supervision", "licensing"):
        assert SCHEMA.deadline_rule(cats[category], None, {"decision_type": "行政许可"}).days == 7
    assert SCHEMA.deadline_rule(cats["penalties"], None, {"decision_type": "行政强制"}).days == 20
    assert SCHEMA.deadline_rule(cats["budgets"], None, {"approval_date": date(2026, 2, 1)}).count == "calendar"
    assert SCHEMA.deadline_rule(cats["budgets"], None, {}).id == "general"


def test_interpretations_are_not_asked_for_the_documents_fields():
    regulations, column = SCHEMA.categories["regulations"], SCHEMA.interpretation_category
    assert "doc_number" in SCHEMA.required_fields_for(regulations, None)
    assert "doc_number" not in SCHEMA.required_fields_for(regulations, None, interpretation=True)
    assert "interpretation_form" in SCHEMA.required_fields_for(column, None, interpretation=True)


def test_only_rules_are_exclusive():
    assert SCHEMA.exclusive_rule({"doc_kind": "规章"}).units == ("szf", "szfb")
    assert SCHEMA.exclusive_rule({"doc_kind": "行政规范性文件"}) is None
    assert SCHEMA.exclusive_rule({}) is None


def test_scopes():
    assert resolve_scope(SCHEMA).kind == "city" and len(resolve_scope(SCHEMA).unit_ids) == len(SCHEMA.units)
    benji = resolve_scope(SCHEMA, scope="benji")
    assert (benji.kind, benji.unit_ids) == ("benji", ["szf", "szfb"])
    assert scope_from_word(SCHEMA, "本级").unit_ids == benji.unit_ids
    county = scope_from_word(SCHEMA, "county:东河区")
    assert county.kind == "county" and county.unit_ids[0] == "dhq" and len(county.unit_ids) > 1
    assert scope_from_word(SCHEMA, "dhq").unit_ids == ["dhq"]
    assert scope_from_word(SCHEMA, None).kind == "city"
    with pytest.raises(ConfigError):
        resolve_scope(SCHEMA, scope="province")
