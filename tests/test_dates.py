"""The shared date parser, against a fixed Monday 2026-11-23."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cxnotes.domain.dates import DateError, describe, parse_date, parse_when

TODAY = date(2026, 11, 23)
SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 23, 9, 41, 7, tzinfo=SEOUL)


def test_today_is_a_monday() -> None:
    assert TODAY.weekday() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("  Today ", TODAY),
        ("tomorrow", date(2026, 11, 24)),
        ("yesterday", date(2026, 11, 22)),
        ("in 3 days", date(2026, 11, 26)),
        ("in 1 day", date(2026, 11, 24)),
        ("in 2 weeks", date(2026, 12, 7)),
        ("in 1 month", date(2026, 12, 23)),
        ("in a week", date(2026, 11, 30)),
        ("in 0 days", TODAY),
        ("3 days from now", date(2026, 11, 26)),
        ("3 days ago", date(2026, 11, 20)),
        ("2 weeks ago", date(2026, 11, 9)),
        ("1 year ago", date(2025, 11, 23)),
        ("friday", date(2026, 11, 27)),
        ("Fri", date(2026, 11, 27)),
        ("this friday", date(2026, 11, 27)),
        ("monday", TODAY),
        ("next friday", date(2026, 11, 27)),
        ("next monday", date(2026, 11, 30)),
        ("last monday", date(2026, 11, 16)),
        ("last friday", date(2026, 11, 20)),
        ("last sunday", date(2026, 11, 22)),
        ("2026-12-01", date(2026, 12, 1)),
        ("2026/12/1", date(2026, 12, 1)),
        ("2024-02-29", date(2024, 2, 29)),
        ("12/1", date(2026, 12, 1)),
        ("1/15", date(2026, 1, 15)),
        ("12/1/2027", date(2027, 12, 1)),
        ("Dec 1", date(2026, 12, 1)),
        ("dec. 1st", date(2026, 12, 1)),
        ("1 Dec", date(2026, 12, 1)),
        ("1st of December", date(2026, 12, 1)),
        ("December 1 2026", date(2026, 12, 1)),
        ("December 1, 2027", date(2027, 12, 1)),
        ("Sept 9", date(2026, 9, 9)),
        ("오늘", TODAY),
        ("내일", date(2026, 11, 24)),
        ("모레", date(2026, 11, 25)),
        ("어제", date(2026, 11, 22)),
        ("3일 후", date(2026, 11, 26)),
        ("3일후", date(2026, 11, 26)),
        ("2주 전", date(2026, 11, 9)),
        ("1개월 뒤", date(2026, 12, 23)),
        ("12월 1일", date(2026, 12, 1)),
        ("2027년 1월 5일", date(2027, 1, 5)),
        ("2026. 12. 1.", date(2026, 12, 1)),
    ],
)
def test_accepted_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_month_arithmetic_clamps_to_the_month_end() -> None:
    assert parse_date("in 1 month", today=date(2027, 1, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Give a date"),
        ("   ", "Give a date"),
        ("\x1b[31m", "Give a date"),
        ("1/2/3", "ambiguous"),
        ("03/04/05", "ambiguous"),
        ("1/2/26", "ambiguous"),
        ("soon", 'Cannot read "soon"'),
        ("blah", "Cannot read"),
        ("dec", "Cannot read"),
        ("3", "Cannot read"),
        ("friday the 13th", "Cannot read"),
        ("3 days ago please", "Cannot read"),
        ("on 3 days ago", "Cannot read"),
        ("in 3 parsecs", "Cannot read"),
        ("2 hours ago", "Cannot read"),
        ("12-1", "Cannot read"),
        ("2026-02-30", "not a day on the calendar"),
        ("2025-02-29", "not a day on the calendar"),
        ("Feb 30", "not a day on the calendar"),
        ("13/1", "month/day"),
        ("2026-13-01", "not a day on the calendar"),
        ("in 999999 years", "too far"),
        ("32일 후 아님", "Cannot read"),
    ],
)
def test_rejected_dates(text: str, says: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, today=TODAY)
    message = str(caught.value)
    assert says in message
    assert "\n" not in message and "\x1b" not in message


def test_unreadable_date_message_shows_accepted_forms() -> None:
    with pytest.raises(DateError, match="try today, tomorrow, in 3 days"):
        parse_date("someday", today=TODAY)


def test_default_today_is_the_local_date() -> None:
    assert parse_date("today") == date.today()


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", NOW),
        ("지금", NOW),
        ("today", NOW),
        ("yesterday", at(22, 12)),
        ("Dec 1", at(1, 12, month=12)),
        ("3 days ago", at(20, 12)),
        ("2 hours ago", NOW - timedelta(hours=2)),
        ("an hour ago", NOW - timedelta(hours=1)),
        ("30 minutes ago", NOW - timedelta(minutes=30)),
        ("in 2 hours", NOW + timedelta(hours=2)),
        ("2시간 전", NOW - timedelta(hours=2)),
        ("14:30", at(23, 14, 30)),
        ("yesterday 14:30", at(22, 14, 30)),
        ("yesterday at 2:30 pm", at(22, 14, 30)),
        ("14:30 yesterday", at(22, 14, 30)),
        ("2pm on friday", at(27, 14)),
        ("Dec 1 2pm", at(1, 14, month=12)),
        ("12/1 9:05", at(1, 9, 5, month=12)),
        ("12am", at(23, 0)),
        ("12 pm", at(23, 12)),
        ("yesterday noon", at(22, 12)),
        ("2026-11-20 14:30", at(20, 14, 30)),
        ("2026-11-20T14:30", at(20, 14, 30)),
        ("2026-11-20 9:30", at(20, 9, 30)),
        ("2026-11-20T05:30:00+00:00", at(20, 14, 30)),
        ("어제 오후 2시 30분", at(22, 14, 30)),
        ("오전 9시", at(23, 9)),
    ],
)
def test_accepted_moments(text: str, expected: datetime) -> None:
    result = parse_when(text, now=NOW)
    assert result == expected
    assert result.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Give a time"),
        ("soon", 'Cannot read "soon" as a time'),
        ("yesterday 25:00", "not a time of day"),
        ("14:60", "not a time of day"),
        ("13pm", "with am/pm"),
        ("0am", "with am/pm"),
        ("blah 14:30", "Cannot read"),
        ("2026-02-30 10:00", "not a real date and time"),
        ("1/2/3 10:00", "ambiguous"),
        ("3", "Cannot read"),
    ],
)
def test_rejected_moments(text: str, says: str) -> None:
    with pytest.raises(DateError, match=says):
        parse_when(text, now=NOW)


def test_moments_are_timezone_aware_by_default() -> None:
    before = datetime.now(UTC)
    result = parse_when("now")
    assert result.tzinfo is not None
    assert before <= result <= datetime.now(UTC)
    assert parse_when("yesterday 14:30").tzinfo is not None


def test_wall_clock_time_takes_the_offset_of_its_own_date() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    winter_now = datetime(2026, 11, 23, 9, 0, tzinfo=berlin)
    summer = parse_when("2026-07-01 14:30", now=winter_now)
    assert summer.utcoffset() == timedelta(hours=2)
    assert summer.hour == 14


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("다음 주 금요일", date(2026, 12, 4)),
        ("다음주 금요일", date(2026, 12, 4)),
        ("이번 주 금요일", date(2026, 11, 27)),
        ("이번주 월요일", TODAY),
        ("지난주 화요일", date(2026, 11, 17)),
        ("지난 주 일요일", date(2026, 11, 22)),
        ("금요일", date(2026, 11, 27)),
        ("월요일", TODAY),
        ("지난달", date(2026, 10, 23)),
        ("다음 달", date(2026, 12, 23)),
        ("지난주", date(2026, 11, 16)),
        ("2주 후", date(2026, 12, 7)),
        ("3일 전", date(2026, 11, 20)),
        ("이틀 후", date(2026, 11, 25)),
        ("일주일 뒤", date(2026, 11, 30)),
        ("한 달 전", date(2026, 10, 23)),
        ("12월 1일", date(2026, 12, 1)),
    ],
)
def test_korean_calendar_weeks_and_counted_words(text: str, expected: date) -> None:
    """Weeks are calendar weeks (Monday to Sunday): on Monday 23 Nov, 다음 주 금요일 is 4 Dec."""
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text", ["다음 금요일요일", "이번 주", "다다음 주 금요일", "금", "세 일 후", "지난주 13일"]
)
def test_korean_phrases_not_on_the_list_are_refused_not_guessed(text: str) -> None:
    with pytest.raises(DateError, match="Cannot read"):
        parse_date(text, today=TODAY)


def test_a_resolved_date_is_described_as_a_korean_calendar_names_it() -> None:
    assert describe(date(2026, 12, 4), TODAY) == "금 12월 4일"
    assert describe(date(2027, 1, 5), TODAY) == "2027년 화 1월 5일"
