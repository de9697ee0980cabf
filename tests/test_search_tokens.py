"""The search tokeniser (generator/search/tokens.py) and its JavaScript twin (theme/assets/search/tokens.js)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import browser  # noqa: F401  (fixture)

from generator.search.tokens import (
    decode,
    document_text,
    document_tokens,
    match_key,
    normalise,
    query_tokens,
    term_sequence,
)

PROJECT = Path(__file__).resolve().parents[1]
ASSETS = PROJECT / "theme" / "assets"
ORIGIN = "http://assets.test/"


def tokeniser_page(browser):  # noqa: F811
    """A blank page that has loaded the search page's entry module (theme/assets/search/main.js,
    served from the working tree): window.DisclosureSearch without the search page."""
    page = browser.new_page()

    def answer(route):
        path = urlsplit(route.request.url).path.lstrip("/")
        if not path:
            route.fulfill(body="<!doctype html><html><body></body></html>", content_type="text/html")
        else:
            route.fulfill(path=str(ASSETS / path))

    page.route(ORIGIN + "**", answer)
    page.goto(ORIGIN)
    page.add_script_tag(url=ORIGIN + "search/main.js", type="module")
    page.wait_for_function("window.DisclosureSearch")
    return page


def big(a: str, b: str) -> str:
    return f"q{ord(a):05d}{ord(b):05d}"


def uni(a: str) -> str:
    return f"q{ord(a):05d}"


def test_bigrams_of_a_run_and_unigram_at_its_end():
    assert document_tokens("示例市") == [big("示", "例"), big("例", "市"), uni("市")]
    assert document_tokens("市") == [uni("市")]


def test_whitespace_between_han_characters_does_not_end_the_run():
    """第五条 行政机关 (a law's article number, then its text): 第五条行政机关 and 条行政 find it;
    another script's letter or punctuation still ends the run."""
    for gap in (" ", "\u3000", "\n", " \t "):
        text = f"第五条{gap}行政机关"
        assert document_tokens(text) == document_tokens("第五条行政机关"), repr(gap)
        assert set(query_tokens("条行政")) <= set(document_tokens(text))
    assert big("示", "例") not in document_tokens("示，例")
    assert big("示", "例") not in document_tokens("示가例")
    assert document_tokens("示 abc 例") == [uni("示"), "abc", uni("例")]


def test_query_is_bigrams_and_a_single_character_is_its_unigram():
    assert query_tokens("示例市") == [big("示", "例"), big("例", "市")]
    assert query_tokens("市") == [uni("市")]
    assert query_tokens("预算 预算") == [big("预", "算")]          # duplicates once


def test_unigram_is_a_prefix_of_the_bigrams_starting_with_it():
    assert big("预", "算").startswith(uni("预"))
    assert len(uni("预")) == 6 and len(big("预", "算")) == 11


def test_a_run_followed_by_more_query_text_adds_its_unigram():
    # in any text containing 决定书（3号 the run 决定书 ends before the bracket: its unigram is there
    assert term_sequence("决定书（3号") == [big("决", "定"), big("定", "书"), uni("书"), "3", uni("号")]
    assert term_sequence("决定书") == [big("决", "定"), big("定", "书")]
    words = [w.strip("（）") for w in document_tokens("处理决定书（3号）")]
    seq = term_sequence("决定书（3号")
    i = words.index(seq[0])
    assert words[i:i + len(seq)] == [words[i]] + seq[1:]


def test_ascii_words_numbers_and_punctuation():
    assert query_tokens("PDF 2024年") == ["pdf", "2024", uni("年")]
    # punctuation is glued to the token before it: it takes no word position
    assert document_tokens("办法。2024") == [big("办", "法"), uni("法") + "。", "2024"]
    assert document_tokens("（一）") == ["（" + uni("一") + "）"]


def test_full_width_digits_and_letters_are_ascii():
    assert query_tokens("２０２４ＡＢ") == ["2024ab"]
    assert normalise("２０２４") == "2024"


@pytest.mark.parametrize("variant", ["〔2024〕12号", "[2024]12号", "（2024）12号", "【2024】12号", "〔２０２４〕１２号",
                                     "(2024) 12号"])
def test_document_number_variants_give_the_same_terms(variant):
    assert query_tokens(variant) == ["2024", "12", uni("号")]
    assert match_key(variant) == match_key("〔2024〕12号") == "202412号"


def test_document_number_terms_are_neighbouring_words_in_the_document():
    words = [w.strip("〔〕；。") for w in document_tokens("示例财发〔2024〕12号；")]
    i = words.index("2024")
    assert words[i:i + 3] == ["2024", "12", uni("号")]


def test_index_number():
    assert query_tokens("11159900K900000769/2026-00001") == ["11159900k900000769", "2026", "00001"]
    assert "11159900K900000769/" in document_tokens("索引号11159900K900000769/2026-00001")


def test_extension_b_characters_have_five_digits():
    assert query_tokens("𠀀好") == ["q4100022909"]
    assert decode(document_text("𠀀好")) == "𠀀好"


@pytest.mark.parametrize("text", [
    "示例财发〔2025〕3号：为支持做好２０２５年春耕生产，规范ＡＢＣ资金。",
    "（一）11159900K900000769/2026-00001；示例市财政局。",
    "一、“三公”经费。比上年下降4.6%。",
    "data files 60% 示 例",
])
def test_decode_gives_back_the_text_without_spaces_between_han_and_words(text):
    decoded = decode(document_text(text))
    assert match_key(decoded) == match_key(text)
    assert decoded.replace(" ", "") == normalise(text).replace(" ", "")


def test_match_key_ignores_punctuation_case_and_width():
    assert match_key("《示例》 ＡＢ-1") == "示例ab1"


QUERIES = ["预算", "市", "示例市财政局", "〔2024〕12号", "[2024]12号", "（２０２４）１２号", "11159900K900000769/2026-00001",
           "PDF 文件", "政府信息 公开", "春耕生产扶持资金", "𠀀好", "Ｅ-mail", "2026年1—9月", "“三公”经费", "a", "。，",
           "東西", "国发〔2017〕47号", "决定书（示例财采诉〔2026〕3号）", "第3号文件"]


def test_javascript_tokeniser_gives_the_same_terms(browser):  # noqa: F811
    page = tokeniser_page(browser)
    try:
        js = page.evaluate("qs => qs.map(q => [DisclosureSearch.tokens(q), DisclosureSearch.termSequence(q),"
                           " DisclosureSearch.matchKey(q)])", QUERIES)
        assert js == [[query_tokens(q), term_sequence(q), match_key(q)] for q in QUERIES]
        streams = [document_text(q) for q in QUERIES]
        assert page.evaluate("ss => ss.map(s => DisclosureSearch.decode(s))", streams) == [decode(s) for s in streams]
    finally:
        page.close()


def test_fast_document_text_gives_the_same_stream():
    import random

    from generator.search.tokens import document_text, fast_document_text

    rnd = random.Random(1)
    alphabet = list("示例〇𠀀𪚥ＡＢ１２abc XYZ09〔〕（）。，、-/\n\t　①Ⅷ²ｶ가あ﨑\u3000\x00!?")
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        assert fast_document_text(text) == document_text(text), repr(text)


def test_the_snippet_starts_right_after_the_title_whatever_spaces_it_had(browser):  # noqa: F811
    """The decoded text has lost the title's spaces; the snippet must still start at the body's first
    character (it used to skip the title's length in characters, one character too far per space)."""
    cases = [("关于做好 2026 年春耕生产的通知", "为支持春耕生产，现通知如下。"),
             ("第五条 行政机关公开政府信息", "应当坚持以公开为常态。"),
             ("𠀀示例 ABC 标题", "正文第一句。"),
             ("示例市财政局2026年部门预算", "本部门预算公开如下。")]
    page = tokeniser_page(browser)
    try:
        for title, body in cases:
            text = decode(document_text(title + "。\n" + body))
            rest = page.evaluate("([t, title]) => t.slice(DisclosureSearch.afterTitle(t, title))", [text, title])
            assert rest == decode(document_text(body)), (title, text, rest)
    finally:
        page.close()
