"""Tests for generator.model.orgcode."""

import pytest

from generator.model.orgcode import org_code_check_char, uscc_check_char, validate_org_code


# D2143569-X is the worked example of GB 11714; the USCC is a widely cited
# published code whose body embeds the valid 组织机构代码 M000100Y4.
def test_org_code_check_char_known():
    assert org_code_check_char("D2143569") == "X"
    assert org_code_check_char("M000100Y") == "4"


def test_org_code_check_char_eleven_becomes_zero():
    # Sum 0 -> 11 - 0 = 11, which the standard writes as 0.
    assert org_code_check_char("00000000") == "0"


def test_uscc_check_char_known():
    assert uscc_check_char("91350100M000100Y4") == "3"
    assert uscc_check_char("91110000600037341") == "L"


def test_uscc_check_char_thirtyone_becomes_zero():
    assert uscc_check_char("0" * 17) == "0"


def test_check_char_rejects_bad_input():
    with pytest.raises(ValueError):
        org_code_check_char("1234567")
    with pytest.raises(ValueError):
        uscc_check_char("9135010OM000100Y4")  # letter O is not in GB 32100


@pytest.mark.parametrize("code", ["D2143569X", "M000100Y4", "000000000",
                                  "91350100M000100Y43", "91110000600037341L"])
def test_valid_codes(code):
    assert validate_org_code(code) is None


def test_wrong_check_char_names_expected():
    msg = validate_org_code("D21435691")
    assert msg and "校验码" in msg and "X" in msg
    msg = validate_org_code("91350100M000100Y44")
    assert msg and "校验码" in msg and "“3”" in msg


@pytest.mark.parametrize("code", ["", "D2143569", "D2143569-X", "91350100M000100Y4",
                                  "91350100M000100Y433"])
def test_wrong_length(code):
    msg = validate_org_code(code)
    assert msg and "长度" in msg


def test_illegal_characters():
    # I, O, Z, S, V are not in the USCC alphabet.
    for letter in "IOZSV":
        code = "91350100M000100" + letter + "43"
        msg = validate_org_code(code)
        assert msg and "非法字符" in msg
    # Lower case and punctuation are illegal in the 9-character form.
    assert "非法字符" in validate_org_code("d2143569X")
    assert "非法字符" in validate_org_code("D214356#X")
    # The 9-character check position only takes digits or X.
    assert "非法" in validate_org_code("D2143569Y")


def test_non_string():
    assert validate_org_code(None)
