"""Check characters of Chinese organisation codes.

Two forms appear in index numbers (索引号) and in categories.yml:

* 组织机构代码 (GB 11714-1997): 8 body characters + 1 check character.
* 统一社会信用代码 (GB 32100-2015): 17 characters + 1 check character;
  characters 9-17 are the organisation's 组织机构代码.
"""

from __future__ import annotations

import string

# GB 11714: digits and upper-case Latin letters, A=10 ... Z=35.
_ORG_ALPHABET = string.digits + string.ascii_uppercase
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100 leaves out I, O, Z, S, V because they are easily confused with
# 1, 0, 2, 5 and U.
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def org_code_check_char(first8: str) -> str:
    """Return the GB 11714 check character for an 8-character body."""
    if len(first8) != 8:
        raise ValueError("组织机构代码本体应为 8 位")
    total = 0
    for ch, weight in zip(first8.upper(), _ORG_WEIGHTS):
        value = _ORG_ALPHABET.find(ch)
        if value < 0:
            raise ValueError(f"组织机构代码含非法字符“{ch}”")
        total += value * weight
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for a 17-character body."""
    if len(first17) != 17:
        raise ValueError("统一社会信用代码本体应为 17 位")
    total = 0
    for ch, weight in zip(first17.upper(), _USCC_WEIGHTS):
        value = _USCC_ALPHABET.find(ch)
        if value < 0:
            raise ValueError(f"统一社会信用代码含非法字符“{ch}”")
        total += value * weight
    # 31 - 0 would be 31, which the standard folds back to 0.
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def validate_org_code(code: str) -> str | None:
    """Return None for a valid 9- or 18-character code, else a Chinese message."""
    if not isinstance(code, str):
        return "机构代码应为字符串"
    # Lower-case letters are rejected rather than folded: index numbers are
    # built from this code and must keep one canonical spelling.
    if len(code) == 9:
        bad = [ch for ch in code[:8] if ch not in _ORG_ALPHABET]
        if bad:
            return f"组织机构代码“{code}”含非法字符“{bad[0]}”（只允许数字和大写字母）"
        if code[8] not in "0123456789X":
            return f"组织机构代码“{code}”的校验码“{code[8]}”非法（应为数字或 X）"
        expected = org_code_check_char(code[:8])
        if code[8] != expected:
            return f"组织机构代码“{code}”校验码错误：应为“{expected}”，实为“{code[8]}”"
        return None
    if len(code) == 18:
        bad = [ch for ch in code if ch not in _USCC_ALPHABET]
        if bad:
            return (f"统一社会信用代码“{code}”含非法字符“{bad[0]}”"
                    "（只允许数字和除 I、O、Z、S、V 以外的大写字母）")
        expected = uscc_check_char(code[:17])
        if code[17] != expected:
            return f"统一社会信用代码“{code}”校验码错误：应为“{expected}”，实为“{code[17]}”"
        # Characters 9-17 embed a 组织机构代码, but its own check is not
        # enforced: the two alphabets differ and GB 32100 does not require it.
        return None
    return f"机构代码“{code}”长度为 {len(code)} 位，应为 9 位组织机构代码或 18 位统一社会信用代码"
