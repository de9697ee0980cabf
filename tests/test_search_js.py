"""The search page's modules (theme/assets/search/) under ``node --test``: tests/js/*.test.js.

The tokeniser's tests compare with generator/search/tokens.py through a fixture,
tests/js/fixtures/tokens.json, written from the Python tokeniser; the first test
here fails when the fixture no longer matches it. Rewrite it with

    PYTHONPATH=. python tests/test_search_js.py

Without node the tests skip locally and fail under CI=true.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
JS_TESTS = PROJECT / "tests" / "js"
FIXTURE = JS_TESTS / "fixtures" / "tokens.json"
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")

# Queries as readers type them, and the odd characters the two tokenisers must treat alike.
QUERIES = [
    "预算", "市", "示例市财政局", "〔2024〕12号", "[2024]12号", "（２０２４）１２号", "11159900K900000769/2026-00001",
    "PDF 文件", "政府信息 公开", "春耕生产扶持资金", "𠀀好", "Ｅ-mail", "2026年1—9月", "“三公”经费", "a", "。，",
    "東西", "国发〔2017〕47号", "决定书（示例财采诉〔2026〕3号）", "第3号文件", "", "   ", " 预算  公开 ", "预算 预算",
    "第五条　行政机关", "示 例", "示\t例\n市", "①②③ Ⅷ ² ｶﾞ 가 あ", "﨑山 神戸", "〇一二", "İstanbul ǅ", "ﬁle K",
    "𪚥𪚥𪚥", "𠀀", "ABC123def", "a1 b2 c3", "2026-00001", "【2025】18号", "示例财发(2026)3号", "行政机关。公开",
    "预算\u00a0公开", "预算\u3000公开", "预算\u2028公开", "预算\u200b公开", "预算\u00ad公开", "预算·公开", "预算、公开",
    "预算\x1f公开", "预算\x85公开", "预算\ufeff公开",
]

# Token streams to decode: the documents' own streams of these texts.
TEXTS = [
    "示例财发〔2025〕3号：为支持做好２０２５年春耕生产，规范ＡＢＣ资金。",
    "（一）11159900K900000769/2026-00001；示例市财政局。",
    "一、“三公”经费。比上年下降4.6%。",
    "data files 60% 示 例",
    "第五条 行政机关公开政府信息，应当坚持以公开为常态。\n第六条",
    "𠀀示例 ABC 标题。正文。",
]

# (title, body): the body must start right after the title in the text decoded from the index.
TITLES = [
    ("关于做好 2026 年春耕生产的通知", "为支持春耕生产，现通知如下。"),
    ("第五条 行政机关公开政府信息", "应当坚持以公开为常态。"),
    ("𠀀示例 ABC 标题", "正文第一句。"),
    ("示例市财政局2026年部门预算", "本部门预算公开如下。"),
    ("《示例》 ＡＢ-1号", "正文。"),
]


def token_fixture() -> dict:
    """What generator/search/tokens.py makes of QUERIES, TEXTS and TITLES."""
    from generator.search.tokens import decode, document_text, match_key, normalise, query_tokens, term_sequence

    return {
        "about": "Written by tests/test_search_js.py from generator/search/tokens.py; do not edit.",
        "queries": [{"query": q, "tokens": query_tokens(q), "termSequence": term_sequence(q), "matchKey": match_key(q),
                     "normalise": normalise(q)} for q in QUERIES],
        "decode": [{"stream": document_text(t), "text": decode(document_text(t))} for t in TEXTS + QUERIES],
        "afterTitle": [{"text": decode(document_text(title + "。\n" + body)), "title": title,
                        "rest": decode(document_text(body))} for title, body in TITLES],
    }


def fixture_text() -> str:
    return json.dumps(token_fixture(), ensure_ascii=False, indent=1) + "\n"


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the JavaScript tests must run)", pytrace=False)
    pytest.skip(reason)


def test_token_fixture_is_what_the_python_tokeniser_gives():
    assert FIXTURE.is_file(), f"{FIXTURE.relative_to(PROJECT)} missing: PYTHONPATH=. python tests/test_search_js.py"
    assert FIXTURE.read_text(encoding="utf-8") == fixture_text(), \
        f"{FIXTURE.relative_to(PROJECT)} is out of date: PYTHONPATH=. python tests/test_search_js.py"


def test_node_tests_pass():
    node = shutil.which("node")
    if not node:
        _unavailable("node missing: the tests in tests/js/ need Node.js 20 or later (make browser-deps)")
    files = sorted(JS_TESTS.glob("*.test.js"))
    assert files, f"no tests in {JS_TESTS.relative_to(PROJECT)}"
    # the files by name: node 20 takes a folder, later versions take glob patterns
    result = subprocess.run([node, "--test", *(str(f.relative_to(PROJECT)) for f in files)], cwd=PROJECT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"node --test failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"


if __name__ == "__main__":
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(fixture_text(), encoding="utf-8")
    print(f"wrote {FIXTURE.relative_to(PROJECT)}", file=sys.stderr)
