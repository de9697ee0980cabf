"""The estimate of Markdown conversion cost (generator/model/markup.py) and the quick bound that spares it.

The check runs the estimate only when :func:`work_bound` exceeds the limit, so
the bound must never be below the estimate, whatever the text.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.markup import MAX_WORK, conversion_work, work_bound

# Lines built from the pieces the estimate looks at: markers, quotes, headings, rules, fences, references.
PIECES = ["[", "`", "*", "_", "<", "&", "\\", "  ", "> ", ">", "#", "## ", "-", "---", "===", "```", "[a]: x",
          "1. ", "| ", "字", "a", " ", "\t"]
LINES = st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), max_size=60).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_the_bound_is_never_below_the_estimate(text):
    assert conversion_work(text).total <= work_bound(text)


@pytest.mark.parametrize("text", [
    "[" * 8000, "`a` " * 8000, "标题\n---\n" * 4000, "[a]: x\n" * 8000, "## 规定说明\n\n" * 3000, ">-\n" * 8000,
])
def test_the_attack_shapes_are_over_the_limit_by_both(text):
    assert work_bound(text) >= conversion_work(text).total > MAX_WORK


def test_a_long_plain_text_is_below_the_limit_by_the_bound_alone():
    text = "\n\n".join(f"第{i}条 本办法所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的信息。"
                       for i in range(60))
    assert work_bound(text) <= MAX_WORK
