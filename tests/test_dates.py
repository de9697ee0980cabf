"""Tests for generator.model.dates."""

import datetime

import pytest

from generator.model.dates import DateError, format_cn, parse_date

D = datetime.date(2024, 3, 5)


@pytest.mark.parametrize(
    "value",
    [
        D,
        datetime.datetime(2024, 3, 5, 10, 30),
        "2024-03-05",
        "2024-3-5",
        "2024年3月5日",
        "2024年03月05日",
        "  2024年03月05日\n",
        " 2024-03-05 ",
        "２０２４年３月５日",
    ],
)
def test_accepted(value):
    assert parse_date(value) == D


def test_leap_day():
    assert parse_date("2024-02-29") == datetime.date(2024, 2, 29)


@pytest.mark.parametrize(
    "value,fragment",
    [
        ("2024-02-30", "2024年2月只有29天"),
        ("2023-02-29", "2023年2月只有28天"),
        ("2024年4月31日", "2024年4月只有30天"),
        ("2024-13-01", "1到12"),
        ("2024/02/30", "2024年2月只有29天"),
    ],
)
def test_impossible(value, fragment):
    with pytest.raises(DateError) as exc:
        parse_date(value)
    assert fragment in exc.value.message


@pytest.mark.parametrize("value", ["2024/03/05", "2024.3.5", "2024/3/5", "2024.03.05", "20240305"])
def test_other_separators_get_corrected_hint(value):
    with pytest.raises(DateError) as exc:
        parse_date(value)
    assert "2024-03-05" in exc.value.hint
    assert exc.value.message


@pytest.mark.parametrize("value", ["hello", "3月5日", "2024-03", "05-03-2024", ""])
def test_unknown_format_hint_lists_forms(value):
    with pytest.raises(DateError) as exc:
        parse_date(value)
    assert "2024-03-05" in exc.value.hint and "2024年3月5日" in exc.value.hint


def test_integer_rejected():
    with pytest.raises(DateError) as exc:
        parse_date(20240305)
    assert "数字" in exc.value.message
    assert "2024-03-05" in exc.value.hint
    with pytest.raises(DateError):
        parse_date(2024)


def test_none_rejected():
    with pytest.raises(DateError):
        parse_date(None)


def test_date_error_is_value_error_with_message():
    err = DateError("消息", "提示")
    assert isinstance(err, ValueError) and str(err) == "消息" and err.hint == "提示"


def test_format_cn():
    assert format_cn(D) == "2024年03月05日"
    assert format_cn(datetime.date(2020, 12, 31)) == "2020年12月31日"
