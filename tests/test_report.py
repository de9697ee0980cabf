"""Supervision and annual-report figures (generator.report.compute, generator.report.supervision).

A small repository is written here with dates chosen so that every figure
can be counted by hand; the expected numbers below are those hand counts
(working days on the official 2025 calendar: 元旦 1 Jan, 清明 4-6 Apr,
劳动节 1-5 May, 端午 31 May-2 Jun; the day of formation is not counted).
The sample content under content/ is checked against counts made here from
the front matter with PyYAML, independently of the report code.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, TODAY, build_repository

from generator.check.repository import load_repository
from generator.model.dates import parse_date
from generator.model.schema import load_schema
from generator.problems import ConfigError
from generator.report.annual import expand_annual_tables
from generator.report.compute import compute
from generator.report.formats import run_report
from generator.report.supervision import supervision_document
from generator.site.catalogue import build_catalogue

SCHEMA = load_schema(PROJECT / "categories.yml")
PROJECT_NAME = "示例市测试大道工程"


def _item(unit: str, title: str, category: str, formed: str, published: str, *, extra: dict | None = None) -> dict:
    return {"unit": unit, "title": title, "category": category, "formed": formed, "published": published,
            "extra": extra or {}}


def _regulation(unit, title, formed, published, number, kind="行政规范性文件", validity="有效", **more):
    extra = {"发文字号": number, "有效性": validity, "文件类型": kind, **more}
    return _item(unit, title, "规范性文件", formed, published, extra=extra)


def _project(unit, title, info_type, formed, published):
    return _item(unit, title, "重大项目", formed, published,
                 extra={"重点领域": "重大建设项目", "项目名称": PROJECT_NAME, "信息类别": info_type})


# key -> item. Keys are referred to in the hand counts below.
ITEMS = {
    # 2025 policy documents
    "R1": _regulation("czj", "示例市财政局关于规范专项资金管理的通知", "2025-03-03", "2025-03-10", "示例财发〔2025〕3号"),
    "R2": _regulation("szfb", "示例市人民政府办公室关于加强档案管理的通知", "2025-06-03", "2025-07-15",
                      "示例政办发〔2025〕20号"),
    "R3": _regulation("szfb", "示例市人民政府办公室关于推进数字政府建设的意见", "2025-09-01", "2025-09-02",
                      "示例政办发〔2025〕30号"),
    "G1": _regulation("szf", "示例市城市绿化管理办法", "2025-04-10", "2025-04-15", "示例市人民政府令第7号", kind="规章"),
    "A3": _regulation("czj", "示例市财政局关于年终结算的通知", "2024-12-23", "2025-01-06", "示例财发〔2024〕30号"),
    "D1": _regulation("dhq", "东河区物业管理办法", "2025-07-01", "2025-07-04", "东政办发〔2025〕5号"),
    # documents made in other years
    "A1": _regulation("czj", "示例市财政局关于旧资金管理的通知", "2023-05-08", "2023-05-10", "示例财发〔2023〕8号",
                      validity="废止", 废止日期="2025-06-30"),
    "A2": _regulation("szf", "示例市城市市容管理办法", "2024-11-04", "2024-11-06", "示例市人民政府令第5号", kind="规章",
                      validity="失效", 废止日期="2026-03-31"),
    "A5": _regulation("czj", "示例市财政局关于票据管理的通知", "2024-03-04", "2024-03-06", "示例财发〔2024〕4号",
                      validity="废止"),
    "A6": _regulation("czj", "示例市财政局关于2023年度预算执行的通知", "2023-06-05", "2023-06-07", "示例财发〔2023〕12号",
                      validity="失效", 废止日期="2025-09-30"),
    "A4": _regulation("szfb", "示例市人民政府办公室关于年度考核的通知", "2025-12-29", "2026-01-05",
                      "示例政办发〔2025〕50号"),
    # interpretations (category 其他)
    "I1": _item("czj", "《关于规范专项资金管理的通知》政策解读", "其他", "2025-03-10", "2025-03-12",
                extra={"解读对象": "@R1"}),
    "I3": _item("szfb", "《关于推进数字政府建设的意见》政策解读", "其他", "2025-09-08", "2025-09-09",
                extra={"解读对象": "@R3"}),
    # formed in 2003: no holiday calendar for that year, deadline unknown
    "U1": _item("szfb", "示例市2003年档案移交目录", "其他", "2003-12-30", "2025-01-10"),
    # decisions
    "L1": _item("zwfw", "2025年6月行政许可决定（第一批）", "行政许可", "2025-06-09", "2025-06-16",
                extra={"决定类型": "行政许可", "决定数量": 5}),
    "L2": _item("dhq-zwfw", "东河区2025年7月行政许可决定", "行政许可", "2025-07-07", "2025-07-21",
                extra={"决定类型": "行政许可"}),
    "L3": _item("zwfw", "2024年6月行政许可决定", "行政许可", "2024-06-03", "2024-06-05",
                extra={"决定类型": "行政许可", "决定数量": 4}),
    "P1": _item("scjg", "2025年8月行政处罚决定", "行政处罚", "2025-08-04", "2025-08-06",
                extra={"决定类型": "行政处罚", "决定数量": 3}),
    "P2": _item("sfj", "行政强制措施决定", "行政处罚", "2025-11-03", "2025-11-05", extra={"决定类型": "行政强制"}),
    "P3": _item("scjg", "2025年12月行政处罚决定", "行政处罚", "2025-12-29", "2026-01-05",
                extra={"决定类型": "行政处罚", "决定数量": 2}),
    # a batch over the turn of the year: one decision of 2025 (late when published), one of 2026
    "P4": _item("scjg", "行政处罚决定公开（第二批）", "行政处罚", "2026-01-05", "2026-01-08",
                extra={"决定类型": "行政处罚", "决定日期": "[2025-12-22, 2026-01-05]"}),
    # fees: only amounts for the whole calendar year count, for that year (F5 is 2025's, published in 2026)
    "F1": _item("czj", "示例市行政事业性收费目录清单", "收费信息", "2025-03-17", "2025-03-19",
                extra={"收费金额": 120.5, "收费期间": "2025年第一季度"}),
    "F2": _item("dhq-czj", "东河区行政事业性收费目录清单", "收费信息", "2025-05-06", "2025-05-08",
                extra={"收费金额": 30.25, "收费期间": "2025年"}),
    "F3": _item("czj", "示例市收费标准调整说明", "收费信息", "2025-08-11", "2025-08-12", extra={"收费金额": 12.0}),
    "F5": _item("czj", "示例市2025年行政事业性收费收入情况", "收费信息", "2026-01-20", "2026-01-22",
                extra={"收费金额": 480.0, "收费期间": "2025年"}),
    # a major project: 3 of 8 types published by the end of 2025, a fourth in 2026
    "J1": _project("fgw", "测试大道工程可行性研究报告批复", "批准结果信息", "2024-04-08", "2024-04-10"),
    "J2": _project("fgw", "测试大道工程施工招标公告", "招标投标信息", "2025-04-07", "2025-04-09"),
    "J3": _project("dhq", "测试大道工程施工许可信息", "施工有关信息", "2025-09-15", "2025-09-17"),
    "J4": _project("fgw", "测试大道工程竣工验收信息", "竣工有关信息", "2026-03-02", "2026-03-04"),
}


def _index_numbers() -> dict:
    serial: dict = {}
    numbers = {}
    for key, spec in ITEMS.items():
        unit = SCHEMA.units[spec["unit"]]
        year = spec["published"][:4]
        serial[(unit.id, year)] = serial.get((unit.id, year), 0) + 1
        numbers[key] = f"{unit.code}/{year}-{serial[(unit.id, year)]:05d}"
    return numbers


INDEX = _index_numbers()


def write_items(root: Path) -> None:
    for key, spec in ITEMS.items():
        lines = ["---", f"标题: {spec['title']}", f"公开类别: {spec['category']}", f"发布机构: {spec['unit']}",
                 f"索引号: {INDEX[key]}", f"成文日期: {spec['formed']}", f"发布日期: {spec['published']}"]
        for field, value in spec["extra"].items():
            if isinstance(value, str) and value.startswith("@"):
                value = INDEX[value[1:]]
            lines.append(f"{field}: {value}")
        lines += ["保密审查:", "  reviewer: 王五", f"  date: {spec['published']}", "---", "",
                  f"{spec['title']}全文如下。", ""]
        path = root / "content" / spec["unit"] / spec["published"][:4] / f"{key.lower()}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def repo_root(tmp_path_factory) -> Path:
    root = build_repository(tmp_path_factory.mktemp("report") / "repo", base=False)
    write_items(root)
    return root


@pytest.fixture(scope="module")
def repo(repo_root):
    loaded = load_repository(repo_root, today=TODAY)
    assert loaded.errors == [], [p.message for p in loaded.errors]
    return loaded


@pytest.fixture(scope="module")
def data(repo):
    return compute(repo, 2025)


def by(rows: list, key: str) -> dict:
    return {row[key]: row for row in rows}


# -- timeliness --------------------------------------------------------------

def test_units_timeliness(data):
    units = by(data["units"], "unit")
    assert len(units) == len(SCHEMA.units)                    # every unit listed, in schema order
    assert [u["unit"] for u in data["units"]] == list(SCHEMA.units)
    # czj: R1 (5 wd), I1 (2), A3 (9: 24-27, 30, 31 Dec, 2, 3, 6 Jan), F1 (2), F3 (1)
    assert {k: units["czj"][k] for k in ("items", "on_time", "late", "unknown", "on_time_rate", "median_workdays")} \
        == {"items": 5, "on_time": 5, "late": 0, "unknown": 0, "on_time_rate": 1.0, "median_workdays": 2}
    # szfb: R2 late (30 wd), R3 (1), I3 (1), U1 unknown (2003 has no calendar)
    assert {k: units["szfb"][k] for k in ("items", "on_time", "late", "unknown", "on_time_rate", "median_workdays")} \
        == {"items": 4, "on_time": 2, "late": 1, "unknown": 1, "on_time_rate": 0.5, "median_workdays": 1}
    assert (units["dhq-zwfw"]["items"], units["dhq-zwfw"]["late"], units["dhq-zwfw"]["on_time_rate"],
            units["dhq-zwfw"]["median_workdays"]) == (1, 1, 0.0, 10)
    assert (units["dhq"]["items"], units["dhq"]["on_time"], units["dhq"]["median_workdays"]) == (2, 2, 2.5)
    assert {uid: u["items"] for uid, u in units.items() if u["items"]} == {
        "czj": 5, "szfb": 4, "szf": 1, "zwfw": 1, "scjg": 1, "sfj": 1, "fgw": 1, "dhq": 2, "dhq-zwfw": 1,
        "dhq-czj": 1}
    assert units["tjj"]["on_time_rate"] is None and units["tjj"]["median_workdays"] is None


def test_categories_timeliness(data):
    cats = by(data["categories"], "category")
    assert [c["category"] for c in data["categories"]] == list(SCHEMA.categories)
    assert {cid: (c["items"], c["on_time"], c["late"], c["unknown"]) for cid, c in cats.items() if c["items"]} == {
        "regulations": (6, 5, 1, 0), "other": (3, 2, 0, 1), "licensing": (2, 1, 1, 0), "penalties": (2, 2, 0, 0),
        "fees": (3, 3, 0, 0), "major-projects": (2, 2, 0, 0)}


def test_late_items(data):
    late = [(e["index_no"], e["unit"], e["deadline"], e["days_late"]) for e in data["late_items"]]
    # R2: 20th working day after 3 Jun is 1 Jul, published 15 Jul -> 10 working days late.
    # L2: 7th working day after 7 Jul is 16 Jul, published 21 Jul -> 3 working days late.
    assert late == [(INDEX["R2"], "szfb", "2025-07-01", 10), (INDEX["L2"], "dhq-zwfw", "2025-07-16", 3)]
    assert data["late_items"][0]["title"] == ITEMS["R2"]["title"]
    assert [e["index_no"] for e in data["unknown_items"]] == [INDEX["U1"]]


def test_interpretations(data):
    assert [e["index_no"] for e in data["regulations_without_interpretation"]] == [
        INDEX["A3"], INDEX["G1"], INDEX["D1"], INDEX["R2"]]
    late = data["late_interpretations"]
    assert [(e["index_no"], e["policy_index_no"], e["workdays_after"]) for e in late] == [
        (INDEX["I3"], INDEX["R3"], 5)]


def test_projects(data):
    assert len(data["projects"]) == 1
    project = data["projects"][0]
    assert project["name"] == PROJECT_NAME
    assert project["published"] == ["批准结果信息", "招标投标信息", "施工有关信息"]
    assert project["missing"] == ["批准服务信息", "征收土地信息", "重大设计变更信息", "质量安全监督信息", "竣工有关信息"]


def test_projects_next_year(repo):
    project = compute(repo, 2026)["projects"][0]
    assert project["missing"] == ["批准服务信息", "征收土地信息", "重大设计变更信息", "质量安全监督信息"]


def test_annual_tables(data):
    assert data["annual_tables"] == {
        # made (成文日期 in 2025): G1 | R1, R2, R3, D1, A4; abolished in 2025: A1 (废止), A6 (失效);
        # in force on 31 Dec: G1, A2 (失效 only from 2026) | R1, R2, R3, A3, A4, D1 (A1, A6 gone, A5 no date)
        "art20_1": {"规章": {"made": 1, "abolished": 0, "in_force": 2, "expired": 0, "repealed": 0},
                    "行政规范性文件": {"made": 5, "abolished": 2, "in_force": 6, "expired": 1, "repealed": 1}},
        # by the date each decision was made: L1 5 + L2 1 (L3 is 2024)
        "art20_5": {"行政许可": {"decisions": 6}},
        # P1 3 + P3 2 (made 29 Dec 2025, published 2026) + P4's decision of 22 Dec 2025; P2 1
        "art20_6": {"行政处罚": {"decisions": 6}, "行政强制": {"decisions": 1}},
        # full-year amounts for 2025: F2 30.25 + F5 480 (published 2026); F1 is a quarter, F3 has no period
        "art20_8": {"行政事业性收费": {"amount_wan_yuan": 510.25}},
    }
    assert [(e["index_no"], e["fee_amount"]) for e in data["fees_not_counted"]] == [
        (INDEX["F1"], 120.5), (INDEX["F3"], 12.0)]


def test_decisions_of_next_year(repo):
    tables = compute(repo, 2026)["annual_tables"]
    assert tables["art20_6"]["行政处罚"]["decisions"] == 1          # P4's decision of 5 Jan 2026
    late = {e["index_no"]: e for e in compute(repo, 2026)["late_items"]}
    # P4: the decision of 22 Dec 2025 had to be published by 31 Dec (7 working days)
    assert late[INDEX["P4"]]["deadline"] == "2025-12-31" and late[INDEX["P4"]]["late_decisions"] == 1
    assert late[INDEX["P4"]]["rule"] == "licensing-penalty-decision"


def test_rollups(data):
    counties = by(data["counties"], "county")
    assert list(counties) == ["dhq", "xsx", "byq"]
    dhq = counties["dhq"]
    # D1, J3, L2 (late), F2; working days 3, 2, 10, 2
    assert (dhq["items"], dhq["on_time"], dhq["late"], dhq["unknown"], dhq["on_time_rate"], dhq["median_workdays"]) \
        == (4, 3, 1, 0, 0.75, 2.5)
    assert (dhq["late_items"], dhq["regulations_without_interpretation"], dhq["late_interpretations"]) == (1, 1, 0)
    assert dhq["annual_tables"]["art20_1"]["行政规范性文件"] == {"made": 1, "abolished": 0, "in_force": 1,
                                                             "expired": 0, "repealed": 0}
    assert dhq["annual_tables"]["art20_5"]["行政许可"]["decisions"] == 1
    assert dhq["annual_tables"]["art20_8"]["行政事业性收费"]["amount_wan_yuan"] == 30.25   # F2
    assert counties["xsx"]["items"] == 0 and counties["xsx"]["on_time_rate"] is None
    city = data["city"]
    assert (city["items"], city["on_time"], city["late"], city["unknown"], city["on_time_rate"]) \
        == (18, 15, 2, 1, 0.8333)
    assert (city["late_items"], city["regulations_without_interpretation"], city["late_interpretations"]) == (2, 4, 1)
    assert city["annual_tables"] == data["annual_tables"]
    municipal = data["municipal"]
    assert (municipal["items"], municipal["on_time"], municipal["late"], municipal["unknown"]) == (14, 12, 1, 1)


def test_unit_selection(repo):
    county = compute(repo, 2025, county="东河区")          # the whole 旗县区
    assert county["scope"]["kind"] == "county"
    assert compute(repo, 2025, county="东河区人民政府")["scope"] == county["scope"]
    government = compute(repo, 2025, "东河区人民政府")     # a unit: the government itself
    assert (government["scope"]["kind"], [u["unit"] for u in government["units"]]) == ("unit", ["dhq"])
    assert government["city"]["items"] == 2                 # D1, J3
    assert {u["unit"] for u in county["units"]} == {u.id for u in SCHEMA.units.values() if u.county == "dhq"}
    assert (county["city"]["items"], county["city"]["late"]) == (4, 1)
    assert county["annual_tables"]["art20_5"]["行政许可"]["decisions"] == 1
    assert [c["county"] for c in county["counties"]] == ["dhq"]
    assert len(county["projects"]) == 1                           # J3 is dhq's
    one = compute(repo, 2025, "市财政局")
    assert [u["unit"] for u in one["units"]] == ["czj"]
    assert one["city"]["items"] == 5
    assert one["annual_tables"]["art20_8"]["行政事业性收费"]["amount_wan_yuan"] == 480.0
    assert one["projects"] == []
    with pytest.raises(ConfigError):
        compute(repo, 2025, "不存在的局")
    with pytest.raises(ConfigError):
        compute(repo, 2025, county="市财政局")               # not a 旗县区
    with pytest.raises(ConfigError):
        compute(repo, 2025, "czj", scope="benji")            # one scope at a time


def test_benji_scope(repo):
    benji = compute(repo, 2025, scope="benji")
    assert (benji["scope"]["kind"], [u["unit"] for u in benji["units"]]) == ("benji", ["szf", "szfb"])
    # szf: G1; szfb: R2, R3, I3, U1
    assert benji["city"]["items"] == 5 and benji["counties"] == []
    assert benji["annual_tables"]["art20_1"] == {
        "规章": {"made": 1, "abolished": 0, "in_force": 2, "expired": 0, "repealed": 0},
        "行政规范性文件": {"made": 3, "abolished": 0, "in_force": 3, "expired": 0, "repealed": 0}}
    assert benji["annual_tables"]["art20_5"]["行政许可"]["decisions"] == 0
    assert compute(repo, 2025, scope="本级")["scope"] == benji["scope"]


def test_coverage_lists_responsible_units_without_items(repo):
    coverage = {(c["kind"], c["id"]): c["units"] for c in compute(repo, 2025, scope="benji")["coverage"]}
    # 市政府办 leads categories 1, 11 and 13: it published in category 1 only
    assert "szfb" not in coverage.get(("category", "regulations"), [])
    assert "szfb" in coverage[("category", "livelihood")] and "szfb" in coverage[("category", "supervision")]
    city = {(c["kind"], c["id"]): c["units"] for c in compute(repo, 2025)["coverage"]}
    assert "czj" not in city.get(("category", "fees"), []) and "byq-czj" in city[("category", "fees")]


# -- command line ------------------------------------------------------------

def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DISCLOSURE_TODAY": TODAY.isoformat(), "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "report", *args],
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=PROJECT)


def test_cli_json_shape(repo_root, data):
    result = _cli(repo_root, "--year", "2025", "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    for key in ("year", "units", "categories", "late_items", "regulations_without_interpretation",
                "late_interpretations", "projects", "counties", "city", "annual_tables", "fees_not_counted",
                "coverage"):
        assert key in out
    assert out["year"] == 2025
    for row in out["units"]:
        assert {"unit", "name", "items", "on_time", "late", "unknown", "on_time_rate", "median_workdays"} <= set(row)
    for row in out["categories"]:
        assert {"category", "name", "items", "on_time", "late", "unknown", "on_time_rate",
                "median_workdays"} <= set(row)
    tables = out["annual_tables"]
    row_keys = ["abolished", "expired", "in_force", "made", "repealed"]
    assert {k: {r: sorted(v) for r, v in rows.items()} for k, rows in tables.items()} == {
        "art20_1": {"规章": row_keys, "行政规范性文件": row_keys},
        "art20_5": {"行政许可": ["decisions"]},
        "art20_6": {"行政处罚": ["decisions"], "行政强制": ["decisions"]},
        "art20_8": {"行政事业性收费": ["amount_wan_yuan"]},
    }
    assert out == json.loads(json.dumps(data, ensure_ascii=False))
    again = _cli(repo_root, "--year", "2025", "--format", "json")
    assert again.stdout == result.stdout                          # deterministic


def test_cli_other_formats(repo_root):
    text = _cli(repo_root, "--year", "2025").stdout
    assert "逾期公开的信息" in text and INDEX["R2"] in text
    md = _cli(repo_root, "--year", "2025", "--format", "md").stdout
    assert md.startswith("# ") and "| 单位 |" in md
    csv_text = _cli(repo_root, "--year", "2025", "--format", "csv").stdout
    assert csv_text.startswith("\ufeffsection,")
    assert "annual_tables,art20_5,行政许可,,,,,,,,,,,,,,decisions,6" in csv_text
    county = json.loads(_cli(repo_root, "--year", "2025", "--county", "dhq", "--format", "json").stdout)
    assert county["city"]["items"] == 4
    government = json.loads(_cli(repo_root, "--year", "2025", "--unit", "dhq", "--format", "json").stdout)
    assert government["city"]["items"] == 2
    benji = json.loads(_cli(repo_root, "--year", "2025", "--scope", "benji", "--format", "json").stdout)
    assert benji["scope"]["kind"] == "benji" and benji["city"]["items"] == 5
    both = _cli(repo_root, "--year", "2025", "--scope", "benji", "--unit", "czj")
    assert both.returncode == 2 and "Traceback" not in both.stderr


def test_default_year_is_last_complete_year(repo_root):
    out = json.loads(_cli(repo_root, "--format", "json").stdout)
    assert out["year"] == TODAY.year - 1


def test_report_refuses_repository_with_errors(tmp_path):
    root = build_repository(tmp_path / "bad", base=False)
    write_items(root)
    broken = root / "content" / "czj" / "2025" / "broken.md"
    broken.write_text("---\n标题: 缺少其他字段\n---\n\n正文。\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        run_report(root, year=2025, unit=None, fmt="json")
    assert "check" in str(info.value)
    result = _cli(root, "--year", "2025")
    assert result.returncode == 2 and "check" in result.stderr and result.stdout == ""


# -- site --------------------------------------------------------------------

def test_expand_annual_tables(repo):
    cat = build_catalogue(repo)
    page = "# 2025年年度报告\n\n## 二、主动公开政府信息情况\n\n<!-- disclosure:annual-tables 2025 -->\n\n## 三、其他\n"
    html = expand_annual_tables(page, cat, repo.calendar)
    assert "disclosure:annual-tables" not in html
    assert html.count("<table") == 4 and html.count("<caption") == 4
    row = re.search(r'<th scope="row">行政规范性文件</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>', html)
    assert row.groups() == ("5", "2", "6")
    assert re.search(r'<th scope="row">行政许可</th><td>6</td>', html)
    assert re.search(r'<th scope="row">行政事业性收费</th><td>510.25</td>', html)
    assert "失效的文件 1 件" in html and "废止的文件 1 件" in html
    for column in ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额（万元）"):
        assert f'<th scope="col">{column}</th>' in html
    county = expand_annual_tables("<!-- disclosure:annual-tables 2025 county:dhq -->\n", cat, repo.calendar)
    assert re.search(r'<th scope="row">行政事业性收费</th><td>30.25</td>', county)
    benji = expand_annual_tables("<!-- disclosure:annual-tables 2025 本级 -->\n", cat, repo.calendar)
    assert re.search(r'<th scope="row">行政规范性文件</th><td>3</td><td>0</td><td>3</td>', benji)
    assert "统计范围：示例市人民政府本级（示例市人民政府、示例市人民政府办公室）" in benji
    assert expand_annual_tables("没有标记的年报。\n", cat, repo.calendar) == "没有标记的年报。\n"


def test_supervision_document(repo):
    cat = build_catalogue(repo)
    text = supervision_document(cat, repo.calendar, 2026, site_url="https://gk.example/", site_name="示例市")
    assert text.startswith("<!doctype html>") and '<meta name="robots" content="noindex, nofollow">' in text
    for year in (2026, 2025, 2024, 2023):
        assert f'id="year-{year}"' in text
    section_2025 = text.split('id="year-2025"')[1].split('id="year-2024"')[0]
    assert re.search(r"2025年全市发布信息 \d+ 条：按时 \d+ 条", section_2025)
    assert section_2025.count('<span class="dc-late">逾期</span>') == 3       # R2, L2 and the late interpretation I3
    assert section_2025.count('<span class="dc-missing">未公开</span>') == 5
    svg = re.search(r"<svg[^>]*>", section_2025).group(0)
    assert 'role="img"' in svg and "aria-label=" in svg
    assert section_2025.count("<g><title>") == 10                           # one bar per unit with items
    assert "50.0%（2/4）" in section_2025                                    # figure written next to the bar
    links = re.findall(r'<a href="([^"#]+)"', section_2025)
    assert links and all(link.startswith("https://gk.example/") for link in links)   # items on the public site


# -- the sample content ------------------------------------------------------

def _front_matter(path: Path) -> dict | None:
    text = path.read_text(encoding="utf-8-sig")
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    return yaml.safe_load(text[3:end]) or {}


def _get(meta: dict, *keys):
    for key in keys:
        if key in meta:
            return meta[key]
    return None


def _decision_dates(meta: dict, formed) -> list:
    """(date, count) of each decision, read the way the guide tells clerks to write them."""
    dates = _get(meta, "decision_date", "决定日期", "作出决定日期", "决定作出日期")
    if dates is None:
        count = _get(meta, "decision_count", "决定数量", "决定件数")
        return [(formed, 1 if count is None else int(count))]
    if isinstance(dates, dict):
        return [(parse_date(day), int(n)) for day, n in dates.items()]
    if isinstance(dates, list):
        return [(parse_date(day), 1) for day in dates]
    return [(parse_date(dates), 1)]


def _full_year(period) -> int | None:
    """The year of a 收费期间 that is a whole year (2025, 2025年, 2025年度), else None."""
    match = re.fullmatch(r"(\d{4})(年度?)?", str(period).strip()) if period is not None else None
    return int(match.group(1)) if match else None


def test_sample_content_figures():
    items = []
    for path in sorted((PROJECT / "content").rglob("*.md")):
        rel = path.relative_to(PROJECT / "content").as_posix()
        if rel.startswith("pages/") or rel.count("/") != 2:
            continue
        meta = _front_matter(path)
        if meta:
            items.append((rel, meta))
    assert len(items) >= 20, f"the sample content should have items to count; content/ has {len(items)}"
    repo = load_repository(PROJECT)
    assert not repo.errors, "the sample content must pass the checker"
    for year in sorted({parse_date(_get(m, "publish_date", "发布日期")).year for _, m in items}):
        decisions = {"行政许可": 0, "行政处罚": 0, "行政强制": 0}
        fees = 0.0
        made = {"规章": 0, "行政规范性文件": 0}
        per_unit: dict = {}
        for rel, meta in items:
            published = parse_date(_get(meta, "publish_date", "发布日期"))
            formed = parse_date(_get(meta, "formation_date", "成文日期", "生成日期", "形成日期"))
            kind = _get(meta, "doc_kind", "文件类型", "文件种类")
            if kind in made and formed.year == year:
                made[kind] += 1
            decision = _get(meta, "decision_type", "决定类型", "行政决定类型")
            if decision in decisions:       # counted by the year each decision was made
                decisions[decision] += sum(n for day, n in _decision_dates(meta, formed) if day.year == year)
            amount = _get(meta, "fee_amount", "收费金额", "收费金额（万元）")
            if amount is not None and _full_year(_get(meta, "fee_period", "收费期间", "收费统计期间", "收费年度")) == year:
                fees += float(amount)
            if published.year != year:
                continue
            unit = rel.split("/")[0]
            per_unit[unit] = per_unit.get(unit, 0) + 1
        report = compute(repo, year)
        tables = report["annual_tables"]
        assert tables["art20_5"]["行政许可"]["decisions"] == decisions["行政许可"], year
        assert tables["art20_6"]["行政处罚"]["decisions"] == decisions["行政处罚"], year
        assert tables["art20_6"]["行政强制"]["decisions"] == decisions["行政强制"], year
        assert tables["art20_8"]["行政事业性收费"]["amount_wan_yuan"] == round(fees, 2), year
        assert {k: v["made"] for k, v in tables["art20_1"].items()} == made, year
        assert {u["unit"]: u["items"] for u in report["units"] if u["items"]} == per_unit, year
        late = {p.path for p in repo.warnings if p.code == "late"}
        late_in_year = sum(1 for rel, meta in items if "content/" + rel in late
                           and parse_date(_get(meta, "publish_date", "发布日期")).year == year)
        assert report["city"]["late"] == late_in_year, year
        assert report["city"]["items"] == sum(per_unit.values()), year
