"""Find personal data (resident ID, mobile, bank card numbers) in page text.

Only numbers that pass their check are reported: an 18-digit order number that
fails the GB 11643-1999 check, or a 16-digit number that fails Luhn, is not a
finding.  Already-masked numbers (with ``*``, ``＊`` or ``×``) are never
findings.  Each :class:`Finding` carries the correctly masked form to suggest.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

__all__ = [
    "Finding",
    "KIND_LABELS",
    "find_personal_data",
    "is_exempt",
    "id_check_char",
    "is_valid_id_number",
    "luhn_ok",
    "mask",
]

KIND_LABELS = {"id_number": "身份证号", "mobile": "手机号", "bank_card": "银行卡号"}

# One character to one character, so offsets in the normalised text are
# offsets in the original text too.
_NORMALISE = str.maketrans("０１２３４５６７８９Ｘｘ－", "0123456789XX-")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# A candidate must not touch another digit, a mask character, or a decimal
# point followed by digits (amounts such as 13812345678.50 元).
_BEFORE = r"(?<![\d*＊×])(?<!\d\.)"
_AFTER = r"(?![\d*＊×])(?!\.\d)"

_ID_RE = re.compile(_BEFORE + r"\d{17}[\dX]" + r"(?![\dX*＊×])(?!\.\d)")
_CARD_PLAIN_RE = re.compile(_BEFORE + r"\d{16,19}" + _AFTER)
# Grouped forms must not continue with another separator and digit: in a
# run like "1234 5678 9012 3456 7890 1234" no single number can be picked out.
_CARD_GROUPED_RE = re.compile(
    _BEFORE + r"(?<!\d[ -])\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?" + _AFTER + r"(?![ -]\d)"
)
_MOBILE_PLAIN_RE = re.compile(_BEFORE + r"1[3-9]\d{9}" + _AFTER)
_MOBILE_GROUPED_RE = re.compile(
    _BEFORE + r"(?<!\d[ -])1[3-9]\d([ -])\d{4}\1\d{4}" + _AFTER + r"(?![ -]\d)"
)


@dataclass(frozen=True)
class Finding:
    """One personal number in the text: kind, the text as written, its offset, a masked form."""

    kind: str  # 'id_number' | 'mobile' | 'bank_card'
    value: str
    start: int
    masked: str

    @property
    def end(self) -> int:
        return self.start + len(self.value)

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def _digits(value: str) -> str:
    """Digits (and the ID check letter X) only, full-width converted."""
    return re.sub(r"[^0-9X]", "", value.translate(_NORMALISE).upper())


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character for the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def is_valid_id_number(value: str) -> bool:
    """18-character resident ID with a real birth date (1900-2100) and a correct check char."""
    v = _digits(value)
    if len(v) != 18 or not v[:17].isdigit():
        return False
    try:
        birth = datetime.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return False
    if not 1900 <= birth.year <= 2100:
        return False
    return id_check_char(v[:17]) == v[17]


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


def mask(kind: str, value: str) -> str:
    """Masked form: ID first 2 + last 3, mobile 3 + 4, bank card first 4 + last 4."""
    d = _digits(value)
    if kind == "id_number":
        return d[:2] + "*" * (len(d) - 5) + d[-3:]
    if kind == "mobile":
        return d[:3] + "****" + d[-4:]
    return d[:4] + "*" * (len(d) - 8) + d[-4:]


# Every finding needs 11 digits in a row, or digit groups 3-4-4 / 4-4-4(-4)
# split by a space or hyphen. Most text has neither, and one search for that
# is far cheaper than the five detailed patterns (the checker calls this
# for every front-matter value and every body).
_CANDIDATE = re.compile(r"\d[\d \-]{10}")
_NEEDS_NORMALISING = re.compile("[０-９Ｘｘ－]")


def find_personal_data(text: str) -> list[Finding]:
    """All ID, mobile and bank card numbers in ``text``, ordered by offset."""
    norm = text.translate(_NORMALISE) if _NEEDS_NORMALISING.search(text) else text
    if not _CANDIDATE.search(norm):
        return []
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, end: int) -> None:
        # Earlier kinds win: an 18-digit ID that happens to pass Luhn is an ID.
        if any(start < e and s < end for s, e in taken):
            return
        value = text[start:end]
        taken.append((start, end))
        found.append(Finding(kind, value, start, mask(kind, value)))

    for m in _ID_RE.finditer(norm):
        if is_valid_id_number(m.group()):
            add("id_number", m.start(), m.end())
    for rx in (_CARD_PLAIN_RE, _CARD_GROUPED_RE):
        for m in rx.finditer(norm):
            if luhn_ok(_digits(m.group())):
                add("bank_card", m.start(), m.end())
    for rx in (_MOBILE_PLAIN_RE, _MOBILE_GROUPED_RE):
        for m in rx.finditer(norm):
            add("mobile", m.start(), m.end())
    found.sort(key=lambda f: f.start)
    return found


def is_exempt(value: str, exemptions: list[str]) -> bool:
    """True when ``value`` equals one of ``exemptions``, comparing digits only."""
    d = _digits(value)
    return bool(d) and any(_digits(e) == d for e in exemptions or [])
