"""Working days on the official Chinese holiday calendar, with 调休 (adjusted working days).

Two sources, per year:

* the ``chinese_calendar`` package (1.11.0 covers 2004-2026; outside it raises
  ``NotImplementedError``);
* the repository's ``holidays.yml``, where the city enters a year the package
  does not know yet (or corrects one).  A year entered in the file replaces the
  package's schedule for that whole year.

Within a known year a day is a working day when it is listed as an adjusted
working day (补班), is not one when it is listed as a holiday, and otherwise when
it is Monday to Friday.

Counting follows DOMAIN.md: the start day (the day the information was formed)
is never counted.  ``add_workdays(start, n)`` is the n-th working day after
``start``; ``workdays_between(start, end)`` counts the working days in the
half-open span ``(start, end]``.  Both use per-year sorted lists of working-day
ordinals and ``bisect``, so they cost O(years spanned * log 366) per call.

Example::

    cal = Calendar.load(Path("holidays.yml"))
    cal.add_workdays(date(2026, 1, 5), 20)   # -> date(2026, 2, 2)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta
from pathlib import Path

import yaml

from ..problems import ConfigError

try:  # the package is a hard dependency, but keep the module importable without it
    import chinese_calendar as _cc
except ImportError:  # pragma: no cover
    _cc = None

__all__ = ["Calendar", "UnknownYear"]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_RE = re.compile(r"^\d{4}$")
_YEAR_KEYS = ("holidays", "workdays")
_RANGE_KEYS = ("from", "to")
_KIND_NAME = {"holidays": "放假日", "workdays": "调休上班日"}


class UnknownYear(Exception):
    """No holiday schedule is known for ``year`` (neither the package nor holidays.yml)."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"{year} 年的节假日安排未知：chinese_calendar 不含该年，holidays.yml 中也没有录入。"
            f"请按国务院办公厅关于{year}年部分节假日安排的通知在 holidays.yml 中补充该年。"
        )


class Calendar:
    """Working-day arithmetic.  Build with :meth:`load`; instances are cheap to query."""

    def __init__(self, overrides: dict[int, tuple[frozenset[date], frozenset[date]]] | None = None,
                 source: str | None = None):
        # year -> (holidays, workdays) from the file
        self._overrides: dict[int, tuple[frozenset[date], frozenset[date]]] = dict(overrides or {})
        self.source = source
        self._library_years: dict[int, bool] = {}
        # year -> sorted list of working-day ordinals / set of the same
        self._lists: dict[int, list[int]] = {}
        self._sets: dict[int, frozenset[int]] = {}

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(cls, path: Path | None) -> Calendar:
        """Read ``path`` (holidays.yml).  ``None`` or a missing file: only the package's years.

        Raises :class:`ConfigError` (with 1-based line) for any mistake in the file.
        """
        if path is None:
            return cls()
        path = Path(path)
        if not path.exists():
            return cls()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ConfigError("holidays.yml 不是 UTF-8 编码的文本文件", path=str(path),
                              hint="请以 UTF-8 编码保存该文件") from None
        except OSError as exc:
            raise ConfigError(f"无法读取节假日文件：{exc.strerror or exc}", path=str(path)) from None
        return cls(parse_holidays(text, str(path)), source=str(path))

    # ------------------------------------------------------------------ queries
    def covers(self, year: int) -> bool:
        return year in self._overrides or self._library_covers(year)

    def is_workday(self, day: date) -> bool:
        return day.toordinal() in self._year_set(day.year)

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself never counts), ``n >= 1``."""
        if n < 1:
            raise ValueError("n must be >= 1")
        first = _next_day(start)
        year = first.year
        lst = self._year_list(year)
        idx = bisect_right(lst, start.toordinal())
        remaining = n
        while True:
            available = len(lst) - idx
            if remaining <= available:
                return date.fromordinal(lst[idx + remaining - 1])
            remaining -= available
            year += 1
            lst = self._year_list(year)
            idx = 0

    def workdays_between(self, start: date, end: date) -> int:
        """Working days in the half-open span ``(start, end]``; 0 when ``end <= start``."""
        s, e = start.toordinal(), end.toordinal()
        if e <= s:
            return 0
        first_year = _next_day(start).year
        total = 0
        for year in range(first_year, end.year + 1):
            lst = self._year_list(year)
            total += bisect_right(lst, e) - bisect_right(lst, s)
        return total

    # ------------------------------------------------------------------ internals
    def _library_covers(self, year: int) -> bool:
        known = self._library_years.get(year)
        if known is None:
            known = False
            if _cc is not None and 1 <= year <= 9999:
                try:
                    _cc.is_workday(date(year, 1, 1))
                    known = True
                except NotImplementedError:
                    known = False
            self._library_years[year] = known
        return known

    def _year_list(self, year: int) -> list[int]:
        lst = self._lists.get(year)
        if lst is None:
            self._build(year)
            lst = self._lists[year]
        return lst

    def _year_set(self, year: int) -> frozenset[int]:
        st = self._sets.get(year)
        if st is None:
            self._build(year)
            st = self._sets[year]
        return st

    def _build(self, year: int) -> None:
        if not 1 <= year <= 9999:
            raise UnknownYear(year)
        first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        if year in self._overrides:
            holidays, workdays = self._overrides[year]
            off = {d.toordinal() for d in holidays}
            on = {d.toordinal() for d in workdays}
            days = [o for o in range(first, last + 1)
                    if o in on or (o not in off and date.fromordinal(o).weekday() < 5)]
        elif self._library_covers(year):
            days = [o for o in range(first, last + 1) if _cc.is_workday(date.fromordinal(o))]
        else:
            raise UnknownYear(year)
        self._lists[year] = days
        self._sets[year] = frozenset(days)


def _next_day(day: date) -> date:
    try:
        return day + timedelta(days=1)
    except OverflowError:
        raise UnknownYear(day.year + 1) from None


# ---------------------------------------------------------------------- parsing
def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def parse_holidays(text: str, path: str = "holidays.yml") -> dict[int, tuple[frozenset[date], frozenset[date]]]:
    """Validate and parse the text of holidays.yml; raise :class:`ConfigError` on any mistake."""
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"YAML 语法错误：{exc.problem or exc}", path=path, line=line,
                          hint="检查缩进、冒号和列表符号“- ”") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"YAML 语法错误：{exc}", path=path,
                          hint="检查缩进、冒号和列表符号“- ”") from None
    if root is None:
        return {}
    if isinstance(root, yaml.ScalarNode) and root.tag == "tag:yaml.org,2002:null":
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError("holidays.yml 的顶层必须是以年份为键的映射", path=path, line=_line(root),
                          hint="例如“2027:”，其下写 holidays 和 workdays")

    result: dict[int, tuple[frozenset[date], frozenset[date]]] = {}
    for key_node, value_node in root.value:
        year_text = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if year_text is None or not _YEAR_RE.match(str(year_text)):
            raise ConfigError(f"年份键“{_show(key_node)}”不是四位数字的年份", path=path, line=_line(key_node),
                              hint="顶层的键应为年份，例如 2027")
        year = int(year_text)
        if year in result:
            raise ConfigError(f"{year} 年重复录入", path=path, line=_line(key_node),
                              hint="每个年份只能出现一次，请合并为一项")
        if not isinstance(value_node, yaml.MappingNode):
            raise ConfigError(f"{year} 年下必须是包含 holidays 和 workdays 的映射", path=path,
                              line=_line(value_node), hint="写成“holidays:”和“workdays:”两个列表")
        lists: dict[str, list[tuple[date, int]]] = {"holidays": [], "workdays": []}
        seen: set[str] = set()
        for sub_key, sub_value in value_node.value:
            name = sub_key.value if isinstance(sub_key, yaml.ScalarNode) else None
            if name not in _YEAR_KEYS:
                raise ConfigError(f"{year} 年下有未知的键“{_show(sub_key)}”", path=path, line=_line(sub_key),
                                  hint="只允许 holidays 即放假日、workdays 即调休上班日")
            if name in seen:
                raise ConfigError(f"{year} 年下的“{name}”重复出现", path=path, line=_line(sub_key),
                                  hint="请合并为一个列表")
            seen.add(name)
            lists[name] = _parse_day_list(sub_value, year, name, path)
        if "holidays" not in seen:
            raise ConfigError(f"{year} 年缺少 holidays（放假日）列表", path=path, line=_line(key_node),
                              hint="按国务院办公厅当年的节假日安排通知录入放假日期")
        holiday_lines: dict = {}
        for day, line in lists["holidays"]:
            holiday_lines.setdefault(day, line)
        for day, line in lists["workdays"]:
            if day in holiday_lines:
                raise ConfigError(
                    f"{day.isoformat()} 同时列为放假日和调休上班日", path=path, line=line,
                    hint=f"该日期已在第 {holiday_lines[day]} 行列为放假日，请删去其中一处")
        result[year] = (frozenset(holiday_lines), frozenset(d for d, _ in lists["workdays"]))
    return result


def _parse_day_list(node: yaml.Node, year: int, kind: str, path: str) -> list[tuple[date, int]]:
    label = _KIND_NAME[kind]
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise ConfigError(f"{year} 年的 {kind}（{label}）必须是列表", path=path, line=_line(node),
                          hint="每行一个“- 2027-01-01”或“- from: … to: …”")
    days: list[tuple[date, int]] = []
    for item in node.value:
        if isinstance(item, yaml.MappingNode):
            bounds: dict[str, tuple[date, yaml.Node]] = {}
            for k, v in item.value:
                name = k.value if isinstance(k, yaml.ScalarNode) else None
                if name not in _RANGE_KEYS:
                    raise ConfigError(f"日期区间中有未知的键“{_show(k)}”", path=path, line=_line(k),
                                      hint="日期区间只允许 from 和 to 两个键")
                if name in bounds:
                    raise ConfigError(f"日期区间中的“{name}”重复出现", path=path, line=_line(k))
                bounds[name] = (_parse_date(v, year, path), v)
            missing = [k for k in _RANGE_KEYS if k not in bounds]
            if missing:
                raise ConfigError(f"日期区间缺少“{missing[0]}”", path=path, line=_line(item),
                                  hint="写成“- from: 2027-02-05”加下一行“to: 2027-02-11”")
            start, _ = bounds["from"]
            end, end_node = bounds["to"]
            if start > end:
                raise ConfigError(
                    f"日期区间的起始日 {start.isoformat()} 晚于结束日 {end.isoformat()}", path=path,
                    line=_line(end_node), hint="from 应不晚于 to")
            line = _line(item)
            d = start
            while d <= end:
                days.append((d, line))
                d += timedelta(days=1)
        elif isinstance(item, yaml.ScalarNode):
            days.append((_parse_date(item, year, path), _line(item)))
        else:
            raise ConfigError(f"{year} 年的 {kind}（{label}）列表项必须是日期或 from/to 区间", path=path,
                              line=_line(item), hint="例如“- 2027-01-01”")
    return days


def _parse_date(node: yaml.Node, year: int, path: str) -> date:
    text = node.value if isinstance(node, yaml.ScalarNode) else None
    if text is None or not _DATE_RE.match(str(text).strip()):
        raise ConfigError(f"无法识别的日期“{_show(node)}”", path=path, line=_line(node),
                          hint="日期格式为 YYYY-MM-DD，例如 2027-01-01")
    try:
        day = date.fromisoformat(str(text).strip())
    except ValueError:
        raise ConfigError(f"日期“{text}”不存在", path=path, line=_line(node),
                          hint="检查月份和日，例如 2 月没有 30 日") from None
    if day.year != year:
        raise ConfigError(f"日期 {day.isoformat()} 不在 {year} 年内", path=path, line=_line(node),
                          hint=f"该日期应录入到 {day.year} 年下，或改正年份")
    return day


def _show(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if isinstance(node, yaml.MappingNode):
        return "{…}"
    if isinstance(node, yaml.SequenceNode):
        return "[…]"
    return "?"
