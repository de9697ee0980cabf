"""Parse the dates written in front matter (成文日期, 发布日期 …).

Accepted: a ``datetime.date`` (YAML already parsed it), a ``datetime``
(its date is used), ``2024-03-05`` and ``2024年3月5日`` / ``2024年03月05日``.
Everything else raises :class:`DateError` with a Chinese message and a hint
that shows the corrected value when one can be worked out.
"""

from __future__ import annotations

import calendar
import datetime
import re

__all__ = ["DateError", "parse_date", "parse_period", "is_full_year", "format_cn", "ACCEPTED_FORMS", "PERIOD_FORMS"]

ACCEPTED_FORMS = "可写作 2024-03-05、2024年3月5日 或 2024年03月05日"

_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_CN = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
# Forms people type that we refuse but can correct: 2024/03/05, 2024.3.5,
# 2024_3_5, 20240305.
_OTHER_SEP = re.compile(r"^(\d{4})\s*[/.．_\\]\s*(\d{1,2})\s*[/.．_\\]\s*(\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


class DateError(ValueError):
    """A date that cannot be read; ``message`` says why, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


def _make(y: str, m: str, d: str) -> datetime.date:
    """Build a date, explaining impossible months and days in Chinese."""
    year, month, day = int(y), int(m), int(d)
    if not 1 <= month <= 12:
        raise DateError(f"月份“{month}”不存在：月份应在1到12之间", ACCEPTED_FORMS)
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= last:
        raise DateError(f"日期不存在：{year}年{month}月只有{last}天", f"请核对日期，{ACCEPTED_FORMS}")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise DateError(f"年份“{y}”无效", ACCEPTED_FORMS) from None


def _corrected(y: str, m: str, d: str) -> str:
    """The 2024-03-05 form of a date written with another separator."""
    day = _make(y, m, d)  # an impossible date reports that instead
    return day.isoformat()


def parse_date(value) -> datetime.date:
    """Return ``value`` as a ``datetime.date`` or raise :class:`DateError`."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if value is None:
        raise DateError("缺少日期", f"请填写日期，{ACCEPTED_FORMS}")
    if isinstance(value, bool) or isinstance(value, (int, float)):
        text = str(value)
        m = _COMPACT.match(text)
        if m:
            try:
                fixed = _corrected(*m.groups())
            except DateError:
                fixed = None
            if fixed:
                raise DateError(f"日期不能写成数字“{text}”", f"应写作 {fixed}")
        raise DateError(f"日期不能写成数字“{text}”", ACCEPTED_FORMS)
    if not isinstance(value, str):
        raise DateError(f"无法识别的日期：{value!r}", ACCEPTED_FORMS)

    text = value.strip().translate(_FULLWIDTH)
    if not text:
        raise DateError("日期为空", f"请填写日期，{ACCEPTED_FORMS}")
    for rx in (_ISO, _CN):
        m = rx.match(text)
        if m:
            return _make(*m.groups())
    for rx in (_OTHER_SEP, _COMPACT):
        m = rx.match(text)
        if m:
            fixed = _corrected(*m.groups())
            raise DateError(f"日期格式不对：“{value.strip()}”", f"应写作 {fixed}")
    raise DateError(f"无法识别的日期格式：“{value.strip()}”", ACCEPTED_FORMS)


def format_cn(d: datetime.date) -> str:
    """``2024年03月05日`` (zero-padded, as on the metadata table)."""
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


# -- periods (收费期间) ---------------------------------------------------------------

PERIOD_FORMS = "可写作 2025年、2025年1月至3月、2025年第一季度、2025年上半年 或 2025-01-01至2025-04-30"
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_TO = r"\s*(?:至|到|-|—|–|~|～)\s*"
_YEAR_ONLY = re.compile(r"^(\d{4})\s*(?:年度?|年全年)?$")
_QUARTER = re.compile(r"^(\d{4})\s*年\s*第?\s*([一二三四1-4])\s*季度$")
_HALF = re.compile(r"^(\d{4})\s*年\s*([上下])半年$")
_MONTHS = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月?" + r"(?:" + _TO + r"(?:(\d{4})\s*年\s*)?(\d{1,2}))?\s*月(?:份)?$")
_SEPARATOR = re.compile(_TO)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_period(value) -> tuple[datetime.date, datetime.date]:
    """A period as (first day, last day): a year, quarter, half year, months, or two dates.

    Raises :class:`DateError` for anything else (e.g. “截至4月末”, which has no first day).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise DateError("收费期间应是一段文字", PERIOD_FORMS)
    text = value.strip().translate(_FULLWIDTH)
    m = _YEAR_ONLY.match(text)
    if m:
        year = int(m.group(1))
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    m = _QUARTER.match(text)
    if m:
        year, quarter = int(m.group(1)), _QUARTERS[m.group(2)]
        return datetime.date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    m = _HALF.match(text)
    if m:
        year = int(m.group(1))
        return (datetime.date(year, 1, 1), datetime.date(year, 6, 30)) if m.group(2) == "上" else \
            (datetime.date(year, 7, 1), datetime.date(year, 12, 31))
    m = _MONTHS.match(text)
    if m:
        year, first = int(m.group(1)), int(m.group(2))
        last_year = int(m.group(3)) if m.group(3) else year
        last = int(m.group(4)) if m.group(4) else first
        if not (1 <= first <= 12 and 1 <= last <= 12):
            raise DateError(f"收费期间“{value.strip()}”的月份不存在", PERIOD_FORMS)
        start, end = datetime.date(year, first, 1), _month_end(last_year, last)
    else:
        found: tuple[datetime.date, datetime.date] | None = None
        for sep in _SEPARATOR.finditer(text):        # 2025-01-01-…: try each separator until both halves are dates
            try:
                found = parse_date(text[:sep.start()]), parse_date(text[sep.end():])
                break
            except DateError:
                continue
        if found is None:
            raise DateError(f"无法识别的收费期间“{value.strip()}”", PERIOD_FORMS)
        start, end = found
    if end < start:
        raise DateError(f"收费期间“{value.strip()}”的结束早于开始", PERIOD_FORMS)
    return start, end


def is_full_year(period: tuple[datetime.date, datetime.date] | None) -> int | None:
    """The year a period covers exactly (1 January to 31 December), else None."""
    if period is None:
        return None
    start, end = period
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return start.year
    return None
