"""Find personal data (resident ID, mobile, bank card numbers) in page text and file names.

Numbers are tested on *normalised* text, so that the way a number is typed
does not hide it; each :class:`Finding` still gives the offset and the text as
written in the original string. docs/guide.md (第七节) explains the same rules to
department staff.

Normalisation (:func:`normalise`): NFKC (full-width digits, letters and
spaces); zero-width characters and soft hyphens dropped; HTML entities decoded;
inline HTML tags dropped (block tags such as ``<td>`` or ``<p>`` end a number,
``<br>`` counts as a line break); ``x`` read as ``X``. Digit groups are joined
when at most three separator characters stand between them: spaces (also
U+3000, tab and one line break), dashes and hyphens of every kind, dots, and
the Markdown markers (asterisk, underscore, backtick, tilde). A number is then
any run of whole groups that has the right length and passes its test:

* resident ID, 18 characters: GB 11643-1999 check character, a real birth date
  from 1900 up to :data:`RECENT_DAYS` before the document's date, and an area
  code (GB/T 2260) in front: a province code (11-15, 21-23, 31-37, 41-46, 50-54,
  61-65, 71, 81-83, 91) and, in the provinces, a prefecture code 01-70 or 90;
  old 15-digit IDs: the same area code and a real 19YYMMDD birth date;
* mobile: 11 digits ``1[3-9]…``, also after a ``+86``, ``86`` or ``0086`` prefix;
* bank card: 16-19 digits passing Luhn, first digit 3, 4, 5, 6, 8 or 9.

A grouped mobile, card or 15-digit ID needs groups of at least 3 digits (a
card's last group may be shorter, its first group has 4 or 6 digits), so that
lists of small numbers separated by spaces are never joined into a number. A
decimal part (``13812345678.50`` 元) makes a run an amount, not a number.

Masking rule (:data:`SHOWN`), the one the site publishes (content/pages/rules.md):
an 18-digit ID shows at most its first 6 and last 4 characters, so the birth
date (characters 7-14) is always hidden; a 15-digit ID at most its first 6 and
last 3; a mobile at most its first 3 and last 4; a bank card at most its first
6 and last 4. Masking characters are ``*``, ``＊``, ``×`` and ``x``/``X`` (a
single ``X`` right after the digits at the end is the ID check character, not a
mask). A written form counts as masked when it has a run of at least three
masking characters; one to three ``*`` at its ends may also be Markdown
emphasis, and any reading that follows the rule is accepted. A masked form that
shows more than the rule allows is a finding with ``insufficient=True``. :func:`mask` writes the suggested form, which shows
exactly what the rule allows.

Date rule: numbers of permits, certificates and contracts often begin with an
area code and their issue date (a construction permit: area, 8-digit issue date,
serial), and about 9% of them pass the ID check character. Their "birth date" is
days or weeks before the document that publishes them, while a person named in a
disclosure is practically never under two months old (a newborn is registered
within a month, 户口登记条例第七条): a date less than :data:`RECENT_DAYS` before
the document's date is read as an issue date, and the number is not an ID. A
label that names a person's number (below) still makes it one.

Context rule: a number directly after a label that names a non-personal number
(:data:`CONTEXT_WORDS`, e.g. ``施工许可证编号：``, also ``编号分别为``), or in a
Markdown table column whose header names one, is not a finding, even when it
passes the ID test; so are the further numbers of the same length listed after
such a label (``编号：…、…和…``). A label that also names a person's number
(:data:`PERSONAL_WORDS`, e.g. ``身份证号``) never exempts.
"""

from __future__ import annotations

import datetime
import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "CONTEXT_WORDS",
    "Finding",
    "RECENT_DAYS",
    "KIND_LABELS",
    "PERSONAL_WORDS",
    "PROVINCE_CODES",
    "RULE_TEXT",
    "SHOWN",
    "find_in_path",
    "find_personal_data",
    "id_check_char",
    "is_exempt",
    "is_valid_id_number",
    "luhn_ok",
    "mask",
    "normalise",
]

KIND_LABELS = {"id_number": "身份证号", "mobile": "手机号", "bank_card": "银行卡号"}

# First two digits of a resident ID (GB/T 2260 provinces; 71 Taiwan, 81 Hong Kong,
# 82 Macao, 83 residence permits of Taiwan residents, 91 foreigners' permanent residence).
PROVINCE_CODES = frozenset(
    [str(n) for n in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47),
                      *range(50, 55), *range(61, 66), 71, 81, 82, 83, 91)]
)
_CARD_FIRST_DIGITS = "345689"
# Provinces whose IDs and residence permits carry no prefecture code (Taiwan, Hong Kong, Macao, foreigners).
_NO_PREFECTURE = frozenset({"71", "81", "82", "83", "91"})
# A "birth date" this close before the document is an issue date (see the date rule above).
RECENT_DAYS = 60

# The masking rule: (kind, length) -> (characters shown at the start, at the end).
SHOWN = {
    ("id_number", 18): (6, 4),
    ("id_number", 15): (6, 3),
    ("mobile", 11): (3, 4),
    **{("bank_card", n): (6, 4) for n in range(16, 20)},
}

# The rule as told to department staff (docs/guide.md, content/pages/rules.md say the same).
RULE_TEXT = {
    "id_number": "身份证号最多保留前6位和后4位，出生日期（第7至14位）必须全部隐去",
    "mobile": "手机号最多保留前3位和后4位",
    "bank_card": "银行卡号最多保留前6位和后4位",
}

# Labels naming numbers that are not a person's: a number right after one of
# these (or under a table header containing one) is not a finding.
CONTEXT_WORDS = (
    "许可证号", "许可证编号", "许可编号", "许可证", "证书编号", "证书号", "证号", "执照号",
    "编号", "编码", "代码", "统一社会信用代码", "项目代码", "合同号", "合同编号",
    "登记号", "登记编号", "备案号", "备案编号", "注册号", "批准文号", "文号", "案号",
    "流水号", "订单号", "发票号", "发票号码",
)
# Words that make a label a person's number even when it ends like a context word
# (身份证号 ends with 证号, 身份证编号 with 编号; a driving licence number is the ID number).
PERSONAL_WORDS = (
    "身份", "公民", "居民", "证件", "驾驶", "社保", "社会保障", "医保", "户口", "户籍",
    "手机", "电话", "联系", "银行", "卡号", "账号", "帐号", "纳税人", "个人",
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Finding:
    """One personal number: kind, the text as written, its offset, the masked form to suggest.

    ``insufficient`` is True for a written form that is masked, but shows more than
    the masking rule allows (e.g. the birth date of an ID).
    """

    kind: str  # 'id_number' | 'mobile' | 'bank_card'
    value: str
    start: int
    masked: str
    insufficient: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.value)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


# -- checks of one number ------------------------------------------------------

def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def _date(yyyymmdd: str) -> datetime.date | None:
    try:
        return datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return None


def _birth_ok(yyyymmdd: str, on: datetime.date, recent: bool = False) -> bool:
    """A birth date from 1900 on, at least RECENT_DAYS before ``on`` (or up to ``on`` with ``recent``)."""
    birth = _date(yyyymmdd) if yyyymmdd.isdigit() else None
    latest = on if recent else on - datetime.timedelta(days=RECENT_DAYS)
    return birth is not None and datetime.date(1900, 1, 1) <= birth <= latest


def _recent(digits: str, on: datetime.date) -> bool:
    """An ID-like number whose date lies within RECENT_DAYS before ``on``: an issue date, unless a label says otherwise."""
    birth = digits[6:14] if len(digits) == 18 else "19" + digits[6:12]
    return _birth_ok(birth, on, recent=True) and not _birth_ok(birth, on)


def _area_ok(v: str) -> bool:
    """GB/T 2260 area code: a province, and in the provinces a prefecture 01-70 or 90 (省直辖县级)."""
    if v[:2] not in PROVINCE_CODES:
        return False
    if v[:2] in _NO_PREFECTURE:
        return True
    prefecture = v[2:4]
    return prefecture.isdigit() and ("01" <= prefecture <= "70" or prefecture == "90")


def _id18_ok(v: str, on: datetime.date, recent: bool = False) -> bool:
    return (len(v) == 18 and v[:17].isdigit() and _area_ok(v)
            and _birth_ok(v[6:14], on, recent) and id_check_char(v[:17]) == v[17])


def _id15_ok(v: str, on: datetime.date, recent: bool = False) -> bool:
    return len(v) == 15 and v.isdigit() and _area_ok(v) and _birth_ok("19" + v[6:12], on, recent)


def is_valid_id_number(value: str, on: datetime.date | None = None) -> bool:
    """A resident ID: 18 characters (check character, area code, birth date at least :data:`RECENT_DAYS`
    before ``on``) or 15 digits."""
    v = _canonical(value)
    on = on or datetime.date.today()
    return _id18_ok(v, on) or _id15_ok(v, on)


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check used by bank card numbers."""
    if not digits.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        n = int(c)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def _mobile_ok(v: str) -> bool:
    return len(v) == 11 and v[0] == "1" and v[1] in "3456789" and v.isdigit()


def mask(kind: str, value: str) -> str:
    """The masked form of a number that shows exactly what :data:`SHOWN` allows."""
    d = _canonical(value)
    head, tail = SHOWN.get((kind, len(d)), (0, 0))
    return d[:head] + "*" * (len(d) - head - tail) + d[len(d) - tail:]


# -- normalisation -----------------------------------------------------------------

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\r")
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u2500\u2501\u30fc\ufe58\ufe63\uff0d")
_DOTS = frozenset(".\u00b7\u2027\u30fb")
_TILDES = frozenset("~\u301c\u223c")
_MASKS = frozenset("*\u2217\u00d7")
_BREAK = "\u2029"   # what a block-level HTML tag becomes: ends every number
_BLOCK_TAGS = frozenset(
    "address article aside blockquote caption dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_TAG = re.compile(r"<!--.{0,2000}?-->|</?([A-Za-z][A-Za-z0-9]*)\b[^<>\n]{0,300}>", re.S)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")


@lru_cache(maxsize=4096)
def _map_char(ch: str) -> str:
    """One character of the original as it reads in the normalised text ('' when dropped)."""
    if ch in _ZERO_WIDTH:
        return ""
    out = []
    for c in unicodedata.normalize("NFKC", ch):
        if "0" <= c <= "9":
            out.append(c)
        elif c in "xX":
            out.append("X")
        elif c in _MASKS:
            out.append("×" if c == "×" else "*")
        elif c in _DASHES:
            out.append("-")
        elif c in _DOTS:
            out.append(".")
        elif c in _TILDES:
            out.append("~")
        elif c == "\n":
            out.append("\n")
        elif c.isspace():
            out.append(" ")
        elif c not in _ZERO_WIDTH:
            out.append(c)
    return "".join(out)


def normalise(text: str) -> tuple[str, list[int], list[int]]:
    """The text as numbers are read from it, and for each of its characters the original (start, end).

    ``starts[i]:ends[i]`` is the part of ``text`` that normalised character ``i``
    comes from (a whole entity for a decoded one).
    """
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(s: str, a: int, b: int) -> None:
        for c in s:
            chars.append(c)
            starts.append(a)
            ends.append(b)

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "<":
            m = _TAG.match(text, i)
            if m:
                name = (m.group(1) or "").lower()
                emit("\n" if name == "br" else _BREAK if name in _BLOCK_TAGS else "", i, m.end())
                i = m.end()
                continue
        elif ch == "&":
            m = _ENTITY.match(text, i)
            if m:
                decoded = html.unescape(m.group())
                if decoded != m.group():
                    emit("".join(_map_char(c) for c in decoded), i, m.end())
                    i = m.end()
                    continue
        emit(_map_char(ch), i, i + 1)
        i += 1
    return "".join(chars), starts, ends


def _canonical(value: str) -> str:
    """Digits and check letter of a written number, without a +86/0086 prefix of a mobile."""
    v = re.sub(r"[^0-9X]", "", normalise(value)[0])
    for prefix in ("86", "0086"):
        if len(v) == 11 + len(prefix) and v.startswith(prefix) and _mobile_ok(v[len(prefix):]):
            return v[len(prefix):]
    return v


# -- the cheap prefilter -------------------------------------------------------------

# Every number has 11 or more digits or masking characters, possibly with separators,
# tags and entities between them. Most text has no such run, and one search for it is
# cheap; only the runs it finds are normalised. Units and gaps share no character, so
# the search cannot backtrack far.
_UNIT = (r"(?:&\#(?:[0-9]{1,7}|[xX][0-9a-fA-F]{1,6});?"
         r"|[\d*＊∗﹡×xXｘＸ\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089\u2460-\u24ff\u2776-\u2793])")
_GAP = (r"(?:<[^<>\n]{0,300}>|<!--.{0,2000}?-->|&[A-Za-z][A-Za-z0-9]{1,31};?"
        r"|[\s\-.·‧・~〜∼_`+\u00ad\u180e\u200b-\u200d\u2060\ufeff\u2010-\u2015\u2212\u2043\u2500\u2501"
        r"\u30fc\ufe58\ufe63\uff0d\uff0e\uff5e\u3000])")
_CLUSTER = re.compile(_UNIT + r"(?:" + _GAP + r"*" + _UNIT + r"){10,}", re.S)


# -- reading numbers from normalised text ------------------------------------------------

_SEP_PLAIN = frozenset(" \n-.~_`*")   # between digit groups of an unmasked number
_SEP_MASKED = frozenset(" \n-.~_`")   # between parts of a masked one ('*' masks there)
_GROUP = re.compile(r"[0-9]+(?:X(?![0-9A-Za-z]))?")
_PIECE = re.compile(r"[0-9*×X]+")
_PRIORITY = {"id_number": 0, "bank_card": 1, "mobile": 2}


def _joins(gap: str, seps: frozenset) -> bool:
    return 0 < len(gap) <= 3 and gap.count("\n") <= 1 and all(c in seps for c in gap)


def _chains(norm: str, pattern: re.Pattern, seps: frozenset) -> list[list[tuple[int, int, str]]]:
    """Runs matched by ``pattern`` as (start, end, text), in chains joined by short separators."""
    chains: list[list[tuple[int, int, str]]] = []
    prev_end = None
    for m in pattern.finditer(norm):
        if prev_end is not None and _joins(norm[prev_end:m.start()], seps):
            chains[-1].append((m.start(), m.end(), m.group()))
        else:
            chains.append([(m.start(), m.end(), m.group())])
        prev_end = m.end()
    return chains


def _is_decimal(norm: str, chain, index: int, after: bool) -> bool:
    """True when group ``index`` has a decimal part after it (or is one): 13812345678.50."""
    j = index + 1 if after else index - 1
    if not 0 <= j < len(chain):
        return False
    left, right = (chain[index], chain[j]) if after else (chain[j], chain[index])
    return norm[left[1]:right[0]] == "." and (len(right[2]) <= 2 or len(left[2]) <= 2)


def _plain_kind(digits: str, sizes: list[int], on: datetime.date) -> tuple[str, int] | None:
    """(kind, prefix length) of an unmasked run of whole groups, or None."""
    if "X" in digits[:-1]:
        return None
    if len(digits) == 18 and _id18_ok(digits, on, recent=True):
        return "id_number", 0
    if "X" in digits:
        return None
    if len(digits) == 15 and min(sizes) >= 3 and _id15_ok(digits, on, recent=True):
        return "id_number", 0
    if 16 <= len(digits) <= 19 and _card_sizes(sizes) and digits[0] in _CARD_FIRST_DIGITS and luhn_ok(digits):
        return "bank_card", 0
    for prefix in ("", "86", "0086"):
        rest = digits[len(prefix):]
        if digits.startswith(prefix) and _mobile_ok(rest):
            left = sizes[0] - len(prefix)
            groups = ([left] if left else []) + sizes[1:]
            if left >= 0 and (len(groups) == 1 or min(groups) >= 3):
                return "mobile", len(prefix)
    return None


def _card_sizes(sizes: list[int]) -> bool:
    return len(sizes) == 1 or (sizes[0] in (4, 6) and min(sizes[:-1]) >= 3)


def _plain_numbers(norm: str, on: datetime.date) -> list[tuple[int, int, str, str]]:
    """Unmasked numbers in normalised text: (start, end, kind, digits), overlaps resolved."""
    candidates = []
    for chain in _chains(norm, _GROUP, _SEP_PLAIN):
        for a in range(len(chain)):
            if _is_decimal(norm, chain, a, after=False):
                continue
            run = ""
            for b in range(a, len(chain)):
                run += chain[b][2]
                if len(run) > 19:
                    break
                # an X after the digits is a check character only at the end of an 18-character ID
                digits, end = (run[:-1], chain[b][1] - 1) if run.endswith("X") and len(run) != 18 else (run, chain[b][1])
                if len(digits) < 11 or _is_decimal(norm, chain, b, after=True):
                    continue
                sizes = [len(g[2]) for g in chain[a:b + 1]]
                sizes[-1] -= len(run) - len(digits)
                found = _plain_kind(digits, sizes, on)
                if found:
                    kind, prefix = found
                    start = chain[a][0]
                    if not prefix and kind == "mobile" and a > 0 and chain[a - 1][2] in ("86", "0086"):
                        start = chain[a - 1][0]   # "+86 138 …": the prefix is part of what was written
                    if start > 0 and norm[start - 1] == "+" and (prefix or start < chain[a][0]):
                        start -= 1
                    candidates.append((_PRIORITY[kind], start, -(end - start), kind, digits[prefix:], end))
    return [(start, end, kind, digits) for _p, start, _l, kind, digits, end in _pick(candidates)]


def _pick(candidates: list) -> list:
    """Non-overlapping candidates: by priority, then first, then longest."""
    chosen: list = []
    for cand in sorted(candidates):
        start, end = cand[1], cand[5]
        if all(end <= c[1] or c[5] <= start for c in chosen):
            chosen.append(cand)
    return chosen


def _masked_kind(w: str, cls: str, on: datetime.date) -> str | None:
    """Kind of a masked written form (``cls``: d digit, c check char, m mask), if it plausibly is one."""
    n = len(w)
    first_seen = cls[0] == "d" and w[0] in _CARD_FIRST_DIGITS and "c" not in cls
    if n == 11:
        return "mobile" if cls[:2] == "dd" and w[0] == "1" and w[1] in "3456789" and "c" not in cls else None
    if n in (15, 18):
        area = cls[:2] == "dd" and w[:2] in PROVINCE_CODES
        birth = w[6:14] if n == 18 else "19" + w[6:12]
        dated = "m" not in cls[6:14 if n == 18 else 12] and _birth_ok(birth, on)
        if (area or dated) and "c" not in cls[:-1] and (n == 18 or "c" not in cls):
            return "id_number"
    if 16 <= n <= 19 and first_seen:
        return "bank_card"
    return None


def _masked_numbers(norm: str, on: datetime.date, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """Masked numbers that show more than :data:`SHOWN` allows: (start, end, kind, suggestion)."""
    compliant: list[tuple[int, int]] = list(taken)
    bad = []
    for chain in _chains(norm, _PIECE, _SEP_MASKED):
        classes = [_classes(p[2]) for p in chain]
        if not any("mmm" in c for c in classes):
            continue
        for a in range(len(chain)):
            for b in range(a, len(chain)):
                span = (chain[a][0], chain[b][1])
                w = "".join(p[2] for p in chain[a:b + 1])
                cls = "".join(classes[a:b + 1])
                if len(w) > 25:
                    break
                verdicts = []
                for lead, trail in _variants(w):
                    vw, vc = w[lead:len(w) - trail], cls[lead:len(cls) - trail]
                    if not 11 <= len(vw) <= 19 or "mmm" not in vc or "d" not in vc:
                        continue
                    kind = _masked_kind(vw, vc, on)
                    if kind is None:
                        continue
                    head, tail = SHOWN[(kind, len(vw))]
                    ok = all(c == "m" or i < head or i >= len(vw) - tail for i, c in enumerate(vc))
                    verdicts.append((ok, kind, span[0] + lead, span[1] - trail, vw, vc, head, tail))
                if any(v[0] for v in verdicts):
                    compliant.append(span)
                elif verdicts:
                    bad.append(verdicts[0])
    result: list = []
    for _ok, kind, start, end, vw, vc, head, tail in sorted(bad, key=lambda v: (v[2], -v[3])):
        if any(start < e and s < end for s, e in compliant + [(r[0], r[1]) for r in result]):
            continue
        suggestion = "".join(c if vc[i] != "m" and (i < head or i >= len(vw) - tail) else "*"
                             for i, c in enumerate(vw))
        result.append((start, end, kind, suggestion))
    return result


def _classes(piece: str) -> str:
    """Per character of a piece: d digit, c the ID check letter (one X after a digit, at the end), m mask."""
    out = []
    for i, c in enumerate(piece):
        if c.isdigit():
            out.append("d")
        elif c == "X" and i == len(piece) - 1 and i > 0 and piece[i - 1].isdigit():
            out.append("c")
        else:
            out.append("m")
    return "".join(out)


def _variants(w: str) -> list[tuple[int, int]]:
    """Ways to read a written form: as is, and without 1-3 leading/trailing '*' (Markdown emphasis)."""
    lead = len(w) - len(w.lstrip("*"))
    trail = len(w) - len(w.rstrip("*"))
    leads = [0] + ([lead] if 0 < lead <= 3 else [])
    trails = [0] + ([trail] if 0 < trail <= 3 else [])
    return [(a, b) for a in leads for b in trails if a + b < len(w)]


# -- context: labels before a number, table headers ------------------------------------------

_FILLER = frozenset(" \t\u3000:：为是（(【[“\"'‘#№*_`~")
_LIST_SEPARATORS = frozenset("、，,；;和及与")
# Words between a label and its number: 编号分别为 …, 许可证号依次为 …
_LABEL_TAILS = ("分别", "依次", "依序", "各自")
_LABEL_STOPS = frozenset("，,。；;、|\n！？!?（）()【】[]“”\"'：: \t\u3000*_`<>")


def _label_before(text: str, start: int, context: str, length: int) -> str:
    """The words right before a number (skipping ':' and the like, and earlier numbers of a list)."""
    i = start
    for _hop in range(20):
        while i > 0:
            c = text[i - 1]
            if c in _FILLER:
                i -= 1
            elif c == ">" and "<" in text[max(0, i - 300):i]:
                i = text.rindex("<", max(0, i - 300), i)
            elif text[max(0, i - 3):i] in ("No.", "NO."):
                i -= 3
            elif text[max(0, i - 2):i] in ("No", "NO"):
                i -= 2
            else:
                break
        if i == 0:
            return context
        if text[i - 1] in _LIST_SEPARATORS:
            # a list of numbers after one label: 编号：150102…、150102…
            j = i - 1
            while j > 0 and text[j - 1] in _FILLER:
                j -= 1
            k = j
            while k > 0 and (text[k - 1].isdigit() or text[k - 1] in "Xx*＊× -."):
                k -= 1
            if len(re.sub(r"\D", "", text[k:j])) >= length - 1:
                i = k
                continue
        break
    j = i
    while j > 0 and i - j < 20 and text[j - 1] not in _LABEL_STOPS:
        j -= 1
    return text[j:i]


def _table_header(text: str, start: int) -> str:
    """The header cell of the Markdown table column ``start`` stands in ('' outside tables)."""
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].lstrip().startswith("|"):
        return ""
    column = text[line_start:start].replace("\\|", "").count("|") - 1
    lines = []
    pos = line_start
    while pos > 0:
        prev = text.rfind("\n", 0, pos - 1) + 1
        line = text[prev:pos - 1]
        if not line.lstrip().startswith("|"):
            break
        lines.append(line)
        pos = prev
    if len(lines) < 2 or not re.fullmatch(r"[\s|:\-]+", lines[-2]):
        return ""
    cells = lines[-1].strip().strip("|").replace("\\|", "").split("|")
    return cells[column] if 0 <= column < len(cells) else ""


def _personal(label: str) -> bool:
    return any(w in label for w in PERSONAL_WORDS)


def _not_personal_by_context(text: str, start: int, context: str, length: int, dated: bool = False) -> bool:
    """True when a label or table header says the number at ``start`` is not a person's; with ``dated``
    (an ID-like number dated just before the document) unless a label says it is a person's."""
    label = _label_before(text, start, context, length)
    if _personal(label):
        return False
    if dated:
        header = _table_header(text, start)
        return not (header and _personal(header))
    for tail in _LABEL_TAILS:
        if label.endswith(tail):
            label = label[: -len(tail)]
    if label.endswith(CONTEXT_WORDS):
        return True
    header = _table_header(text, start)
    return bool(header) and not _personal(header) and any(w in header for w in CONTEXT_WORDS)


# -- the public search -------------------------------------------------------------------------

def find_personal_data(text: str, on: datetime.date | None = None, context: str = "") -> list[Finding]:
    """All ID, mobile and bank card numbers in ``text``, unmasked or insufficiently masked, by offset.

    ``on`` is the document's date (a "birth date" after it is not one; default today).
    ``context`` is the label the text stands under (a front-matter key), used when
    nothing in the text precedes a number.
    """
    if not _CLUSTER.search(text):
        return []
    on = on or datetime.date.today()
    found: list[Finding] = []
    for m in _CLUSTER.finditer(text):
        base = m.start() - 1 if m.start() > 0 and text[m.start() - 1] == "+" else m.start()
        piece = text[base:m.end()]
        norm, starts, ends = normalise(piece)
        plain = _plain_numbers(norm, on)
        spans = [(s, e) for s, e, _k, _d in plain]
        for s, e, kind, digits in plain:
            start, end = base + starts[s], base + ends[e - 1]
            dated = kind == "id_number" and _recent(digits, on)
            if not _not_personal_by_context(text, start, context, len(digits), dated):
                found.append(Finding(kind, text[start:end], start, mask(kind, digits)))
        for s, e, kind, suggestion in _masked_numbers(norm, on, spans):
            start, end = base + starts[s], base + ends[e - 1]
            if not _not_personal_by_context(text, start, context, len(suggestion)):
                found.append(Finding(kind, text[start:end], start, suggestion, insufficient=True))
    found.sort(key=lambda f: f.start)
    return found


def find_in_path(rel_path: str, on: datetime.date | None = None) -> list[Finding]:
    """Numbers in a file's path (folder and file names), which reach URLs, the sitemap and catalog.json."""
    return find_personal_data(rel_path, on=on)


def is_exempt(value: str, exemptions: list[str]) -> bool:
    """True when ``value`` is the same number as one of ``exemptions`` (as normalised digits)."""
    d = _canonical(value)
    return bool(d) and any(_canonical(e) == d for e in exemptions or [])
