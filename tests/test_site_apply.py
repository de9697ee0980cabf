"""依申请公开 on the built site (issue 18): /apply/, the form in two formats, each unit's guide,
each unit's annual report and the list of reports.

The pages come from the shared real build (tests/sitebuild.py); what they must
show is read here from categories.yml and mkdocs.yml with PyYAML, and the
figures of the reports are the hand counts of tests/test_report_applications.py.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile

import docx
import pytest
import sitebuild
import yaml
from conftest import TODAY
from sitebuild import resolve
from test_report_applications import CZJ_2025, CZJ_CASES, SZFB_2025

from generator.model.schema import load_schema
from generator.problems import ConfigError
from generator.site.apply import form_data
from generator.site.form_docx import form_docx

GUIDE_FIELDS = ("address", "hours", "phone", "fax", "email")


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> sitebuild.Site:
    return sitebuild.shared_build(tmp_path_factory)


@pytest.fixture(scope="module")
def raw_units(site) -> list[dict]:
    return yaml.safe_load((site.root / "categories.yml").read_text(encoding="utf-8"))["units"]


def handling(units: list[dict]) -> list[dict]:
    return [u for u in units if u.get("applications") is not False]


def text(el) -> str:
    return re.sub(r"\s+", "", el.text_content())


def links(site, url: str, scope: str = "//article") -> set[str]:
    return {resolve(url, h) for h in site.html(url).xpath(f"{scope}//a/@href") if not h.startswith(("http", "mailto:", "tel:"))}


# -- /apply/ ----------------------------------------------------------------------------

def test_apply_page_says_how_to_apply_with_limits_fees_remedies_and_the_online_channel(site, raw_units):
    page = site.html("apply/")
    body = text(page.xpath("//article")[0])
    for words in ("第二十九条", "20个工作日内予以答复", "最长不超过20个工作日", "第三十三条", "信息处理费", "第四十二条",
                  "行政复议", "行政诉讼", "第五十一条", "补正"):
        assert words in body, words
    online = yaml.load((site.root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]["apply"]["online"]
    assert page.xpath(f'//article//a[@href="{online}"]'), "the online channel from mkdocs.yml is not linked"
    found = links(site, "apply/")
    assert {"apply/form/", "apply/zhengfu-xinxi-gongkai-shenqingbiao.docx"} <= found
    assert {f"units/{u['id']}/guide/" for u in handling(raw_units)} <= found


def test_apply_is_in_the_navigation_and_on_the_portal(site):
    assert "apply/" in links(site, "", "//nav[contains(@class,'md-nav--primary')]")
    assert "apply/" in links(site, "", "//article")
    assert "apply/form/" in links(site, "pages/guide/")          # the guide's promise of a form is kept


def test_form_page_and_docx_ask_the_same_questions(site):
    data = form_data()
    labels = [f["label"] for s in data["sections"] for row in s["rows"] for f in row]
    page = text(site.html("apply/form/").xpath("//article")[0])
    for label in labels + [s["title"] for s in data["sections"]]:
        assert re.sub(r"\s+", "", label) in page, label
    raw = site.file("apply/zhengfu-xinxi-gongkai-shenqingbiao.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        assert archive.testzip() is None
        assert {"[Content_Types].xml", "word/document.xml"} <= set(archive.namelist())
    document = docx.Document(io.BytesIO(raw))
    cells = {c.text.strip() for t in document.tables for r in t.rows for c in r.cells}
    assert set(labels) <= cells
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert data["title"] in paragraphs and "第三十三条" in paragraphs
    assert document.core_properties.title == data["title"]
    assert raw == form_docx(data, document.core_properties.author), "the built file is not the form's DOCX"
    assert form_docx(data) == form_docx(data), "two DOCX of the same form differ"


# -- per-unit guides ----------------------------------------------------------------------

def test_a_guide_for_every_unit_that_handles_applications_and_none_for_the_others(site, raw_units):
    assert any(u.get("applications") is False for u in raw_units), "the sample needs a unit without applications"
    for unit in raw_units:
        url = f"units/{unit['id']}/guide/"
        if unit.get("applications") is False:
            assert not site.file(url).is_file(), url
            assert f"units/{unit['id']}/guide/" not in links(site, f"units/{unit['id']}/")
            continue
        body = text(site.html(url).xpath("//article")[0])
        assert re.sub(r"\s+", "", unit["applications"]["acceptor"]) in body, url
        for key in GUIDE_FIELDS:
            assert re.sub(r"\s+", "", unit["contact"][key]) in body, (url, key)
        for channel in unit["applications"]["channels"]:
            assert channel in body, (url, channel)
        assert {"apply/", "apply/form/"} <= links(site, url)
        assert url in links(site, f"units/{unit['id']}/"), f"/units/{unit['id']}/ does not link its guide"


@pytest.mark.parametrize("change,words", [
    (lambda u: u["contact"].pop("hours"), "办公时间"),
    (lambda u: u["contact"].pop("fax"), "传真"),
    (lambda u: u["applications"].pop("acceptor"), "受理机构"),
    (lambda u: u.pop("applications"), "applications"),
    (lambda u: u["applications"].update(channels=["微信"]), "微信"),
])
def test_a_unit_that_handles_applications_without_a_guide_field_is_a_configuration_error(tmp_path, site, change, words):
    schema = yaml.safe_load((site.root / "categories.yml").read_text(encoding="utf-8"))
    change(next(u for u in schema["units"] if u["id"] == "czj"))
    path = tmp_path / "categories.yml"
    path.write_text(yaml.safe_dump(schema, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_schema(path)
    assert "czj" in str(info.value) and words in str(info.value)
    assert info.value.line is not None and info.value.hint


# -- ledgers: check rejects a broken one with file, line and field -------------------------

def test_check_rejects_a_broken_ledger_with_file_line_and_field(make_repo):
    root = make_repo()
    (root / "applications" / "czj").mkdir(parents=True)
    (root / "applications" / "czj" / "2025.yml").write_text(
        "申请:\n"
        "  - {收到日期: 2025-03-03, 申请人: 自然人, 渠道: 网上申请, 结果: 予以公开, 答复日期: 2025-03-20}\n"
        "  - {收到日期: 2025-03-04, 申请人: 张三, 渠道: 网上申请, 结果: 予以公开, 答复日期: 2025-03-20}\n",
        encoding="utf-8")
    env = {**sitebuild.build_env(), "PYTHONPATH": str(sitebuild.PROJECT), "DISCLOSURE_TODAY": TODAY.isoformat()}
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--format", "json"], cwd=root,
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    problems = [p for p in json.loads(result.stdout) if p["path"] == "applications/czj/2025.yml"]
    assert [(p["line"], p["field"], p["code"]) for p in problems] == [(3, "applicant", "ledger-value")]
    assert re.search(r"[\u4e00-\u9fff]", problems[0]["message"]) and problems[0]["hint"]
    shown = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=root, capture_output=True, text=True,
                           env=env, timeout=120).stdout
    assert "applications/czj/2025.yml" in shown and "张三" in shown


def test_a_broken_ledger_stops_the_build(tmp_path):
    root = sitebuild.copy_repository(tmp_path / "repo")
    ledger = root / "applications" / "czj" / "2025.yml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("结果: 不予处理3", "结果: 不予处理9"), encoding="utf-8")
    result = sitebuild.run_build(root)
    assert result.returncode != 0
    output = sitebuild.output_of(result)
    assert re.search(r"applications/czj/2025\.yml\n(?:.*\n)*?\s+13\s+错误 ledger-value\s+\[result\]", output), output


# -- annual reports -------------------------------------------------------------------------

def table_rows(table) -> dict[str, list[str]]:
    return {text(tr.xpath("./th")[0]): [text(td) for td in tr.xpath("./td")] for tr in table.xpath(".//tbody/tr")}


def expected_rows(hand: dict) -> dict[str, list[str]]:
    columns = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    zero = dict.fromkeys(columns, 0)
    rows = {"一、本年新收政府信息公开申请数量": hand["new"], "二、上年结转政府信息公开申请数量": hand["carried_over"],
            "（一）予以公开": hand["results"]["予以公开"], "（七）总计": hand["results"]["总计"],
            "1.属于国家秘密": hand["results"].get("不予公开1", zero),
            "4.保护第三方合法权益": hand["results"].get("不予公开4", zero),
            "四、结转下年度继续办理": hand["carried_forward"]}
    return {label: [str(counts[c]) for c in columns] for label, counts in rows.items()}


def test_a_unit_report_page_has_its_own_text_and_computed_sections(site):
    url = "units/czj/annual-reports/2025/"
    article = site.html(url).xpath("//article")[0]
    headings = [text(h) for h in article.xpath(".//h2")]
    assert headings == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    assert text(article.xpath(".//h1")[0]) == "示例市财政局2025年政府信息公开工作年度报告"
    written = (site.root / "content/pages/annual-reports/czj/2025.md").read_text(encoding="utf-8")
    assert "每季度核对台账中未办结的申请" in written and "每季度核对台账中未办结的申请" in text(article)
    three = table_rows(article.xpath('.//table[contains(@class,"dc-applications-table")]')[0])
    for label, values in expected_rows(CZJ_2025).items():
        assert three[label] == values, label
    assert len(three) == 3 + 6 + 19 + 2
    four = table_rows(article.xpath('.//table[contains(@class,"dc-annual-table")][not(contains(@class,"dc-applications-table"))]')[-1])
    assert four["行政复议"] == [str(n) for n in CZJ_CASES["行政复议"]]
    assert four["行政诉讼（复议后起诉）"] == [str(n) for n in CZJ_CASES["复议后起诉"]]
    assert "已核对无误" in text(article) and "150元" in text(article)
    assert {"units/czj/guide/", "apply/"} <= links(site, url)
    assert url in links(site, "units/czj/") and url in links(site, "units/czj/guide/")


def test_the_city_report_computes_sections_three_and_four_for_its_own_level(site):
    article = site.html("pages/annual-reports/2025/").xpath("//article")[0]
    three = table_rows(article.xpath('.//table[contains(@class,"dc-applications-table")]')[0])
    for label, values in expected_rows(SZFB_2025).items():
        assert three[label] == values, label


def test_the_list_of_reports_names_every_report_by_year(site):
    reports = {resolve("pages/annual-reports/", h) for h in
               site.html("pages/annual-reports/").xpath("//article//a/@href")}
    texts = sorted((site.root / "content/pages/annual-reports").glob("*/*.md"))
    assert texts, "the sample needs units' report texts"
    for path in texts:
        assert f"units/{path.parent.name}/annual-reports/{path.stem}/" in reports, path
    assert "pages/annual-reports/2025/" in reports
    county = site.html("pages/annual-reports/").xpath('//article//a[contains(@href,"units/dhq/")]')
    assert county and "东河区人民政府" in text(county[0])
