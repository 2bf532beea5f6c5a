"""Days, times and money as the interface's language writes them: the one place that formats them.

English keeps cxnotes' own compact forms ("Fri Dec 4", "15:04", "2,000,000", "14.2M"), written
by hand, so English costs no import. Other languages go through Babel's CLDR data ("12월 4일 (금)",
"오후 3:04", "₩2,000,000", "₩1420만"), imported the first time one is shown: about 25 ms, paid by
the app in Korean, never by ``cxnotes log`` (which formats none of these).

ISO dates in tables and files ("2026-12-04") are not formatted here: they read the same in every
language and sort as text. Pure functions; no Textual, no I/O.
"""

from __future__ import annotations

from datetime import date, datetime, time

from cxnotes.i18n import language

CURRENCIES = {"ko": "KRW"}
"""The currency a language's money is shown in. Values are stored as plain numbers (the team's
currency, see :mod:`cxnotes.domain.money`); English shows them without a symbol, as before."""


def day(when: date) -> str:
    """A day with its weekday, without the year: "Fri Dec 4", "12월 4일 (금)"."""
    if language() == "en":
        return f"{when:%a %b} {when.day}"
    from babel.dates import format_skeleton

    return format_skeleton("MMMEd", when, locale=language())


def day_and_year(when: date) -> str:
    """A day with its weekday and year: "Fri Dec 4 2027", "2027년 12월 4일 (금)"."""
    if language() == "en":
        return f"{day(when)} {when.year}"
    from babel.dates import format_skeleton

    return format_skeleton("yMMMEd", when, locale=language())


def day_near(when: date, today: date) -> str:
    """:func:`day`, with the year only when it is not ``today``'s (a due date checked at a glance)."""
    return day(when) if when.year == today.year else day_and_year(when)


def clock(when: time | datetime) -> str:
    """A time of day: "15:04", "오후 3:04"."""
    if language() == "en":
        return f"{when:%H:%M}"
    from babel.dates import format_time

    return format_time(when, "short", locale=language())


def moment(when: datetime, *, weekday: bool = False) -> str:
    """A day and time: "2026-12-04 15:04" ("Fri 2026-12-04 15:04" with ``weekday``), in Korean
    "2026년 12월 4일 (금) 오후 3:04" (the weekday always: a Korean date names it)."""
    if language() == "en":
        return f"{when:%a %Y-%m-%d %H:%M}" if weekday else f"{when:%Y-%m-%d %H:%M}"
    return f"{day_and_year(when)} {clock(when)}"


def money(value: float) -> str:
    """An amount in full: "2,000,000" (English: no currency assumed), "₩2,000,000"."""
    currency = CURRENCIES.get(language())
    if currency is None:
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    from babel.numbers import format_currency

    return format_currency(value, currency, locale=language())


def short_money(value: float | None) -> str:
    """An amount as a CEO reads it: "14.2M", "350K", "980" or "₩1420만", "₩3.5억"; "—" when unknown."""
    if value is None:
        return "—"
    currency = CURRENCIES.get(language())
    if currency is None:
        for size, unit in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
            if abs(value) >= size:
                return f"{value / size:.1f}".removesuffix(".0") + unit
        return f"{value:,.0f}"
    from babel.numbers import format_compact_currency, format_currency

    if abs(value) < 10_000:  # "₩1.2천" is not how an amount is said; whole below 만
        return format_currency(value, currency, locale=language(), format="¤#,##0", currency_digits=False)
    return format_compact_currency(value, currency, locale=language(), fraction_digits=1)
