"""The span of days an export covers, and the span before it that it is compared with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cxnotes.export.errors import ExportError
from cxnotes.i18n import _, ngettext

DEFAULT_DAYS = 30
"""Without ``--since``/``--until`` an export covers the last 30 days, today included."""


@dataclass(frozen=True)
class Period:
    """An inclusive range of calendar days.

    A record belongs to the day written in its own timestamp (a call started at 23:30
    in Seoul is a call of that Seoul day), so an export reads the same on any machine.
    """

    since: date
    """First day, included."""
    until: date
    """Last day, included."""

    def __post_init__(self) -> None:
        if self.until < self.since:
            raise ExportError(
                _("The end date {until} is before the start date {since}.").format(
                    until=self.until.isoformat(), since=self.since.isoformat()
                )
            )

    @classmethod
    def resolve(cls, since: date | None, until: date | None, today: date) -> Period:
        """Fill in what the user left out.

        No dates: the last :data:`DEFAULT_DAYS` days up to today. Only ``since``: up to
        today. Only ``until``: the :data:`DEFAULT_DAYS` days ending then.

        Raises:
            ExportError: ``until`` is before ``since``, or only ``since`` was given and it is
                after today.
        """
        if since and not until and since > today:
            raise ExportError(
                _("The start date {since} is after today ({today}).").format(
                    since=since.isoformat(), today=today.isoformat()
                )
            )
        end = until or today
        start = since or end - timedelta(days=DEFAULT_DAYS - 1)
        return cls(start, end)

    @property
    def days(self) -> int:
        """How many days the period spans."""
        return (self.until - self.since).days + 1

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        end = self.since - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    def contains(self, moment: datetime | date | None) -> bool:
        """Whether a timestamp (by its own calendar day) or a day falls in the period."""
        if moment is None:
            return False
        day = moment.date() if isinstance(moment, datetime) else moment
        return self.since <= day <= self.until

    def weeks(self) -> list[date]:
        """Mondays of the ISO weeks the period touches, oldest first."""
        monday = self.since - timedelta(days=self.since.weekday())
        mondays = []
        while monday <= self.until:
            mondays.append(monday)
            monday += timedelta(days=7)
        return mondays

    def label(self) -> str:
        """``2024-05-01 – 2024-05-30 (30 days)``."""
        days = ngettext("{n} day", "{n} days", self.days).format(n=self.days)
        return f"{self.since.isoformat()} – {self.until.isoformat()} ({days})"
