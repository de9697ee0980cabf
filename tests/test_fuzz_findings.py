"""What the fuzzer (tests/fuzzing.py) found: items check accepts that the build could not handle, kept as tests.

Each test builds the pages of one such item in process (the catalogue and the
item's chrome), which is where the build failed.
"""

from __future__ import annotations

import lxml.html
import pytest
from conftest import BASE_ITEMS, TODAY, build_repository

from generator.check.repository import load_repository
from generator.site import views
from generator.site.catalogue import build_catalogue


def item_page_parts(root, rel):
    repo = load_repository(root, today=TODAY)
    assert repo.errors == [], [(p.path, p.code) for p in repo.errors]
    cat = build_catalogue(repo)
    [item] = [i for i in cat.items if i.rel == rel]
    return cat, views.item_chrome(item, cat)


@pytest.mark.parametrize("extra", [
    "项目名称: 示例市城区供水管网改造工程\n",                          # no 重点领域 at all (make fuzz, seed 1282587192)
    "重点领域: 财政预决算\n项目名称: 示例市城区供水管网改造工程\n",      # a sector without projects
])
def test_a_project_outside_the_major_projects_sector_is_shown_as_text(tmp_path, extra):
    # The meta table linked every 项目名称 to its page under the major-projects sector, which exists only
    # for items in that sector: without a sector the build crashed (AttributeError), with another a dead link.
    root = build_repository(tmp_path / "repo")
    rel = "content/czj/2026/project-no-sector.md"
    text = BASE_ITEMS["content/czj/2026/base-budget.md"].replace("2026-00002", "2026-00301")
    (root / rel).write_text(text.replace("保密审查:", extra + "保密审查:"), encoding="utf-8")
    cat, (_meta, before, _after) = item_page_parts(root, rel)
    assert cat.projects == {}
    table = lxml.html.fragment_fromstring(before, create_parent="div")
    [cell] = table.xpath('//th[.="项目名称"]/following-sibling::td[1]')
    assert cell.text_content() == "示例市城区供水管网改造工程"
    assert cell.xpath(".//a") == []
