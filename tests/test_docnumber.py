"""Tests for generator.model.docnumber (发文字号, GB/T 9704-2012 §7.2.5)."""

import pytest

from generator.model.docnumber import (
    DocNumberResult,
    check_doc_number,
    normalise_doc_number_query,
    parse_doc_number,
)

VALID = [
    "示例政发〔2024〕12号",
    "示例政办发〔2023〕5号",
    "内党办发〔2016〕41号",
    "国办公开办函〔2021〕30号",
    "示例市人民政府令第5号",
    "  示例政发〔2024〕12号  ",  # surrounding whitespace is not part of the number
]


@pytest.mark.parametrize("text", VALID)
def test_valid(text):
    assert check_doc_number(text) is None


FIXABLE = [
    ("示例政发[2024]12号", "示例政发〔2024〕12号", "[]"),
    ("示例政发［2024］12号", "示例政发〔2024〕12号", "［］"),
    ("示例政发(2024)12号", "示例政发〔2024〕12号", "()"),
    ("示例政发（2024）12号", "示例政发〔2024〕12号", "（）"),
    ("示例政发【2024】12号", "示例政发〔2024〕12号", "【】"),
    ("示例政发〔2024)12号", "示例政发〔2024〕12号", "〔)"),
    ("示例政发{2024}12号", "示例政发〔2024〕12号", "{}"),
    ("示例政发﹝2024﹞12号", "示例政发〔2024〕12号", "﹝﹞"),
    ("示例政发〔24〕12号", "示例政发〔2024〕12号", "2000"),
    ("示例政发〔2024〕012号", "示例政发〔2024〕12号", "前导零"),
    ("内党办发〔2016〕008号", "内党办发〔2016〕8号", "前导零"),
    ("示例政发〔2024〕第12号", "示例政发〔2024〕12号", "第"),
    ("示例政发〔2024〕12", "示例政发〔2024〕12号", "缺少“号”"),
    ("示例政发 〔2024〕 12号", "示例政发〔2024〕12号", "空格"),
    ("示例政发〔2024〕\u300012号", "示例政发〔2024〕12号", "空格"),
    ("示例政发〔２０２４〕１２号", "示例政发〔2024〕12号", "半角"),
    ("示例政发2024年12号", "示例政发〔2024〕12号", "年"),
    ("示例市人民政府令5号", "示例市人民政府令第5号", "第"),
    ("示例市人民政府令第05号", "示例市人民政府令第5号", "前导零"),
    ("示例市人民政府令第5", "示例市人民政府令第5号", "号"),
]


@pytest.mark.parametrize("text,suggestion,word", FIXABLE)
def test_fixable_mistakes(text, suggestion, word):
    result = check_doc_number(text)
    assert isinstance(result, DocNumberResult)
    assert result.suggestion == suggestion
    assert word in result.message
    # the suggestion itself must be valid
    assert check_doc_number(result.suggestion) is None


def test_several_mistakes_at_once():
    result = check_doc_number("示例政发[24]第012")
    assert result.suggestion == "示例政发〔2024〕12号"
    for word in ("[]", "2000", "第", "前导零", "号"):
        assert word in result.message


def test_two_digit_year_says_assumption():
    result = check_doc_number("示例政发（23）5号")
    assert result.suggestion == "示例政发〔2023〕5号"
    assert "2000年以后" in result.message and "核对" in result.message


@pytest.mark.parametrize(
    "text",
    ["", "   ", "随便写", "〔2024〕12号", "示例政发〔202〕12号", "示例政发〔2024〕0号", "2024〕12号"],
)
def test_no_safe_correction(text):
    result = check_doc_number(text)
    assert result is not None
    assert result.suggestion is None
    assert result.message


def test_missing_issuer_message():
    assert "机关代字" in check_doc_number("〔2024〕12号").message


def test_parse():
    assert parse_doc_number("示例政发〔2024〕12号") == ("示例政发", 2024, 12)
    assert parse_doc_number("内党办发〔2016〕41号") == ("内党办发", 2016, 41)
    assert parse_doc_number("示例市人民政府令第5号") == ("示例市人民政府令", None, 5)


@pytest.mark.parametrize("text", ["示例政发[2024]12号", "示例政发〔2024〕012号", "abc〔2024〕1号"])
def test_parse_rejects_invalid(text):
    with pytest.raises(ValueError):
        parse_doc_number(text)


@pytest.mark.parametrize(
    "query,expected",
    [
        ("[2024]12号", "〔2024〕12号"),
        ("示例政发（2024）12号", "示例政发〔2024〕12号"),
        ("示例政发【2024】12号", "示例政发〔2024〕12号"),
        ("示例政发﹝2024﹞12号", "示例政发〔2024〕12号"),
        ("示例政发[ 2024 ]12号", "示例政发〔2024〕12号"),
        ("（２０２４）", "〔2024〕"),
        ("[2024", "〔2024"),
        ("示例政发〔2024〕12号", "示例政发〔2024〕12号"),
        ("条例(草案)", "条例(草案)"),  # ordinary parentheses are left alone
        ("营商环境", "营商环境"),
    ],
)
def test_normalise_query(query, expected):
    assert normalise_doc_number_query(query) == expected


# -- forms other than the 公文 number (issue 16) ------------------------------------------

@pytest.mark.parametrize("text", [
    "（示）应急罚〔2026〕12号",               # 执法文书: a bracketed word in the issuer code
    "示公（治）行罚决字〔2026〕15号",
    "示例市自然资源局公告2026年第1号",         # 公告 numbered by year
    "示例市人民代表大会常务委员会公告第12号",
    "示例市公安局通告2026年第3号",
    "示例银行公告〔2018〕第1号",
])
def test_valid_other_forms(text):
    assert check_doc_number(text) is None


def test_notice_numbered_by_year_is_not_corrected_to_brackets():
    result = check_doc_number("示例市自然资源局公告2026年1号")
    assert result.suggestion == "示例市自然资源局公告2026年第1号"
    assert "〔" not in result.suggestion


@pytest.mark.parametrize("text,suggestion", [
    ("示例财发（2026）6号", "示例财发〔2026〕6号"),              # a year in round brackets is still wrong
    ("（示）应急罚[2026]12号", "（示）应急罚〔2026〕12号"),      # the issuer's brackets stay
])
def test_year_brackets_are_corrected_and_issuer_brackets_kept(text, suggestion):
    assert check_doc_number(text).suggestion == suggestion


def test_enforcement_numbers_keep_di_and_leading_zeros():
    assert check_doc_number("示城管罚字〔2026〕第015号", enforcement=True) is None
    assert check_doc_number("示城管罚字〔2026〕第015号") is not None           # not in a 公文
    assert parse_doc_number("示城管罚字〔2026〕第015号", enforcement=True) == ("示城管罚字", 2026, 15)
    assert check_doc_number("示城管罚字[2026]第015号", enforcement=True).suggestion == "示城管罚字〔2026〕第015号"
    assert check_doc_number("示城管罚字〔2026〕0号", enforcement=True).suggestion is None
