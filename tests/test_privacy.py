"""Tests for generator.privacy (ID, mobile and bank card numbers in text)."""

import pytest

from conftest import REAL_FILES, REALDOCS
from generator.privacy import (
    find_personal_data,
    id_check_char,
    is_exempt,
    is_valid_id_number,
    luhn_ok,
)


ID_1 = "11010519491231002X"  # GB 11643-1999 example
ID_2 = "440301199003071230"
CARD_16 = "6222021234567894"
CARD_19 = "6228480012345678903"


def kinds(text):
    return [(f.kind, f.value, f.start) for f in find_personal_data(text)]


def test_gb11643_check():
    assert id_check_char("11010519491231002") == "X"
    assert is_valid_id_number(ID_1)
    assert is_valid_id_number(ID_1.lower())
    assert is_valid_id_number(ID_2)
    assert not is_valid_id_number("440301199003071231")  # wrong check digit
    assert not is_valid_id_number("110105194902301239")  # 1949-02-30
    assert not is_valid_id_number("110105180001010010")  # born before 1900


def test_luhn():
    assert luhn_ok("4111111111111111")
    assert luhn_ok(CARD_16) and luhn_ok(CARD_19)
    assert not luhn_ok("6222021234567890")


def test_id_number_found_with_offset_and_mask():
    text = f"申请人张三，身份证号{ID_1}，住址略。"
    (f,) = find_personal_data(text)
    assert f.kind == "id_number"
    assert f.value == ID_1
    assert f.start == text.index(ID_1) and text[f.start:f.end] == ID_1
    assert f.masked == "11*************02X"
    assert len(f.masked) == 18
    assert f.label == "身份证号"


def test_id_mask_example():
    (f,) = find_personal_data("350102198506151231")
    assert f.masked == "35*************231"


def test_mobile_plain_and_grouped():
    text = "联系人手机13812345678；备用 139-1234-5678，另 150 1234 5678。"
    found = find_personal_data(text)
    assert [f.kind for f in found] == ["mobile"] * 3
    assert [f.value for f in found] == ["13812345678", "139-1234-5678", "150 1234 5678"]
    assert [f.start for f in found] == [text.index("138"), text.index("139"), text.index("150")]
    assert [f.masked for f in found] == ["138****5678", "139****5678", "150****5678"]


def test_bank_cards():
    text = f"账号{CARD_16}，另一张 6228-4800-1234-5678-903 与 6222 0212 3456 7894。"
    found = find_personal_data(text)
    assert [f.kind for f in found] == ["bank_card"] * 3
    assert found[0].masked == "6222********7894"
    assert found[1].value == "6228-4800-1234-5678-903"
    assert found[1].masked == "6228***********8903"
    assert found[2].start == text.index("6222 0212")


def test_id_is_not_reported_as_bank_card():
    # whichever way the Luhn check falls, a valid ID is reported once, as an ID
    for value in (ID_1, ID_2, "350102198506151231"):
        assert [f.kind for f in find_personal_data(value)] == ["id_number"]


def test_full_width_digits_keep_offsets():
    full = "１３８１２３４５６７８"
    text = "电话：" + full + "。"
    (f,) = find_personal_data(text)
    assert f.kind == "mobile" and f.start == 3 and f.value == full
    assert f.masked == "138****5678"
    id_full = "１１０１０５１９４９１２３１００２Ｘ"
    (g,) = find_personal_data("号码" + id_full)
    assert g.kind == "id_number" and g.start == 2 and g.masked == "11*************02X"


@pytest.mark.parametrize(
    "text",
    [
        "35*************123",
        "138****1234",
        "6222********7894",
        "1101051949123****X",
        "138＊＊＊＊1234",
        "138××××5678",
        "13812345678*",
    ],
)
def test_masked_numbers_are_not_findings(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "自20240101起施行，第十二条、第12条。",
        "咨询电话0471-1234567，12345政务服务便民热线。",
        "金额1234567890.12 元，合计13812345678.50元。",
        "订单号440301199003071231。",  # fails GB 11643 and Luhn
        "编号213812345678，流水号138123456789。",  # longer digit runs
        "索引号000014349/2020-00072，发文字号国办发〔2020〕26号。",
        "统计：2023年12月31日，共1380户，12345678元。",
    ],
)
def test_no_false_alarms(text):
    assert find_personal_data(text) == []


def test_order_number_fixture_really_fails_both_checks():
    assert not is_valid_id_number("440301199003071231")
    assert not luhn_ok("440301199003071231")


def test_longer_runs_are_not_findings():
    assert find_personal_data("1" + ID_1) == []
    assert find_personal_data(CARD_19 + "0") == []


def test_is_exempt():
    assert is_exempt("138-1234-5678", ["13812345678"])
    assert is_exempt("13812345678", ["138 1234 5678"])
    assert is_exempt(ID_1.lower(), [ID_1])
    assert not is_exempt("13812345678", ["13812345679"])
    assert not is_exempt("13812345678", [])


@pytest.mark.skipif(not REAL_FILES, reason=f"{REALDOCS} 不存在")
def test_no_findings_in_real_documents():
    for path in REAL_FILES:
        assert find_personal_data(path.read_text(encoding="utf-8")) == [], path.name
