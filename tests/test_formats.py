"""Days, times and money follow the interface's language (cxnotes.domain.formats), English as before."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from cxnotes import language
from cxnotes.domain import formats
from cxnotes.domain.dates import describe
from cxnotes.services.customers import short_value

FRIDAY = datetime(2026, 12, 4, 15, 4)
TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            ["Fri Dec 4", "Tue Jan 5 2027", "15:04", "Fri 2026-12-04 15:04", "2,000,000", "14.2M"]
            + ["금 12월 4일"],  # the preview of a typed date: a Korean calendar's words in English too
        ),
        (
            "ko",
            [
                "12월 4일 (금)",
                "2027년 1월 5일 (화)",
                "오후 3:04",
                "2026년 12월 4일 (금) 오후 3:04",
                "₩2,000,000",
                "₩1420만",
                "12월 4일 (금)",
            ],
        ),
    ],
)
def test_days_times_and_money_in_each_language(lang: str, expected: list[str]) -> None:
    language.start(lang)
    assert [
        formats.day(FRIDAY),
        formats.day_near(date(2027, 1, 5), TODAY),
        formats.clock(FRIDAY),
        formats.moment(FRIDAY, weekday=True),
        formats.money(2_000_000),
        short_value(14_200_000),
        describe(FRIDAY.date(), TODAY),
    ] == expected


def test_small_and_unknown_amounts_in_korean() -> None:
    language.start("ko")
    assert [short_value(980), short_value(350_000_000), short_value(None)] == ["₩980", "₩3.5억", "—"]
