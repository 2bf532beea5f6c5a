"""Moments as exports write them: ISO 8601, Unix seconds or milliseconds, Korean Excel forms.

A closed list of forms, each matched whole, as in :mod:`cxnotes.domain.dates`: a complaint filed
under a guessed date is misfiled for good. Times without a zone are the importing
machine's local time (spreadsheets from Korean Excel carry no zone). A date without a
time is noon of that day, as everywhere else in cxnotes.

Accepted:

* ``2026-12-01T15:04:05Z``, ``2026-12-01T15:04:05+09:00``, ``2026-12-01 15:04``, ``2026-12-01``
* ``2026/12/01 15:04:05``, ``2026/12/01``
* ``2026. 12. 1. 오후 3:04`` (Korean Excel's default), ``2026. 12. 1. 15:04``, ``2026. 12. 1.``
* ``2026년 12월 1일``, ``2026년 12월 1일 오후 3시 4분``, ``2026년 12월 1일 15:04``
* Unix time in seconds (Zendesk, Intercom) or milliseconds (Channel Talk), as a number
* a ``datetime`` cell from a spreadsheet
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from typing import Any

from cxnotes.domain.text import one_line
from cxnotes.i18n import N_, _
from cxnotes.importers.base import ImportFormatError

FORMS = N_("2026-12-01 15:04, 2026. 12. 1. 오후 3:04, 2026년 12월 1일, or Unix time")
"""Examples named when a moment cannot be read (through ``_()``)."""

_CLOCK = (
    r"(?:\s+(?P<half>오전|오후|AM|PM|am|pm)?\s*(?P<h>\d{1,2})(?::|시\s*)"
    r"(?P<m>\d{1,2})?(?:분)?(?::(?P<s>\d{1,2})(?:초)?)?)?"
)
_FORMS = [
    re.compile(rf"(?P<y>\d{{4}})/(?P<mo>\d{{1,2}})/(?P<d>\d{{1,2}}){_CLOCK}$"),
    re.compile(rf"(?P<y>\d{{4}})\.\s*(?P<mo>\d{{1,2}})\.\s*(?P<d>\d{{1,2}})\.?{_CLOCK}$"),
    re.compile(rf"(?P<y>\d{{4}})년\s*(?P<mo>\d{{1,2}})월\s*(?P<d>\d{{1,2}})일{_CLOCK}$"),
]
_MS_FROM = 100_000_000_000
"""Numbers from here on are milliseconds: as seconds they would be after the year 5000."""


def parse_moment(value: Any, where: str) -> datetime:
    """The timezone-aware moment ``value`` stands for.

    Raises:
        ImportFormatError: naming ``where`` and the value, when it is none of the forms.
    """
    if type(value) is str:
        try:  # most exports write ISO 8601: read it before trying anything else
            moment = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return _aware(moment.replace(hour=12) if len(value) == len("2026-12-01") else moment)
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if abs(value) >= _MS_FROM else value
        try:
            return datetime.fromtimestamp(seconds, UTC).astimezone()
        except (OverflowError, OSError, ValueError):
            raise _error(value, where) from None
    if not isinstance(value, str) or not value.strip():
        raise _error(value, where)
    text = " ".join(value.split())
    if text.isdigit():
        return parse_moment(int(text), where)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        pass
    else:
        return _aware(moment.replace(hour=12) if len(text) == len("2026-12-01") else moment)
    for form in _FORMS:
        match = form.match(text)
        if match:
            return _aware(_from_match(match, value, where))
    raise _error(value, where)


def _from_match(match: re.Match[str], value: Any, where: str) -> datetime:
    parts = match.groupdict()
    hour = int(parts["h"]) if parts["h"] else None
    half = (parts["half"] or "").casefold()
    if hour is not None and half:
        if not 1 <= hour <= 12:
            raise _error(value, where)
        hour = hour % 12 + (12 if half in ("오후", "pm") else 0)
    try:
        clock = time(12) if hour is None else time(hour, int(parts["m"] or 0), int(parts["s"] or 0))
        return datetime(int(parts["y"]), int(parts["mo"]), int(parts["d"]), clock.hour, clock.minute,
                        clock.second)  # fmt: skip
    except ValueError:
        raise _error(value, where) from None


def _aware(moment: datetime) -> datetime:
    """Local time for a moment written without a zone."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def _error(value: Any, where: str) -> ImportFormatError:
    return ImportFormatError(
        _("{where}: cannot read the date {value}; use e.g. {examples}.").format(
            where=where, value=one_line(repr(value), 40), examples=_(FORMS)
        )
    )
