"""The one parser for every date and time a user types: due dates, filters, ``--at``.

Why not ``dateutil.parser.parse``: even without fuzzy mode it guesses. It reads "dec"
as the 23rd of December (today's day number), "3" as the 3rd of this month and
"1/2/3" as 2 January 2003, and it does not know "3 days ago" at all. A note filed
under a guessed date is as good as lost, so this module accepts a closed list of
forms, each matched whole by a regular expression, and rejects everything else with
a message naming the accepted forms. ``dateutil`` is used only for calendar
arithmetic (``relativedelta``: 31 January + 1 month is 28 February).

Readings chosen (all relative to ``today``; the week starts on Monday):

* "friday" / "this friday": the first Friday on or after today (today if it is Friday).
* "next friday": the first Friday strictly after today, as GNU ``date -d`` reads it.
  On Monday 2026-11-23 that is Friday 2026-11-27, not the Friday a week later.
* "last monday": the latest Monday strictly before today.
* "12/1": month/day, always in today's year, never moved to next year. Two numbers
  of a three-part date with a short year ("1/2/3", "03/04/05") are refused as
  ambiguous; "12/1/2026" (month/day/year) and "2026/12/1" are read.
* Korean: "오늘", "내일", "모레", "어제", "그제", "3일 후", "2주 전", "12월 1일",
  "2026년 12월 1일", "2026. 12. 1.", "하루 뒤", "이틀 후", "일주일 후", "한 달 전".
* Korean weeks are calendar weeks, Monday to Sunday, as a Korean calendar shows them:
  "이번 주 금요일" is the Friday of this week (passed already on a Saturday: a promise
  refuses it rather than moving it), "다음 주 금요일" the Friday of next week (on Monday
  2026-11-23, 2026-12-04), "지난주 화요일" the Tuesday of last week. "금요일" alone is
  the first Friday on or after today, as "friday" is. "지난주"/"다음 주" and
  "지난달"/"다음 달" alone are a week or a month from today, as "1주 전" and "1달 후" are.

:func:`parse_when` adds times of day. A date without a time means noon of that day,
so the moment lands mid-day whatever the time zone, except today, which means now.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from cxnotes.domain import formats
from cxnotes.domain.text import clean, one_line
from cxnotes.domain.validation import MAX_DAY, MIN_DAY, InvalidRecord, check_day
from cxnotes.i18n import N_, _, language

DATE_FORMS = N_(
    "today, tomorrow, in 3 days, 2 weeks ago, friday, next friday, Dec 1, 12/1, 2026-12-01, "
    "내일, 3일 후, 다음 주 금요일, 12월 1일"
)
"""Examples shown when a date cannot be read (through ``_()``)."""

WHEN_FORMS = N_("now, 2 hours ago, yesterday 14:30, Dec 1 2pm, 2026-11-20 14:30, or a date: {dates}")
"""Examples shown when a moment cannot be read (through :func:`when_forms`)."""


def when_forms() -> str:
    """:data:`WHEN_FORMS` in the current language, the date examples filled in."""
    return _(WHEN_FORMS).format(dates=_(DATE_FORMS))


class DateError(ValueError):
    """A date or time the user typed could not be read; ``str()`` is a one-line message."""


_WEEKDAYS = {
    **dict.fromkeys(("monday", "mon"), 0),
    **dict.fromkeys(("tuesday", "tue", "tues"), 1),
    **dict.fromkeys(("wednesday", "wed"), 2),
    **dict.fromkeys(("thursday", "thu", "thur", "thurs"), 3),
    **dict.fromkeys(("friday", "fri"), 4),
    **dict.fromkeys(("saturday", "sat"), 5),
    **dict.fromkeys(("sunday", "sun"), 6),
}
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")  # fmt: skip
_MONTHS = {name: i for i, name in enumerate(_MONTH_NAMES, 1)} | {
    name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)
}
_MONTHS["sept"] = 9
_DAY_WORDS = {
    "today": 0, "tomorrow": 1, "yesterday": -1,
    "오늘": 0, "내일": 1, "모레": 2, "어제": -1, "그제": -2, "그저께": -2,
}  # fmt: skip
_UNITS = {
    "day": "days", "week": "weeks", "month": "months", "year": "years",
    "일": "days", "주": "weeks", "주일": "weeks", "개월": "months", "달": "months", "년": "years",
}  # fmt: skip
_KO_WEEKDAYS = {name: n for n, name in enumerate("월화수목금토일")}
KO_WEEKDAY_NAMES = "월화수목금토일"
"""One-syllable Korean weekday names, Monday first, as a Korean calendar heads its columns."""
_KO_WEEK = re.compile(r"(?:(?P<which>이번|다음|지난|저번) ?주 ?)?(?P<day>[월화수목금토일])요일$")
_KO_WEEKS = {"이번": 0, "다음": 1, "지난": -1, "저번": -1}
_KO_ONE = {
    "지난주": ("weeks", -1), "저번주": ("weeks", -1), "다음주": ("weeks", 1),
    "지난달": ("months", -1), "저번달": ("months", -1), "다음달": ("months", 1),
    "작년": ("years", -1), "내년": ("years", 1),
}  # fmt: skip
_KO_COUNTS = {
    "하루": ("days", 1),
    "이틀": ("days", 2),
    "사흘": ("days", 3),
    "나흘": ("days", 4),
    "일주일": ("weeks", 1),
}
_KO_NATIVE = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6}
_KO_COUNTED = re.compile(
    r"(?:(?P<word>하루|이틀|사흘|나흘|일주일)|(?P<n>한|두|세|네|다섯|여섯) ?(?P<unit>달|주))"
    r" ?(?:(?P<sign>전)|후|뒤)$"
)
_Day = TypeVar("_Day", date, datetime)

_CLOCK_UNITS = {
    "minute": "minutes", "min": "minutes", "hour": "hours", "hr": "hours", "분": "minutes", "시간": "hours",
}  # fmt: skip

_N = r"(?P<n>\d{1,6}|an?)"
_RELATIVE = [
    re.compile(rf"in {_N} (?P<unit>[a-z]+?)s?(?P<sign>)$"),
    re.compile(rf"{_N} (?P<unit>[a-z]+?)s? (?:(?P<sign>ago)|from now)$"),
    re.compile(r"(?P<n>\d{1,6}) ?(?P<unit>[가-힣]+) ?(?:(?P<sign>전)|후|뒤)$"),
]
_WEEKDAY = re.compile(r"(?:(?P<which>this|next|last) )?(?P<day>[a-z]+)$")
_YMD = re.compile(r"(?P<y>\d{4}) ?(?P<sep>[-/.]) ?(?P<m>\d{1,2}) ?(?P=sep) ?(?P<d>\d{1,2})$")
_MDY = re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})(?:/(?P<y>\d{4}))?$")
_AMBIGUOUS = re.compile(r"\d{1,2} ?[-/.] ?\d{1,2} ?[-/.] ?\d{1,2}$")
_MONTH_DAY = re.compile(r"(?P<mon>[a-z]+)\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?(?: (?P<y>\d{4}))?$")
_DAY_MONTH = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?P<mon>[a-z]+)\.?(?: (?P<y>\d{4}))?$")
_KOREAN = re.compile(r"(?:(?P<y>\d{4}) ?년 ?)?(?P<m>\d{1,2}) ?월 ?(?P<d>\d{1,2}) ?일$")

_CLOCK = (
    r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))? ?(?P<ap>[ap]\.?m\.?)?"
    r"|(?P<h2>\d{1,2}) ?(?P<ap2>[ap]\.?m\.?)"
    r"|(?P<noon>noon|midnight)"
    r"|(?:(?P<ko_ap>오전|오후) ?)?(?P<h3>\d{1,2}) ?시(?: ?(?P<mi3>\d{1,2}) ?분)?"
)
_TIME_LAST = re.compile(rf"(?P<day>.*?) ?(?:\bat )?(?:{_CLOCK})$")
_TIME_FIRST = re.compile(rf"(?:{_CLOCK}) (?:on )?(?P<day>.+)$")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}")


def parse_date(text: str, today: date | None = None) -> date:
    """Read a date typed by a user; see the module docstring for the accepted forms.

    Args:
        text: what the user typed, e.g. "tomorrow", "in 2 weeks", "Dec 1", "2026-12-01".
        today: the day relative phrases count from; the local date now if None.

    Returns:
        The date meant.

    Raises:
        DateError: empty, ambiguous, impossible or unknown input; the message quotes it.
    """
    today = today or date.today()
    phrase = _normalise(text)
    if not phrase:
        raise DateError(_("Give a date, such as {examples}.").format(examples=_(DATE_FORMS)))
    found = _read_date(text, phrase, today)
    if found is None:
        raise DateError(
            _("Cannot read {text} as a date; try {examples}.").format(
                text=_quote(text), examples=_(DATE_FORMS)
            )
        )
    return _kept(text, found)


def parse_when(text: str, now: datetime | None = None) -> datetime:
    """Read a moment typed by a user, e.g. for ``--at``: any date, optionally with a time.

    Args:
        text: e.g. "now", "2 hours ago", "yesterday 14:30", "Dec 1 2pm", "2026-11-20 14:30".
        now: the moment relative phrases count from; the current time if None. A date
            without a time is noon of that day, except today, which is ``now`` itself.

    Returns:
        A timezone-aware datetime. Times of day are wall-clock times in ``now``'s zone
        if it is a :class:`~zoneinfo.ZoneInfo`, otherwise in the system's local zone
        (so a date across a daylight-saving change gets that date's offset).

    Raises:
        DateError: the text is not a moment this parser knows, or its day is outside the
            range cxnotes keeps; the message quotes it.
    """
    now = now or datetime.now().astimezone()
    if now.tzinfo is None:
        now = now.astimezone()
    try:
        moment = _moment(text, now)
    except DateError:
        raise
    except (OverflowError, ValueError):  # a zone offset carried a day of year 1 off the calendar
        raise DateError(
            _("{text} is outside the years {first} to {last} cxnotes keeps.").format(
                text=_quote(text), first=MIN_DAY.year, last=MAX_DAY.year
            )
        ) from None
    return _kept(text, moment)


def _moment(text: str, now: datetime) -> datetime:
    """:func:`parse_when` before its range check."""
    phrase = _normalise(text)
    if not phrase:
        raise DateError(_("Give a time, such as {examples}.").format(examples=when_forms()))
    if phrase in ("now", "right now", "지금"):
        return now
    delta = _relative(phrase, _CLOCK_UNITS)
    if delta is not None:
        return _shift(text, now.astimezone(UTC), delta).astimezone(now.tzinfo)
    if _ISO_MOMENT.match(phrase):
        return _iso_moment(text, now)
    match = _TIME_LAST.match(phrase) or _TIME_FIRST.match(phrase)
    if match:
        clock = _clock(text, match)
        day = _read_date(text, match["day"], now.date()) if match["day"] else now.date()
        if day is not None:
            return _wall(datetime.combine(day, clock), now)
    elif (day := _read_date(text, phrase, now.date())) is not None:
        return now if day == now.date() else _wall(datetime.combine(day, time(12)), now)
    raise DateError(
        _("Cannot read {text} as a time; try {examples}.").format(text=_quote(text), examples=when_forms())
    )


def _kept(text: str, day: _Day) -> _Day:
    """``day`` if cxnotes can keep it (:func:`~cxnotes.domain.validation.check_day`), else a DateError.

    Why here: every date a user types passes through this module, so a year-1 day never
    reaches a record or a summary period (whose previous period would leave the calendar).
    """
    plain = day.date() if isinstance(day, datetime) else day
    try:
        check_day(plain, "")
    except InvalidRecord:
        raise DateError(
            _("{text} is {day}, outside the years {first} to {last} cxnotes keeps.").format(
                text=_quote(text), day=plain.isoformat(), first=MIN_DAY.year, last=MAX_DAY.year
            )
        ) from None
    return day


def _read_date(text: str, phrase: str, today: date) -> date | None:
    if phrase in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[phrase])
    delta = _relative(phrase, _UNITS)
    if delta is not None:
        return _shift(text, today, delta)
    korean = _read_korean_week(phrase, today)
    if korean is not None:
        return _shift(text, today, korean) if isinstance(korean, relativedelta) else korean
    match = _WEEKDAY.match(phrase)
    if match and match["day"] in _WEEKDAYS:
        ahead = (_WEEKDAYS[match["day"]] - today.weekday()) % 7
        if match["which"] == "next":
            return today + timedelta(days=ahead or 7)
        if match["which"] == "last":
            return today - timedelta(days=(7 - ahead) % 7 or 7)
        return today + timedelta(days=ahead)
    if match := _YMD.match(phrase) or _KOREAN.match(phrase):
        return _make(text, match["y"] or today.year, match["m"], match["d"])
    if match := _MDY.match(phrase):
        year = match["y"] or today.year
        return _make(text, year, match["m"], match["d"], month_first=True)
    if _AMBIGUOUS.match(phrase):
        raise DateError(
            _("{text} is ambiguous; write the full year, as in 2026-12-01 or Dec 1 2026.").format(
                text=_quote(text)
            )
        )
    match = _MONTH_DAY.match(phrase) or _DAY_MONTH.match(phrase)
    if match and match["mon"] in _MONTHS:
        return _make(text, match["y"] or today.year, _MONTHS[match["mon"]], match["d"])
    return None


def _read_korean_week(phrase: str, today: date) -> date | relativedelta | None:
    """Korean weekdays in calendar weeks ("다음 주 금요일"), and counted words ("이틀 후", "지난달")."""
    if match := _KO_WEEK.match(phrase):
        day = _KO_WEEKDAYS[match["day"]]
        if match["which"] is None:
            return today + timedelta(days=(day - today.weekday()) % 7)
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(weeks=_KO_WEEKS[match["which"]], days=day)
    if (one := _KO_ONE.get(phrase.replace(" ", ""))) is not None:
        unit, count = one
        return relativedelta(**{unit: count})
    if match := _KO_COUNTED.match(phrase):
        unit, count = (
            _KO_COUNTS[match["word"]] if match["word"] else (_UNITS[match["unit"]], _KO_NATIVE[match["n"]])
        )
        return relativedelta(**{unit: -count if match["sign"] else count})
    return None


def describe(day: date, today: date) -> str:
    """A resolved date for a preview while typing: "금 12월 4일" in English, "12월 4일 (금)" in Korean.

    The year is added only when it is not this year, so "next friday" is checked at a glance.
    The English interface names it as a Korean calendar does too: its users type Korean dates.
    """
    if language() != "en":
        return formats.day_near(day, today)
    shown = f"{KO_WEEKDAY_NAMES[day.weekday()]} {day.month}월 {day.day}일"
    return shown if day.year == today.year else f"{day.year}년 {shown}"


def _relative(phrase: str, units: dict[str, str]) -> relativedelta | None:
    """Read "in 3 days", "2 weeks ago", "3 days from now", "3일 후", "2주 전" with these units."""
    for pattern in _RELATIVE:
        match = pattern.match(phrase)
        if match and match["unit"] in units:
            count = 1 if match["n"] in ("a", "an") else int(match["n"])
            return relativedelta(**{units[match["unit"]]: -count if match["sign"] else count})
    return None


def _shift(text: str, start: _Day, delta: relativedelta) -> _Day:
    try:
        return start + delta
    except (OverflowError, ValueError):
        raise DateError(_("{text} is too far from today.").format(text=_quote(text))) from None


def _make(text: str, year: int | str, month: int | str, day: int | str, month_first: bool = False) -> date:
    """The date, or a DateError; ``month_first`` adds how a numeric date is read (12/1 is December 1)."""
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        said = (
            _("{text} is not a day on the calendar (write month/day, as in 12/1).")
            if month_first
            else _("{text} is not a day on the calendar.")
        )
        raise DateError(said.format(text=_quote(text))) from None


def _clock(text: str, match: re.Match[str]) -> time:
    """The time of day in a match of ``_CLOCK``, checking its ranges."""
    if match["noon"]:
        return time(12) if match["noon"] == "noon" else time(0)
    hour = int(match["h"] or match["h2"] or match["h3"])
    minute = int(match["mi"] or match["mi3"] or 0)
    second = int(match["s"] or 0)
    suffix = (match["ap"] or match["ap2"] or "").replace(".", "")
    if match["ko_ap"]:
        suffix = "am" if match["ko_ap"] == "오전" else "pm"
    if suffix:
        if not 1 <= hour <= 12:
            raise DateError(
                _("{text} is not a time of day; with am/pm the hour is 1 to 12.").format(text=_quote(text))
            )
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateError(_("{text} is not a time of day; use 0:00 to 23:59.").format(text=_quote(text)))
    return time(hour, minute, second)


def _iso_moment(text: str, now: datetime) -> datetime:
    """Read ISO 8601 such as "2026-11-20 14:30" or "2026-11-20T14:30:00+09:00"."""
    try:
        moment = datetime.fromisoformat(clean(text, multiline=False).strip())
    except ValueError:
        raise DateError(
            _("{text} is not a real date and time; try 2026-11-20 14:30.").format(text=_quote(text))
        ) from None
    return moment.astimezone(now.tzinfo) if moment.tzinfo else _wall(moment, now)


def _wall(naive: datetime, now: datetime) -> datetime:
    """Attach the zone to a wall-clock time, with that date's daylight-saving offset."""
    if isinstance(now.tzinfo, ZoneInfo):
        return naive.replace(tzinfo=now.tzinfo)
    return naive.astimezone()


def _normalise(text: str) -> str:
    """Lower-case, single spaces, no commas or trailing full stop: "Dec 1, 2026." -> "dec 1 2026"."""
    phrase = clean(text, multiline=False).casefold().replace(",", " ")
    return " ".join(phrase.split()).rstrip(".").strip()


def _quote(text: str) -> str:
    """The user's input, safe and short enough to quote in a one-line message."""
    return f'"{one_line(text, 40)}"'
