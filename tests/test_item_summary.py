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
from generator.model.item import clean_line, derive_summary
from generator.model.source import read_source

ROOT = Path(__file__).resolve().parents[1]


def whole_text_summary(body: str, limit: int = 120) -> str:
    """The rule written out plainly: clean every prose line, then cut at sentence ends."""
    prose = [line for line in body.split("\n")
             if not line.lstrip().startswith(("#", "|", "```", "~~~", "<", "!["))]
    text = "".join(clean_line(line) for line in prose)
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
