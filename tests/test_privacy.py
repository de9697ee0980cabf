"""Tests for generator.check.personal_data (ID, mobile and bank card numbers in text and file names)."""

import re
from datetime import date

import pytest
from conftest import REAL_FILES, REALDOCS, TODAY

from generator.check.personal_data import (
    SHOWN,
    find_in_path,
    find_personal_data,
    id_check_char,
    is_exempt,
    is_valid_id_number,
    luhn_ok,
    mask,
    normalise,
)

ID_1 = "11010519491231002X"  # GB 11643-1999 example
ID_2 = "440301199003071230"
ID_3 = "110101199003074573"
ID_15 = "130503670401001"    # old 15-digit ID: Hebei, born 1967-04-01
PERMIT = "150102202611180618"  # a construction permit number (area, date, serial) that passes the ID check
LATER = date(2027, 6, 1)       # a document date long after the permit's issue date (2026-11-18)
CARD_16 = "6222021234567894"
CARD_19 = "6222020200112233446"


def found(text, on=TODAY, **kwargs):
    return [(f.kind, f.value, f.start) for f in find_personal_data(text, on=on, **kwargs)]


# -- checks of one number ---------------------------------------------------------

def test_gb11643_check():
    assert id_check_char("11010519491231002") == "X"
    assert is_valid_id_number(ID_1)
    assert is_valid_id_number(ID_1.lower())
    assert is_valid_id_number(ID_2)
    assert not is_valid_id_number("440301199003071231")  # wrong check digit
    assert not is_valid_id_number("110105194902301239")  # 1949-02-30
    assert not is_valid_id_number("110105180001010010")  # born before 1900


def test_id_needs_a_province_code():
    for first17 in ("00010119900307457", "99010119900307457", "20240315000012345"):
        assert not is_valid_id_number(first17 + id_check_char(first17))   # right check char, no province


def test_id_birth_date_after_the_document_is_not_an_id():
    assert is_valid_id_number(PERMIT, on=LATER)
    assert not is_valid_id_number(PERMIT, on=date(2026, 11, 17))
    assert find_personal_data(PERMIT, on=date(2026, 11, 17)) == []


def test_date_just_before_the_document_is_an_issue_date():
    # 9 days before the document: a permit's issue date, not a birth date, unless a label names a person's number
    assert not is_valid_id_number(PERMIT, on=TODAY)
    assert find_personal_data(f"该项目已取得施工许可（{PERMIT}）。", on=TODAY) == []
    assert found(f"身份证号：{PERMIT}") == [("id_number", PERMIT, 5)]
    assert found(f"| 姓名 | 证件号码 |\n| --- | --- |\n| 张三 | {PERMIT} |") != []
    # about two months is the line: 2026-11-18 is 60 days before 2027-01-17
    assert find_personal_data(PERMIT, on=date(2027, 1, 16)) == []
    assert found(PERMIT, on=date(2027, 1, 17)) == [("id_number", PERMIT, 0)]


def test_id_needs_a_prefecture_code_in_the_provinces():
    for first17 in ("15000020000101123", "15710020000101123", "15950020000101123"):
        assert not is_valid_id_number(first17 + id_check_char(first17))
    for first17 in ("42900420000101123", "81000019900101123"):     # 省直辖县级 (90); Hong Kong permits have none
        assert is_valid_id_number(first17 + id_check_char(first17))


def test_old_15_digit_ids():
    assert is_valid_id_number(ID_15)
    assert not is_valid_id_number("130503671301001")   # month 13
    assert not is_valid_id_number("990503670401001")   # no such province


def test_luhn():
    assert luhn_ok("4111111111111111")
    assert luhn_ok(CARD_16) and luhn_ok(CARD_19)
    assert not luhn_ok("6222021234567890")


# -- normalisation keeps the way back to the original ---------------------------------

def test_normalise_maps_back_to_the_original():
    text = "１&#51;8<b>1</b>\u200b2"
    norm, starts, ends = normalise(text)
    assert norm == "1381" + "2"
    assert [text[s:e] for s, e in zip(starts, ends)] == ["１", "&#51;", "8", "1", "2"]


# -- what is found, with the offset and the text as written -------------------------------

BYPASSES = [
    # resident IDs
    ("id-spaces", "身份证号 110101 19900307 4573。", "id_number", "110101 19900307 4573"),
    ("id-hyphens", "证件：110101-19900307-4573", "id_number", "110101-19900307-4573"),
    ("id-fullwidth-space", "申请人110101\u300019900307\u30004573", "id_number", "110101\u300019900307\u30004573"),
    ("id-zero-width", "申请人1101011990\u200b03074573", "id_number", "1101011990\u200b03074573"),
    ("id-word-joiner", "申请人11010119\u206090030745\ufeff73", "id_number", "11010119\u206090030745\ufeff73"),
    ("id-soft-hyphen", "申请人110101\u00ad199003074573", "id_number", "110101\u00ad199003074573"),
    ("id-lowercase-x", "申请人11010519491231002x。", "id_number", "11010519491231002x"),
    ("id-bold", "申请人**11010519491231002X**。", "id_number", "11010519491231002X"),
    ("id-italic-inside", "申请人1101_05_19491231002X", "id_number", "1101_05_19491231002X"),
    ("id-code-span", "申请人`11010519491231002X`", "id_number", "11010519491231002X"),
    ("id-entity-decimal", "申请人&#49;10105194912310 02X", "id_number", "&#49;10105194912310 02X"),
    ("id-entity-hex", "申请人&#x31;10105194912310 02X", "id_number", "&#x31;10105194912310 02X"),
    ("id-entity-nbsp", "申请人1101&nbsp;0519491231002X", "id_number", "1101&nbsp;0519491231002X"),
    ("id-html-tag", "申请人1101<span>01</span>199003074573", "id_number", "1101<span>01</span>199003074573"),
    ("id-html-tag-attrs", '申请人1101<font color="red">01</font>199003074573', "id_number",
     '1101<font color="red">01</font>199003074573'),
    ("id-fullwidth-digits", "号码１１０１０５１９４９１２３１００２ｘ", "id_number", "１１０１０５１９４９１２３１００２ｘ"),
    ("id-en-dash", "110101–19900307–4573", "id_number", "110101–19900307–4573"),
    ("id-old-15", f"身份证{ID_15}，", "id_number", ID_15),
    ("id-old-15-grouped", "身份证130503 670401 001", "id_number", "130503 670401 001"),
    # mobiles
    ("mobile-plus86", "电话+8613812345678", "mobile", "+8613812345678"),
    ("mobile-86", "电话8613812345678", "mobile", "8613812345678"),
    ("mobile-0086", "电话0086-138-1234-5678", "mobile", "0086-138-1234-5678"),
    ("mobile-plus86-spaces", "电话 +86 138 1234 5678。", "mobile", "+86 138 1234 5678"),
    ("mobile-dots", "电话138.1234.5678", "mobile", "138.1234.5678"),
    ("mobile-en-dash", "电话138–1234–5678", "mobile", "138–1234–5678"),
    ("mobile-em-dash", "电话138—1234—5678", "mobile", "138—1234—5678"),
    ("mobile-fullwidth-hyphen", "电话138－1234－5678", "mobile", "138－1234－5678"),
    ("mobile-minus-sign", "电话138\u22121234\u22125678", "mobile", "138\u22121234\u22125678"),
    ("mobile-hyphen-u2010", "电话138\u20101234\u20115678", "mobile", "138\u20101234\u20115678"),
    ("mobile-bold", "电话**13812345678**", "mobile", "13812345678"),
    ("mobile-bold-part", "电话**138**12345678", "mobile", "138**12345678"),
    ("mobile-line-break", "电话138 1234\n5678", "mobile", "138 1234\n5678"),
    ("mobile-br-tag", "电话138<br>1234<br>5678", "mobile", "138<br>1234<br>5678"),
    ("mobile-footnote-star", "电话13812345678*", "mobile", "13812345678"),
    ("mobile-after-number", "第3组 0471 13812345678", "mobile", "13812345678"),
    ("mobile-then-x", "电话13812345678x2", "mobile", "13812345678"),
    ("mobile-then-X", "电话13812345678X", "mobile", "13812345678"),
    # bank cards
    ("card-6-13", "账号622202 0200112233446", "bank_card", "622202 0200112233446"),
    ("card-4-4-4-4", "账号6222 0212 3456 7894", "bank_card", "6222 0212 3456 7894"),
    ("card-4-4-4-4-3", "账号6222-0202-0011-2233-446", "bank_card", "6222-0202-0011-2233-446"),
    ("card-4-4-4-7", "账号6222.0202.0011.2233446", "bank_card", "6222.0202.0011.2233446"),
    ("card-plain", f"账号{CARD_19}", "bank_card", CARD_19),
    ("card-fullwidth-space", "账号6222\u30000212\u30003456\u30007894", "bank_card", "6222\u30000212\u30003456\u30007894"),
]


@pytest.mark.parametrize("text, kind, value", [b[1:] for b in BYPASSES], ids=[b[0] for b in BYPASSES])
def test_found_as_written(text, kind, value):
    findings = find_personal_data(text, on=TODAY)
    assert [(f.kind, f.value, f.start, f.insufficient) for f in findings] == [(kind, value, text.index(value), False)]
    f = findings[0]
    assert text[f.start:f.end] == value


def test_suggestions_follow_the_rule():
    assert find_personal_data(f"身份证号{ID_1}")[0].masked == "110105********002X"
    assert find_personal_data("130503 670401 001")[0].masked == "130503******001"
    assert find_personal_data("+86 138 1234 5678")[0].masked == "138****5678"
    assert find_personal_data("6222 0212 3456 7894")[0].masked == "622202******7894"
    assert find_personal_data(CARD_19)[0].masked == "622202*********3446"


@pytest.mark.parametrize("kind, number", [("id_number", ID_1), ("id_number", ID_15), ("mobile", "13812345678"),
                                          ("bank_card", CARD_16), ("bank_card", CARD_19)])
def test_suggestion_shows_exactly_what_the_rule_allows(kind, number):
    masked = mask(kind, number)
    head, tail = SHOWN[(kind, len(number))]
    assert len(masked) == len(number)
    assert masked[:head] == number[:head] and masked[len(masked) - tail:] == number[len(number) - tail:]
    assert set(masked[head:len(masked) - tail]) == {"*"}
    assert find_personal_data(masked) == []


def test_several_numbers_in_one_text():
    text = f"张某，身份证号{ID_1}，电话 138 1234 5678、13912345678，卡号{CARD_16}。"
    assert [(k, v) for k, v, _s in found(text)] == [
        ("id_number", ID_1), ("mobile", "138 1234 5678"), ("mobile", "13912345678"), ("bank_card", CARD_16)]


def test_id_is_not_reported_as_bank_card():
    # whichever way the Luhn check falls, a valid ID is reported once, as an ID
    for value in (ID_1, ID_2, "350102198506151231"):
        assert [f.kind for f in find_personal_data(value)] == ["id_number"]


# -- masking ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        "110105********002X",          # the rule at its limit: first 6, last 4
        "150102 ******** 1234",
        "35*************123",          # shows less than allowed
        "******************",
        "15*************40X",
        "130503******001",             # 15-digit ID
        "138****1234",
        "138 **** 1234",
        "138＊＊＊＊1234",
        "138××××5678",
        "138xxxx5678",
        "**138****5678**",             # a masked number in bold
        "+86 138****5678",
        "6222********7894",
        "622202*********3446",
        "6228 48** **** 8903",
        "**** **** **** 7894",
        "| 张某 | 35*************123 | 138****1234 | 6222********7894 |",
    ],
)
def test_masked_numbers_following_the_rule_are_not_findings(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    "text, kind, suggestion",
    [
        ("15010219850312****", "id_number", "150102************"),   # the whole birth date shows
        ("150102198503******", "id_number", "150102************"),   # year and month show
        ("1501021985****1232", "id_number", "150102********1232"),
        ("15010219850312xxxx", "id_number", "150102************"),
        ("11010519491231***X", "id_number", "110105************"),
        ("130503670401***", "id_number", "130503*********"),          # 15-digit, birth date shows
        ("1381234**78", None, None),                                    # no run of 3 masking characters: not read as masked
        ("1381***5678", "mobile", "138****5678"),
        ("13812***678", "mobile", "138*****678"),
        ("6222021234****94", "bank_card", "622202********94"),
    ],
)
def test_insufficient_masking(text, kind, suggestion):
    findings = find_personal_data("身份信息：" + text + "。", on=TODAY)
    if kind is None:
        assert findings == []
        return
    (f,) = findings
    assert (f.kind, f.value, f.start, f.insufficient, f.masked) == (kind, text, 5, True, suggestion)


# -- no false alarms ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        f"施工许可证编号：{PERMIT}",
        f"施工许可证编号为 {PERMIT}。",
        f"建筑工程施工许可证（编号：{PERMIT}）",
        f"许可证号{PERMIT}",
        f"许可证编号：{PERMIT}、150102202611180626、{PERMIT}",
        f"施工许可证编号分别为{PERMIT}和150102202611180626。",
        f"**施工许可证编号**：{PERMIT}",
        f"合同编号 No.{PERMIT}",
        f"登记号：{PERMIT}；备案号：{PERMIT}",
        f"项目代码 2020-150102-48-01-012345，批准文号 {PERMIT}",
        f"| 序号 | 项目名称 | 施工许可证编号 |\n| --- | --- | --- |\n| 1 | 示例小学教学楼 | {PERMIT} |\n| 2 | 示例路 | {PERMIT} |",
        "订单号440301199003071231。",                  # fails GB 11643 and Luhn
        "编号 440301199003071231",
        "自20240101起施行，第十二条、第12条。",
        "咨询电话0471-1234567，12345政务服务便民热线。",
        "办公电话：0479-5551000，传真 0479-5551001，0471-6661234 0471-6665678。",
        "分机 0471-6661234-8012",
        "金额1234567890.12 元，合计13812345678.50元，另 13812345678.5 元。",
        "编号213812345678，流水号138123456789。",       # longer digit runs
        "索引号000014349/2020-00072，发文字号国办发〔2020〕26号。",
        "统计：2023年12月31日，共1380户，12345678元。",
        "统一社会信用代码：91150102MA0N2X4K3Q，另 12150100011556123A",
        "91150102MA0N2X4K3Q",
        "ISBN 978-7-5117-1234-5；邮编 010010",
        "2024.01.01-2024.12.31；2024-03-15 13:00-17:30",
        "1 3 5 7 9 11 13 15 17 19 21",
        "13 14 15 16 17 18 19 20 21",
        "尺寸 150×150×150 mm，1200x600x300",
        "**20240312000001** 与 **金额 1234567890123456**",
        "经度 113.81234567，纬度 40.81234567",
    ],
)
def test_no_false_alarms(text):
    assert find_personal_data(text, on=TODAY) == []
    assert find_personal_data(text, on=LATER) == []       # also where the permits' date is no help


def test_permit_number_really_passes_the_id_check():
    assert is_valid_id_number(PERMIT, on=LATER)
    assert found(f"申请人{PERMIT}", on=LATER) == [("id_number", PERMIT, 3)]


@pytest.mark.parametrize(
    "text",
    [
        f"身份证号：{PERMIT}",
        f"身份证编号：{PERMIT}",      # ends with 编号, but names a person's number
        f"驾驶证号 {PERMIT}",
        f"联系人编号及电话：{PERMIT}",
        f"| 序号 | 证件号码 |\n| --- | --- |\n| 1 | {PERMIT} |",
        f"| 序号 | 施工许可证编号 |\n| --- | --- |\n| 1 | 身份证号{PERMIT} |",
        f"编号：123，{PERMIT}",       # a list needs numbers of the same length
    ],
)
def test_personal_labels_never_exempt(text):
    assert [f.kind for f in find_personal_data(text, on=LATER)] == ["id_number"]


def test_front_matter_key_is_the_context_of_a_value():
    assert find_personal_data(PERMIT, on=TODAY, context="施工许可证编号") == []
    assert found(PERMIT, context="申请人身份证号") == [("id_number", PERMIT, 0)]
    assert found(f"见附件，{PERMIT}", on=LATER, context="施工许可证编号") == [("id_number", PERMIT, 4)]


def test_longer_runs_are_not_findings():
    assert find_personal_data("1" + ID_1) == []
    assert find_personal_data(CARD_19 + "0") == []


# -- file names ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "path, kind, value",
    [
        (f"mzj/2026/{ID_3}.md", "id_number", ID_3),
        ("mzj/2026/zhang-110101-19900307-4573.md", "id_number", "110101-19900307-4573"),
        ("mzj/2026/13812345678.md", "mobile", "13812345678"),
        ("mzj/13812345678/notice.md", "mobile", "13812345678"),
    ],
)
def test_numbers_in_file_names(path, kind, value):
    assert [(f.kind, f.value, f.start) for f in find_in_path(path, on=TODAY)] == [(kind, value, path.index(value))]


@pytest.mark.parametrize("path", ["czj/2026/budget-2026-03-15.md", "czj/2026/notice-20260315-001.md",
                                  "zjj/2026/permit-list-2026-11.md", "czj/2026/item-12345.md"])
def test_ordinary_file_names(path):
    assert find_in_path(path, on=TODAY) == []


# -- exemptions ------------------------------------------------------------------------------

def test_is_exempt():
    assert is_exempt("138-1234-5678", ["13812345678"])
    assert is_exempt("13812345678", ["138 1234 5678"])
    assert is_exempt("+86 138 1234 5678", ["13812345678"])
    assert is_exempt("**13812345678**", ["13812345678"])
    assert is_exempt(ID_1.lower(), [ID_1])
    assert not is_exempt("13812345678", ["13812345679"])
    assert not is_exempt("13812345678", [])


# -- real published texts: no false alarms ------------------------------------------------------

def test_real_documents_are_available():
    # The no-false-alarm tests below must not disappear silently when the texts are missing.
    assert REAL_FILES, f"真实文本目录 {REALDOCS} 不存在或为空（可用环境变量 REALDOCS 指定）"


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.stem[:12])
def test_no_findings_in_real_documents(path):
    text = path.read_text(encoding="utf-8")
    assert len(text) > 1000
    assert find_personal_data(text, on=TODAY) == []


# -- the documented rule is the implemented one ------------------------------------------------

def test_guide_lists_the_context_and_personal_words():
    from conftest import PROJECT

    from generator.check.personal_data import CONTEXT_WORDS, PERSONAL_WORDS

    section = (PROJECT / "docs" / "guide.md").read_text(encoding="utf-8").split("## 七、", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"[\u4e00-\u9fff]+", section))
    assert set(CONTEXT_WORDS) - listed == set()
    assert set(PERSONAL_WORDS) - listed == set()


@pytest.mark.parametrize("written, insufficient", [
    ("350102********1238", False), ("130503******001", False), ("138****5678", False), ("622202*********3446", False),
    ("35*************238", False), ("138********", False), ("35010219900101****", True), ("1381234****", True),
])
def test_guide_examples(written, insufficient):
    findings = find_personal_data(written, on=TODAY)
    assert [f.insufficient for f in findings] == ([True] if insufficient else [])
