from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

from generator.model.workdays import Calendar, UnknownYear
from generator.problems import ConfigError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lib() -> Calendar:
    return Calendar.load(None)


@pytest.fixture(scope="module")
def repo() -> Calendar:
    return Calendar.load(ROOT / "holidays.yml")


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "holidays.yml"
    p.write_text(text, encoding="utf-8")
    return p


# --------------------------------------------------------------------- counting
def test_domain_example(lib):
    assert lib.add_workdays(date(2026, 1, 5), 20) == date(2026, 2, 2)
    assert lib.workdays_between(date(2026, 1, 5), date(2026, 2, 2)) == 20


def test_first_workday_after_is_next_day(lib):
    assert lib.add_workdays(date(2026, 1, 5), 1) == date(2026, 1, 6)


def test_national_day_2025(lib):
    # 2025: Oct 1-8 off; Sun Sep 28 and Sat Oct 11 are adjusted working days
    for d in (date(2025, 9, 28), date(2025, 10, 11)):
        assert chinese_calendar.is_workday(d) and d.weekday() >= 5
        assert lib.is_workday(d)
    for i in range(1, 9):
        assert not lib.is_workday(date(2025, 10, i))
    # formed Fri 2025-09-26: Sun 28, Mon 29, Tue 30, then Thu 9, Fri 10, Sat 11, Mon 13
    assert lib.add_workdays(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert lib.add_workdays(date(2025, 9, 26), 3) == date(2025, 9, 30)
    assert lib.add_workdays(date(2025, 9, 26), 4) == date(2025, 10, 9)
    assert lib.add_workdays(date(2025, 9, 26), 6) == date(2025, 10, 11)
    assert lib.add_workdays(date(2025, 9, 26), 7) == date(2025, 10, 13)
    assert lib.workdays_between(date(2025, 9, 26), date(2025, 10, 13)) == 7
    # 7 working days for a licensing decision made on the last day before the holiday
    # Thu 9, Fri 10, Sat 11 (补班), Mon 13, Tue 14, Wed 15, Thu 16
    assert lib.add_workdays(date(2025, 9, 30), 7) == date(2025, 10, 16)


def test_start_on_weekend_or_holiday(lib):
    # Saturday 2026-01-10 -> 1st working day is Monday 12
    assert lib.add_workdays(date(2026, 1, 10), 1) == date(2026, 1, 12)
    assert lib.add_workdays(date(2026, 1, 11), 1) == date(2026, 1, 12)
    # inside the 2025 National Day holiday
    assert lib.add_workdays(date(2025, 10, 3), 1) == date(2025, 10, 9)
    # New Year 2026 (Jan 1-3 off, Sun Jan 4 worked)
    assert lib.add_workdays(date(2026, 1, 1), 1) == date(2026, 1, 4)
    # find_workday is off by one here; we are not
    assert lib.add_workdays(date(2026, 1, 10), 20) == date(2026, 2, 6)


def test_is_workday_matches_library(lib):
    d = date(2024, 1, 1)
    while d.year < 2027:
        assert lib.is_workday(d) == chinese_calendar.is_workday(d), d
        d += timedelta(days=1)


def test_between_edge_cases(lib):
    d = date(2026, 3, 10)
    assert lib.workdays_between(d, d) == 0
    assert lib.workdays_between(d, d - timedelta(days=5)) == 0


def test_between_consistent_with_add(lib):
    rng = random.Random(20260105)
    for _ in range(400):
        start = date(2005, 1, 1) + timedelta(days=rng.randrange(0, 365 * 21))
        n = rng.randint(1, 80)
        end = lib.add_workdays(start, n)
        assert lib.is_workday(end)
        assert lib.workdays_between(start, end) == n
        assert lib.workdays_between(start, end - timedelta(days=1)) == n - 1
        # brute force
        count, d = 0, start
        while d < end:
            d += timedelta(days=1)
            count += lib.is_workday(d)
        assert count == n


# ---------------------------------------------------------------- years & file
def test_library_years(lib):
    assert lib.covers(2004) and lib.covers(2026)
    assert not lib.covers(2027) and not lib.covers(2003)
    with pytest.raises(UnknownYear) as exc:
        lib.is_workday(date(2027, 1, 4))
    assert exc.value.year == 2027


def test_missing_file_means_library_only(tmp_path):
    cal = Calendar.load(tmp_path / "nope.yml")
    assert cal.covers(2026) and not cal.covers(2027)


def test_repo_file_2027(repo):
    assert repo.covers(2027) and not repo.covers(2028)
    assert not repo.is_workday(date(2027, 1, 1))
    assert not repo.is_workday(date(2027, 2, 8))  # 初三
    assert repo.is_workday(date(2027, 2, 20))  # Saturday 补班
    assert repo.is_workday(date(2027, 3, 1))  # ordinary Monday
    assert not repo.is_workday(date(2027, 3, 6))  # ordinary Saturday
    # across the year boundary 2026 -> 2027: Dec 31 2026 Thu is a workday,
    # then Jan 1-3 off, Mon Jan 4 is the next
    assert repo.add_workdays(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert repo.workdays_between(date(2026, 12, 30), date(2027, 1, 4)) == 2


def test_unknown_year_across_boundary(repo):
    with pytest.raises(UnknownYear) as exc:
        repo.add_workdays(date(2027, 12, 20), 20)
    assert exc.value.year == 2028
    with pytest.raises(UnknownYear) as exc:
        repo.workdays_between(date(2027, 12, 20), date(2028, 1, 10))
    assert exc.value.year == 2028
    with pytest.raises(UnknownYear) as exc:
        repo.is_workday(date(2028, 1, 3))
    assert exc.value.year == 2028
    # ending on 31 Dec needs nothing from 2028
    assert repo.add_workdays(date(2027, 12, 30), 1) == date(2027, 12, 31)
    # starting on 31 Dec 2025 needs nothing from 2025's predecessor either
    assert Calendar.load(None).add_workdays(date(2003, 12, 31), 1) == date(2004, 1, 2)


def test_file_overrides_library_year(tmp_path):
    p = write(tmp_path, """\
2026:
  holidays:
    - 2026-03-02     # an extra day off (a Monday)
  workdays: []
""")
    cal = Calendar.load(p)
    assert not cal.is_workday(date(2026, 3, 2))
    # the whole year is replaced: library's Spring Festival no longer applies
    assert cal.is_workday(date(2026, 2, 16))
    assert not cal.is_workday(date(2026, 2, 14))  # library's 补班 Saturday gone
    # other years still come from the library
    assert not cal.is_workday(date(2025, 10, 1))


def test_quoted_year_and_date_accepted(tmp_path):
    p = write(tmp_path, "'2030':\n  holidays:\n    - '2030-01-01'\n")
    cal = Calendar.load(p)
    assert cal.covers(2030) and not cal.is_workday(date(2030, 1, 1))


def test_empty_file(tmp_path):
    cal = Calendar.load(write(tmp_path, "# nothing yet\n"))
    assert not cal.covers(2027) and cal.covers(2026)


# ------------------------------------------------------------------- bad files
BAD = [
    ("syntax", "2027:\n  holidays:\n    - 2027-01-01\n  workdays: [2027-02-20\n", 5),
    ("syntax_tab", "2027:\n  holidays:\n\t- 2027-01-01\n", 3),
    ("year_key", "2027:\n  holidays: [2027-01-01]\n27:\n  holidays: [2027-01-01]\n", 3),
    ("year_key_text", "next:\n  holidays: []\n", 1),
    ("date_outside", "2027:\n  holidays:\n    - 2027-01-01\n    - 2026-10-01\n", 4),
    ("range_outside", "2027:\n  holidays:\n    - from: 2027-12-31\n      to: 2028-01-02\n", 4),
    ("unparseable", "2027:\n  holidays:\n    - 2027-01-01\n    - 2027/02/05\n", 4),
    ("no_such_day", "2027:\n  holidays:\n    - 2027-02-30\n", 3),
    ("from_after_to", "2027:\n  holidays:\n    - from: 2027-02-11\n      to: 2027-02-05\n", 4),
    ("both", "2027:\n  holidays:\n    - from: 2027-02-05\n      to: 2027-02-11\n"
             "  workdays:\n    - 2027-02-20\n    - 2027-02-07\n", 7),
    ("unknown_year_key", "2027:\n  holidays: [2027-01-01]\n  workday: [2027-02-20]\n", 3),
    ("unknown_range_key", "2027:\n  holidays:\n    - from: 2027-02-05\n      until: 2027-02-11\n", 4),
    ("missing_to", "2027:\n  holidays:\n    - from: 2027-02-05\n", 3),
    ("not_list", "2027:\n  holidays: 2027-01-01\n", 2),
    ("year_not_mapping", "2027:\n  - 2027-01-01\n", 2),
    ("top_not_mapping", "- 2027\n", 1),
    ("duplicate_year", "2027:\n  holidays: [2027-01-01]\n2027:\n  holidays: [2027-01-02]\n", 3),
    ("missing_holidays", "2027:\n  workdays: [2027-02-20]\n", 1),
]


@pytest.mark.parametrize("name,text,line", BAD, ids=[b[0] for b in BAD])
def test_bad_file(tmp_path, name, text, line):
    p = write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        Calendar.load(p)
    err = exc.value
    assert err.path == str(p)
    assert err.line == line, (err.line, str(err))
    assert err.message and err.hint
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.message)


def test_not_utf8(tmp_path):
    p = tmp_path / "holidays.yml"
    p.write_bytes("2027:\n  holidays: [2027-01-01]  # 元旦\n".encode("gbk"))
    with pytest.raises(ConfigError):
        Calendar.load(p)


def test_repo_file_is_valid_and_sane(repo):
    # every adjusted working day is a weekend; no more than 6 working days in a row
    holidays, workdays = repo._overrides[2027]
    assert all(d.weekday() >= 5 for d in workdays)
    run = longest = 0
    d = date(2027, 1, 1)
    while d.year == 2027:
        run = run + 1 if repo.is_workday(d) else 0
        longest = max(longest, run)
        d += timedelta(days=1)
    assert longest <= 6


def test_performance(repo):
    import time

    starts = [date(2024, 1, 1) + timedelta(days=i % 1000) for i in range(100_000)]
    t = time.perf_counter()
    for s in starts:
        end = repo.add_workdays(s, 20)
        repo.workdays_between(s, end)
    assert time.perf_counter() - t < 5
