"""generator.model.source.read_source: decoding, front matter, body and positions (the opening --- is line 1)."""

from __future__ import annotations

import datetime

import pytest

from generator.model.source import read_source

REL = "content/czj/2026/x.md"

ITEM = """---
标题: 示例
公开类别: 财政预算、决算信息
主题词:
  - 预算
  - 决算
保密审查:
  reviewer: 张三
  date: 2026-03-04
---

第一段。

第二段。
"""


def read(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_source(data, REL)


def codes(problems):
    return [(p.code, p.line) for p in problems]


def test_entries_keep_their_lines_and_values():
    source, problems = read(ITEM)
    assert problems == []
    assert source.has_front_matter
    assert [(e.key, e.line, e.column) for e in source.entries] == [
        ("标题", 2, 1), ("公开类别", 3, 1), ("主题词", 4, 1), ("保密审查", 7, 1)]
    values = {e.key: e.value for e in source.entries}
    assert values["主题词"] == ["预算", "决算"]
    assert values["保密审查"] == {"reviewer": "张三", "date": datetime.date(2026, 3, 4)}
    # nodes keep positions too: the second list item is on line 6
    keywords = next(e for e in source.entries if e.key == "主题词")
    assert keywords.node.value[1].start_mark.line + 2 == 6


def test_body_and_body_line():
    source, _ = read(ITEM)
    assert source.body_line == 11                      # the line right after the closing ---
    assert source.body.split("\n")[0] == ""
    assert source.body.split("\n")[1] == "第一段。"      # line 12
    assert source.body_line + source.body.split("\n").index("第二段。") == 14
    assert source.rel == REL


def test_closing_dots_are_accepted():
    source, problems = read("---\n标题: 示例\n...\n正文\n")
    assert problems == [] and source.body == "正文\n" and source.body_line == 4


def test_bom_is_accepted():
    source, problems = read(b"\xef\xbb\xbf" + ITEM.encode("utf-8"))
    assert problems == []
    assert source.has_front_matter and source.entries[0].key == "标题"
    assert [e.line for e in source.entries] == [2, 3, 4, 7]


def test_crlf_is_accepted_and_normalised():
    source, problems = read(ITEM.replace("\n", "\r\n").encode("utf-8"))
    assert problems == []
    assert "\r" not in source.text and "\r" not in source.body
    assert [e.line for e in source.entries] == [2, 3, 4, 7]
    assert source.body_line == 11


def test_bom_and_crlf_together():
    source, problems = read(b"\xef\xbb\xbf" + ITEM.replace("\n", "\r\n").encode("utf-8"))
    assert problems == [] and source.entries[0].value == "示例"


def test_gbk_is_rejected_with_the_line_and_a_fix():
    data = ("---\ntitle: a\n标题: 示例\n---\n").encode("gbk")
    source, problems = read(data)
    assert source is None
    assert codes(problems) == [("not-utf8", 3)]
    assert "GBK" in problems[0].message and "UTF-8" in problems[0].hint


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\n"])
def test_empty_file(data):
    source, problems = read(data)
    assert source is None and codes(problems) == [("empty-file", None)]


def test_no_front_matter_is_all_body():
    source, problems = read("# 标题\n\n正文\n")
    assert problems == []
    assert not source.has_front_matter and source.entries == []
    assert source.body_line == 1 and source.body.startswith("# 标题")


def test_unclosed_front_matter():
    source, problems = read("---\n标题: 示例\n公开类别: 其他\n\n正文\n")
    assert source is None
    assert codes(problems) == [("front-matter-unclosed", 1)]


def test_empty_front_matter():
    source, problems = read("---\n---\n正文\n")
    assert problems == [] and source.has_front_matter and source.entries == [] and source.body_line == 3


def test_duplicate_keys_keep_the_first_and_report_the_second():
    source, problems = read("---\n标题: 一\n公开类别: 其他\n标题: 二\n---\n")
    assert codes(problems) == [("duplicate-key", 4)]
    assert "第 2 行" in problems[0].message
    assert [(e.key, e.value) for e in source.entries] == [("标题", "一"), ("公开类别", "其他")]


def test_fullwidth_colon_has_line_and_corrected_hint():
    source, problems = read("---\n标题: 示例\n发布机构：示例市财政局\n---\n")
    assert source is None
    assert codes(problems) == [("fullwidth-colon", 3)]
    assert "发布机构: 示例市财政局" in problems[0].hint


def test_fullwidth_colon_on_first_key_only_line():
    _, problems = read("---\n标题：示例\n---\n")
    assert codes(problems) == [("fullwidth-colon", 2)]


def test_fullwidth_colon_inside_a_valid_value_is_fine():
    source, problems = read("---\n标题: 关于印发《办法》的通知：第一批\n---\n")
    assert problems == [] and source.entries[0].value == "关于印发《办法》的通知：第一批"


def test_yaml_syntax_error_line():
    _, problems = read("---\n标题: 示例\n公开类别: 关于: 其他\n---\n")
    assert codes(problems) == [("yaml-syntax", 3)]
    assert problems[0].column is not None


def test_yaml_missing_colon_is_reported_on_its_own_line():
    _, problems = read("---\n标题: 示例\n公开类别 其他\n发布机构: 示例市财政局\n---\n")
    assert codes(problems) == [("yaml-syntax", 3)]


def test_front_matter_that_is_not_a_mapping():
    _, problems = read("---\n- 一\n- 二\n---\n")
    assert codes(problems) == [("yaml-syntax", 2)]


def test_impossible_unquoted_date_does_not_crash():
    source, problems = read("---\n成文日期: 2024-02-30\n---\n")
    # either kept as text for the date check, or reported here with its line
    assert problems == [] or codes(problems) == [("yaml-syntax", 2)]


def test_columns_are_one_based():
    source, _ = read("---\n标题:   示例\n---\n")
    entry = source.entries[0]
    assert entry.column == 1
    assert entry.node.start_mark.column + 1 == 7


@pytest.mark.parametrize("char", ["\x0b", "\x01", "\x7f", "\x9f", "\ufffe", "\uffff"])
def test_a_raw_control_character_in_front_matter_is_named_with_line_and_field(char):
    # YAML refuses these characters before reading any value; the problem must still say where and which.
    text = ITEM.replace("  - 决算", f"  - 决{char}算")
    source, problems = read_source(text.encode("utf-8"), REL, lambda key: {"主题词": "keywords"}.get(key))
    assert source is None
    assert [(p.code, p.line, p.column, p.field) for p in problems] == [("control-character", 6, 6, "keywords")]
    assert f"U+{ord(char):04X}" in problems[0].message and "主题词" in problems[0].message and problems[0].hint


def test_a_yaml_limit_names_the_field_it_is_in():
    deep = "[" * 25 + "]" * 25
    text = ITEM.replace("保密审查:", f"关键词: {deep}\n保密审查:")
    source, problems = read_source(text.encode("utf-8"), REL, lambda key: {"关键词": "keywords"}.get(key))
    assert source is None
    assert [(p.code, p.line, p.field) for p in problems] == [("yaml-limit", 7, "keywords")]
