"""内容概述 derived from the text (generator/item.py derive_summary).

Only the beginning of a long text is cleaned; the result must be what
cleaning every line of the whole text gives, on the sample content, on
generated items and on texts built to sit on the edges of that shortcut.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.generate import generate
from generator.model.item import clean_line, derive_summary, is_salutation
from generator.model.source import read_source

ROOT = Path(__file__).resolve().parents[1]


def whole_text_summary(body: str, limit: int = 120) -> str:
    """The rule written out plainly: clean every prose line, then cut at sentence ends."""
    prose = [line for line in body.split("\n")
             if not line.lstrip().startswith(("#", "|", "```", "~~~", "<", "!["))]
    cleaned = [c for c in (clean_line(line) for line in prose) if c]
    if cleaned and is_salutation(cleaned[0]):
        cleaned = cleaned[1:]
    text = "".join(cleaned)
    if len(text) <= limit:
        return text
    out = ""
    for sentence in re.split(r"(?<=[。！？；])", text):
        if len(out) + len(sentence) > limit:
            break
        out += sentence
    return out or text[:limit] + "……"


def bodies(folder: Path):
    for path in sorted(folder.rglob("*.md")):
        source, _ = read_source(path.read_bytes(), path.relative_to(folder).as_posix())
        if source is not None:
            yield path, source.body


def test_sample_content_summaries_match_the_whole_text_rule():
    checked = 0
    for path, body in bodies(ROOT / "content"):
        assert derive_summary(body) == whole_text_summary(body), path
        checked += 1
    assert checked > 50


def test_generated_item_summaries_match_the_whole_text_rule(tmp_path):
    generate(tmp_path, 200, seed=7)
    for path, body in bodies(tmp_path / "content"):
        assert derive_summary(body) == whole_text_summary(body), path


@pytest.mark.parametrize("body", [
    # a long first part without sentence ends, then prose far down
    "\n".join(["# 标题"] + ["| 表格 | 行 |"] * 300 + ["这是正文第一句。这是第二句。"] * 5),
    # many short lines: the beginning holds too little cleaned text, so everything is cleaned
    "\n".join(["* " * 600] + ["第一段说明。"] * 3),
    # one very long line
    "甲" * 5000 + "。",
    # markup-heavy lines around the cut
    "\n".join(["[链接文字](https://example.invalid/a)**加粗**。"] * 200),
    "\n".join(["   "] * 3000 + ["末尾才有正文。"]),
    # the text passes the limit exactly at a line end, and a sentence runs over two lines
    "\n".join(["一" * 60 + "。", "二" * 60 + "。", "三" * 10]),
    "\n".join(["一" * 100, "二" * 30 + "。", "三" * 10 + "。"]),
    "",
])
def test_edge_texts_match_the_whole_text_rule(body):
    assert derive_summary(body) == whole_text_summary(body)


def test_markup_is_removed_and_link_text_kept():
    assert clean_line("  - 见 [通知](a.md) 和 **附件** <b>一</b>。 ") == "见通知和附件一。"


@pytest.mark.parametrize("line", ["各旗县区人民政府，市直各部门：", "东河区水务投资有限公司：", "各旗县区民政局：",
                                  "各旗县区分局，局机关各科室：", "各苏木乡镇人民政府，旗直各部门:",
                                  "各旗县区卫生健康委员会，各基层医疗卫生机构："])
def test_salutations_are_recognised(line):
    assert is_salutation(line)


@pytest.mark.parametrize("line", ["《实施意见》共五个部分：", "说明：", "现将有关事项通知如下：",
                                  "为做好工作，经市政府同意，现通知如下：", "各旗县区人民政府，市直各部门：现将办法印发给你们。"])
def test_text_ending_in_a_colon_is_not_a_salutation(line):
    assert not is_salutation(line)


def test_the_summary_leaves_out_the_addressees():
    body = "各旗县区人民政府，市直各部门：\n\n为持续优化营商环境，现提出以下措施。\n\n## 一、要求\n\n各部门：落实。"
    assert derive_summary(body) == "为持续优化营商环境，现提出以下措施。各部门：落实。"
    # only a first line: the same words later in the text stay
    assert derive_summary("前言。\n\n各旗县区民政局：\n\n正文。") == "前言。各旗县区民政局：正文。"


def test_sample_items_have_no_salutation_in_their_summary():
    from generator.check.repository import load_repository

    repo = load_repository(ROOT)
    derived = [i for i in repo.items if not i.summary]
    assert derived
    for item in derived:
        assert not re.match(r"各[^。]{0,40}[：:]", item.description), (item.rel, item.description[:40])
    assert any(i.body.lstrip().startswith("各旗县区") for i in derived), "the sample needs an item opening with 主送机关"
