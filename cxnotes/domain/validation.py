"""What a record may hold: one set of rules for every way data gets in. No Textual, no I/O.

Why: a value that passes one door and breaks everything behind it is as bad as a lost
note. A customer value of ``Infinity`` imported from a file made every ranking, the
fix list and the summaries raise ``OverflowError``; a date in year 1 made the summaries
raise while working out the previous period. So the importer checks every field of
every record here before anything is written, the date parser refuses days outside
:data:`MIN_DAY`..:data:`MAX_DAY`, and the app's and the shell's number fields use
:func:`check_amount`. A refusal is one line that names the record and the field.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from cxnotes.domain import models
from cxnotes.domain.models import CHANNELS, FIX_STATUSES, OUTCOMES, SEVERITIES, SPEAKERS, Record
from cxnotes.i18n import N_, _

MIN_DAY = date(1900, 1, 1)
"""Earliest day a record may carry; summaries look back one period before it."""
MAX_DAY = date(2999, 12, 31)
"""Latest day a record may carry; summaries look ahead from it without leaving the calendar."""
VALUES = (0.0, 1e12)
"""Range of a customer's value: beyond any real account, far below float overflow."""
EFFORTS = (0.01, 1e6)
"""Range of a fix's effort (e.g. person-days); the ranking divides by it, so not near 0."""
OFFSETS = (0.0, 1e9)
"""Range of a transcript line's offset from its call's start, in seconds (about 31 years)."""
MAX_COUNT = 10**9
"""Largest position of a step or a transcript line."""
MAX_ID = 100
"""Longest id, in characters (ours are 32)."""

CHOICES: dict[str, tuple[object, ...]] = {
    "channel": (*CHANNELS, None),
    "outcome": (*OUTCOMES, None),
    "speaker": SPEAKERS,
    "status": FIX_STATUSES,
    "severity": SEVERITIES,
}
"""Fields that hold one of a closed list of values, by field name (the same in every model)."""


AMOUNTS = {"value": VALUES, "effort": EFFORTS, "offset": OFFSETS}
"""Number fields and their ranges, by field name."""


class InvalidRecord(ValueError):
    """A value a record may not hold; ``str()`` is a one-line message naming the record and field."""


def check_day(day: date, what: str) -> date:
    """``day`` if it is within :data:`MIN_DAY`..:data:`MAX_DAY`, else :class:`InvalidRecord`."""
    if not MIN_DAY <= day <= MAX_DAY:
        raise InvalidRecord(
            _("{what} {day} is outside the years {first} to {last}.").format(
                what=what, day=day.isoformat(), first=MIN_DAY.year, last=MAX_DAY.year
            )
        )
    return day


def check_moment(moment: datetime, what: str) -> datetime:
    """``moment`` if it has a time zone and its day is within range, else :class:`InvalidRecord`.

    A moment without a zone cannot be compared with the others (``TypeError`` in every sort).
    """
    if moment.utcoffset() is None:
        raise InvalidRecord(
            _("{what} {moment} has no time zone (write e.g. +09:00 after it).").format(
                what=what, moment=moment.isoformat()
            )
        )
    check_day(moment.date(), what)
    return moment


def check_amount(value: float, what: str, bounds: tuple[float, float]) -> float:
    """``value`` if it is a finite number within ``bounds`` (inclusive), else :class:`InvalidRecord`."""
    if not math.isfinite(value):
        raise InvalidRecord(_("{what} is {value}; give a finite number.").format(what=what, value=value))
    low, high = bounds
    if not low <= value <= high:
        raise InvalidRecord(
            _("{what} is {value}; it must be from {low} to {high}.").format(
                what=what, value=f"{value:g}", low=_number(low), high=_number(high)
            )
        )
    return value


def check_effort(effort: float) -> float:
    """A fix's effort as typed in the app or the shell (see :data:`EFFORTS`), else :class:`InvalidRecord`."""
    low, high = EFFORTS
    if not (math.isfinite(effort) and low <= effort <= high):
        raise InvalidRecord(
            _("Effort must be from {low} to {high} (e.g. person-days), or empty for unknown.").format(
                low=_number(low), high=_number(high)
            )
        )
    return effort


def check_record(record: Record, name: str = "") -> Record:
    """Every field of ``record`` within its rules; returns it.

    Args:
        record: a record built in code or read from a file.
        name: how a message names the record, e.g. ``customers[3] (id 9f2c…)``; its kind if empty.

    Raises:
        InvalidRecord: the first field that breaks a rule, named with the record.
    """
    name = name or type(record).__name__.lower()
    for field, _kinds, _item in _fields(type(record)):
        value = getattr(record, field)
        what = f"{name}: {field}"
        if field in CHOICES and value not in CHOICES[field]:
            allowed = ", ".join(str(choice) for choice in CHOICES[field] if choice is not None)
            raise InvalidRecord(
                _("{what} is {value}; use one of: {allowed}.").format(
                    what=what, value=_show(value), allowed=allowed
                )
            )
        if isinstance(value, datetime):
            check_moment(value, what)
        elif isinstance(value, date):
            check_day(value, what)
        elif field in AMOUNTS and value is not None:
            check_amount(value, what, AMOUNTS[field])
        elif field in ("order", "index") and not -MAX_COUNT <= value <= MAX_COUNT:
            raise InvalidRecord(
                _("{what} is {value}; it must be within ±{most}.").format(
                    what=what, value=value, most=f"{MAX_COUNT:,}"
                )
            )
        elif field.endswith("id") and isinstance(value, str) and len(value) > MAX_ID:
            raise InvalidRecord(
                _("{what} is {n} characters long; an id has at most {most}.").format(
                    what=what, n=len(value), most=MAX_ID
                )
            )
    return record


def record_from_doc(
    cls: type[Record], doc: object, name: str, text: Callable[[str, str], str] | None = None
) -> Record:
    """Build a record of ``cls`` from a JSON document, checking every field's type and value.

    Args:
        cls: the kind of record.
        doc: the parsed JSON value that should be its document.
        name: how a message names it, e.g. ``customers[3]``; its id is added when it has one.
        text: called as ``text(field, value)`` on each string field (to clean it) before checks.

    Raises:
        InvalidRecord: the document is not an object, lacks its id or slug, or a field has
            the wrong type or breaks a rule of :func:`check_record`.
    """
    if not isinstance(doc, dict):
        raise InvalidRecord(_("{name} is {value}, not a record.").format(name=name, value=_show(doc)))
    key = "slug" if cls.TABLE == "steps" else "id"
    ident = doc.get(key)
    if not (isinstance(ident, str) and ident.strip()):
        raise InvalidRecord(_("{name} has no {key}.").format(name=name, key=key))
    name = f'{name} ({key} "{ident[:40]}")'
    fields: dict[str, Any] = {}
    for field, kinds, item in _fields(cls):
        if field not in doc or (key == "slug" and field == "id"):
            continue
        value = doc[field]
        if type(value) is list and list in kinds:
            strays = [element for element in value if type(element) is not item]
            if strays:
                items = _kind_name(frozenset({item})) if item else _("values")
                raise InvalidRecord(
                    _("{name}: {field} holds {value}; it is a list of {items}.").format(
                        name=name, field=field, value=_show(strays[0]), items=items
                    )
                )
        elif type(value) not in kinds:
            raise InvalidRecord(
                _("{name}: {field} is {value}, which is not {kinds}.").format(
                    name=name, field=field, value=_show(value), kinds=_kind_name(kinds)
                )
            )
        if isinstance(value, str) and text is not None:
            value = text(field, value)
        fields[field] = value
    try:
        record = models.from_doc(cls, fields)
    except ValueError as error:
        raise InvalidRecord(
            _("{name}: a date or time cannot be read ({error}).").format(name=name, error=error)
        ) from None
    return check_record(record, name)


def _number(value: float) -> str:
    """A bound as people write it: ``1,000,000`` rather than ``1e+06``."""
    return f"{value:,.0f}" if value >= 1000 else f"{value:g}"


def _show(value: object) -> str:
    """A short, one-line, never-recursive picture of a JSON value for a message."""
    if isinstance(value, (dict, list)):
        return _("an object") if isinstance(value, dict) else _("a list")
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


FieldCheck = tuple[str, frozenset[type], type | None]

_FIELDS: dict[type[Record], tuple[FieldCheck, ...]] = {}


def _fields(cls: type[Record]) -> tuple[FieldCheck, ...]:
    """(name, JSON types it accepts, type of list items) of each field of a model.

    Resolved once per model and kept: resolving annotations costs more than checking a
    record, and an import checks hundreds of thousands.
    """
    if cls not in _FIELDS:
        hints = typing.get_type_hints(cls)
        _FIELDS[cls] = tuple((f.name, *_accepted(hints[f.name])) for f in dataclasses.fields(cls))
    return _FIELDS[cls]


def _accepted(hint: Any) -> tuple[frozenset[type], type | None]:
    """The exact JSON value types that can stand for an annotated type (dates are ISO strings).

    ``bool`` is not accepted for ``int`` (the check compares exact types); ``float`` takes ints.
    """
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        found = [_accepted(arg) for arg in typing.get_args(hint)]
        return frozenset().union(*(kinds for kinds, _item in found)), next(
            (i for _kinds, i in found if i), None
        )
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        # A list of records inside a record (a customer's status changes) holds JSON objects.
        return frozenset({list}), dict if dataclasses.is_dataclass(item) else item
    if hint in (datetime, date):
        return frozenset({str}), None
    if hint is float:
        return frozenset({int, float}), None
    return frozenset({hint}), None


_KIND_NAMES = {
    str: N_("text"),
    int: N_("a whole number"),
    float: N_("a number"),
    bool: N_("true or false"),
    list: N_("a list"),
}
"""What a JSON type is called in a message (through ``_()``)."""

_EMPTY = N_("empty (null)")
"""What :data:`_KIND_NAMES` calls ``None``."""


def _kind_name(kinds: frozenset[type]) -> str:
    """What a field takes, in words: "a number or empty (null)"."""
    shown = [kind for kind in kinds if kind is not int or float not in kinds]  # ints are numbers too
    return _(" or ").join(sorted(_(_KIND_NAMES.get(kind, _EMPTY)) for kind in shown))
