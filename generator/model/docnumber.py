"""发文字号 (document number) checks: which form applies to which kind of document.

* 公文 (GB/T 9704-2012 §7.2.5): ``<机关代字>〔<4位年份>〕<序号>号``, e.g.
  ``示例政发〔2024〕12号``: the year in hexagonal brackets, no 第, no leading zeros.
* 规章 (government rules, published by order): ``<机关>令第<序号>号``, e.g.
  ``示例市人民政府令第5号``.
* 公告/通告 numbered by year, as many organs number them:
  ``示例市自然资源局公告2026年第1号`` (also ``…公告第1号`` and ``…公告〔2026〕第1号``).
  This is not a misspelt 〔2026〕1号 and is never "corrected" to it.
* 行政执法文书 (decisions on penalties, enforcement, licences) follow the
  document formats of each enforcement system, not GB/T 9704: the issuer code
  may hold round brackets (``（示）应急罚〔2026〕12号``,
  ``示公（治）行罚决字〔2026〕15号``). Round brackets around words inside an
  issuer code are accepted in every form; with ``enforcement=True`` (an item
  with 决定类型) a 第 before the serial and leading zeros are accepted too,
  because the number is copied from the document as printed.

:func:`check_doc_number` returns ``None`` for a valid number, else a
:class:`DocNumberResult` with a Chinese ``message`` and, when the mistake can be
corrected without guessing, a ``suggestion``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DocNumberResult",
    "check_doc_number",
    "parse_doc_number",
    "normalise_doc_number_query",
]

OPEN = "〔"
CLOSE = "〕"

# Bracket look-alikes seen on real sites; all mean 〔〕.  ﹝﹞ (small
# brackets) is common in copy-paste from word processors.
_OPEN_VARIANTS = "〔[［(（【{｛〖﹝〘<＜「"
_CLOSE_VARIANTS = "〕]］)）】}｝〗﹞〙>＞」"
_ALL_BRACKETS = _OPEN_VARIANTS + _CLOSE_VARIANTS

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_SPACE = re.compile(r"\s+")  # includes the full-width space U+3000

# An issuer code: characters other than brackets and spaces, and words in round brackets
# (（示）应急罚, 示公（治）行罚决字). A bracket around digits is a misplaced year bracket, not a word.
_WORD_IN_PARENS = r"(?:（[^\s\d" + re.escape(_ALL_BRACKETS) + r"]+）|\([^\s\d" + re.escape(_ALL_BRACKETS) + r"]+\))"
_ISSUER = r"(?:[^\s" + re.escape(_ALL_BRACKETS) + r"]|" + _WORD_IN_PARENS + r")+?"
_VALID_BRACKET = re.compile(
    r"^(?P<issuer>" + _ISSUER + r")〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$"
)
_VALID_RULE = re.compile(r"^(?P<issuer>" + _ISSUER + r"令)第(?P<serial>[1-9]\d*)号$")
# 公告/通告: 示例市自然资源局公告2026年第1号, 公告第1号, 公告〔2026〕第1号.
_VALID_NOTICE = re.compile(
    r"^(?P<issuer>" + _ISSUER + r"[公通]告)(?:(?P<year>\d{4})年|〔(?P<byear>\d{4})〕)?第(?P<serial>[1-9]\d*)号$"
)
# 执法文书: a 第 and leading zeros as printed on the decision.
_VALID_ENFORCEMENT = re.compile(
    r"^(?P<issuer>" + _ISSUER + r")〔(?P<year>\d{4})〕第?(?P<serial>0*[1-9]\d*)号$"
)

# Lenient forms used only to build a correction.
_LOOSE_BRACKET = re.compile(
    r"^(?P<issuer>.+?)(?P<open>[" + re.escape(_OPEN_VARIANTS) + r"])(?P<year>\d+)"
    r"(?P<close>[" + re.escape(_CLOSE_VARIANTS) + r"])(?P<di>第)?(?P<serial>\d+)(?P<hao>号)?$"
)
# ``示例政发2024年12号``: year written out with 年 instead of brackets.
_LOOSE_NIAN = re.compile(r"^(?P<issuer>\D+?)(?P<year>\d{4})年(?P<di>第)?(?P<serial>\d+)(?P<hao>号)?$")
_LOOSE_RULE = re.compile(r"^(?P<issuer>.+?令)(?P<di>第)?(?P<serial>\d+)(?P<hao>号)?$")

_EXAMPLE = "应为“机关代字〔年份〕序号号”（如 示例政发〔2024〕12号），规章为“机关令第N号”（如 示例市人民政府令第5号）"


@dataclass(frozen=True)
class DocNumberResult:
    """What is wrong with a document number and, if safe, the corrected number."""

    message: str
    suggestion: str | None = None


_PAREN_WORDS = re.compile(_WORD_IN_PARENS)


def _issuer_ok(issuer: str) -> bool:
    """An issuer code has at least one CJK character, no spaces, and brackets only around words."""
    bare = _PAREN_WORDS.sub("", issuer)
    return bool(_CJK.search(issuer)) and not any(c in _ALL_BRACKETS or c.isspace() for c in bare)


def parse_doc_number(text: str, enforcement: bool = False) -> tuple[str, int | None, int]:
    """Split a valid number into ``(issuer, year, serial)``; year is None for 令第N号 and 公告第N号.

    ``enforcement``: the number of a 行政执法文书 (see the module docstring).
    Raises ``ValueError`` when the number is not valid (see :func:`check_doc_number`).
    """
    s = text.strip()
    patterns = (_VALID_BRACKET, _VALID_RULE, _VALID_NOTICE) + ((_VALID_ENFORCEMENT,) if enforcement else ())
    for pattern in patterns:
        m = pattern.match(s)
        if m and _issuer_ok(m["issuer"]):
            year = m.groupdict().get("year") or m.groupdict().get("byear")
            return m["issuer"], int(year) if year else None, int(m["serial"])
    raise ValueError(f"不是有效的发文字号：{text!r}；{_EXAMPLE}")


def check_doc_number(text: str, enforcement: bool = False) -> DocNumberResult | None:
    """Return None when ``text`` is a valid 发文字号, else what is wrong and a fix.

    ``enforcement``: the item publishes an administrative decision (执法文书), whose
    number keeps a 第 or leading zeros as printed."""
    s = (text or "").strip()
    if not s:
        return DocNumberResult("发文字号为空；" + _EXAMPLE, None)
    try:
        parse_doc_number(s, enforcement)
        return None
    except ValueError:
        pass

    problems: list[str] = []
    if _SPACE.search(s):
        problems.append("发文字号中不应有空格，请删除")
        s = _SPACE.sub("", s)
    converted = s.translate(_FULLWIDTH_DIGITS)
    if converted != s:
        problems.append("数字应使用半角（如 2024），不要用全角数字（如 ２０２４）")
        s = converted

    m = _LOOSE_BRACKET.match(s)
    nian = None if m else _LOOSE_NIAN.match(s)
    rule = None if (m or nian) else _LOOSE_RULE.match(s)

    g = m or nian
    if g is not None:
        issuer = g["issuer"]
        if not _issuer_ok(issuer):
            return DocNumberResult(f"无法识别发文机关代字“{issuer}”；" + _EXAMPLE, None)
        if nian and issuer.endswith(("公告", "通告")) and len(nian["year"]) == 4:
            # a notice numbered by year: only 第 or 号 can be missing
            serial, serial_ok = _serial(nian, problems, form="notice")
            if not serial_ok:
                return DocNumberResult("；".join(problems), None)
            return DocNumberResult("；".join(problems), f"{issuer}{nian['year']}年第{serial}号")
        if m:
            if m["open"] != OPEN or m["close"] != CLOSE:
                problems.append(f"年份应用六角括号〔〕括起，不能用“{m['open']}{m['close']}”")
        else:
            problems.append("年份应写在六角括号〔〕中，不写“年”")
        year_text = g["year"]
        if len(year_text) == 4:
            year = year_text
        elif len(year_text) == 2:
            year = "20" + year_text
            problems.append(f"年份应写全4位：〔{year_text}〕按2000年以后理解为〔{year}〕，请核对")
        else:
            problems.append(f"年份“{year_text}”应为4位数字（如 2024）")
            year = None
        serial, serial_ok = _serial(g, problems, form="enforcement" if enforcement else "gongwen")
        if year is None or not serial_ok:
            return DocNumberResult("；".join(problems), None)
        return DocNumberResult("；".join(problems), f"{issuer}{OPEN}{year}{CLOSE}{serial}号")

    if rule:
        issuer = rule["issuer"]
        if not _issuer_ok(issuer):
            return DocNumberResult(f"无法识别发布机关“{issuer}”；" + _EXAMPLE, None)
        serial, serial_ok = _serial(rule, problems, form="rule")
        if not serial_ok:
            return DocNumberResult("；".join(problems), None)
        return DocNumberResult("；".join(problems), f"{issuer}第{serial}号")

    if s[0] in _ALL_BRACKETS or s[0].isdigit():
        problems.append("缺少发文机关代字；" + _EXAMPLE)
    else:
        problems.append("无法识别发文字号格式；" + _EXAMPLE)
    return DocNumberResult("；".join(problems), None)


_NEEDS_DI = {"rule": "规章编号应写作“令第N号”，缺少“第”",
             "notice": "按年编号的公告、通告应写作“公告YYYY年第N号”，缺少“第”"}


def _serial(g: re.Match, problems: list[str], form: str) -> tuple[str, bool]:
    """Check 第/leading zeros/号 around the serial; return (corrected serial, usable).

    ``form``: gongwen, rule, notice or enforcement; a 执法文书 number keeps its 第 and
    leading zeros as printed."""
    raw = g["serial"]
    if form in _NEEDS_DI and not g["di"]:
        problems.append(_NEEDS_DI[form])
    if form == "gongwen" and g["di"]:
        problems.append(f"序号前不加“第”（只有规章“令第N号”才用“第”）：“第{raw}号”应为“{raw.lstrip('0') or raw}号”")
    serial = raw.lstrip("0")
    if not serial:
        problems.append("序号不能为0，请填写实际序号")
        return raw, False
    if form == "enforcement":
        return ("第" if g["di"] else "") + raw, True
    if serial != raw:
        problems.append(f"序号不编虚位（不加前导零）：“{raw}号”应为“{serial}号”")
    if not g["hao"]:
        problems.append("末尾缺少“号”")
    return serial, True


_QUERY_OPEN = re.compile(r"[" + re.escape(_OPEN_VARIANTS) + r"]\s*(?=\d{2,4}\s*(?:[" + re.escape(_CLOSE_VARIANTS) + r"]|$))")
_QUERY_CLOSE = re.compile(r"(?<=〔\d{4})\s*[" + re.escape(_CLOSE_VARIANTS) + r"]\s*|(?<=〔\d{2})\s*[" + re.escape(_CLOSE_VARIANTS) + r"]\s*")


def normalise_doc_number_query(text: str) -> str:
    """Map bracket variants around a year to 〔〕 so ``[2024]12号`` finds ``〔2024〕12号``.

    Also converts full-width digits; other text is left alone so ordinary
    queries with parentheses are not changed.
    """
    s = text.translate(_FULLWIDTH_DIGITS)
    s = _QUERY_OPEN.sub(OPEN, s)
    return _QUERY_CLOSE.sub(CLOSE, s)
