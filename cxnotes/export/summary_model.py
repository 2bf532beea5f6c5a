"""What the CEO summary says, as plain data: the md and html renderers and summary-json lay it out.

Built by :mod:`cxnotes.export.summary`; text here is cleaned but not escaped (each renderer
escapes for its own format).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from cxnotes.export.period import Period
from cxnotes.export.why import Action, FixWhy, Reason
from cxnotes.i18n import _

WEEKLY_UP_TO = 371
"""Periods up to a year (53 weeks) are charted per week; longer ones per month, or a backup of
every record since 2019 would chart hundreds of weeks."""

PROMISES_SHOWN = 12
"""Open promises listed (most overdue first); the page states how many there are in all."""


@dataclass(frozen=True)
class Headline:
    """One headline number, this period against the one before."""

    label: str
    """English, the same in every language (summary-json's readers key on it): shown through ``_()``."""
    current: int
    previous: int
    up_is_bad: bool | None = True
    """More pain points or churns is bad news; None when neither direction is (calls, customers heard)."""

    @property
    def change(self) -> int:
        """Current minus previous."""
        return self.current - self.previous


@dataclass(frozen=True)
class Quote:
    """A customer's own words, attributed by segment (or name when asked)."""

    text: str
    who: str
    severity: int
    day: date


@dataclass
class TopFix:
    """A row of the top-fixes list."""

    rank: int
    title: str
    status: str
    score: float
    customers: int
    pain_points: int
    steps: list[str]
    """Step names, most frequent first."""
    new: bool
    """True if no pain point before the period asked for it."""
    quotes: list[Quote] = field(default_factory=list)
    why: FixWhy | None = None
    """The score in words, its terms and the agreed answer."""


@dataclass(frozen=True)
class OpenPromise:
    """A promise not yet kept."""

    text: str
    who: str
    due: date | None
    overdue: bool


@dataclass(frozen=True)
class Tally:
    """A label and how many times it came up."""

    label: str
    count: int


@dataclass(frozen=True)
class Bar:
    """Pain points of one week of the period, or of one month when the period is over a year long."""

    start: date
    """The Monday, or the first of the month."""
    count: int
    days: int
    """Days of it inside the period: fewer at the period's edges, so a low bar there is not
    mistaken for an improvement."""
    length: int = 7
    """Days in the whole week or month."""

    def label(self) -> str:
        """``2026-03-02`` or ``2026-03``; ``2026-03-30 (2 of 7 days)`` when the period covers part of it."""
        name = self.start.isoformat() if self.length == 7 else self.start.strftime("%Y-%m")
        if self.days == self.length:
            return name
        return _("{name} ({days} of {length} days)").format(name=name, days=self.days, length=self.length)


@dataclass
class Summary:
    """Everything the one-page summary shows."""

    period: Period
    generated: datetime
    include_names: bool
    headlines: list[Headline]
    top_fixes: list[TopFix]
    by_step: list[Tally]
    """Pain points per step, value-chain order; every active step, 0 included."""
    over_time: list[Bar]
    """Pain points per week, every week the period touches; per month past :data:`WEEKLY_UP_TO` days."""

    @property
    def unit(self) -> str:
        """What a bar of :attr:`over_time` counts: ``week`` or ``month``."""
        return "week" if self.period.days <= WEEKLY_UP_TO else "month"

    controllable: list[Reason]
    """Why customers churned or asked for a refund: causes we control, most customers first."""
    involuntary: list[Reason]
    """Causes outside our control."""
    promises: list[OpenPromise]
    """The open promises shown: up to :data:`PROMISES_SHOWN`, most overdue first."""
    open_promises: int
    """All promises not yet kept, made up to the period's end."""
    overdue_promises: int
    """Of those, the ones past their due date."""
    new_fixes: list[Tally]
    """Fixes first asked for in this period, with their pain points in it."""
    recurring_fixes: list[Tally]
    """Fixes asked for before too, with their pain points in this period."""
    action: Action = field(default_factory=Action)
    """What changed, who left unexplained, what shipped and what is at risk."""
    operator: str = ""
    """Only the calls and pain points this operator logged are counted and ranked ("": the whole team).
    Promises, departures and trends stay the team's."""

    def promise_note(self) -> str:
        """``3 promises are open, 1 of them overdue.``, and which ones are listed when not all are."""
        total, overdue = self.open_promises, self.overdue_promises
        if total == 1:
            text = _("1 promise is open, and it is overdue.") if overdue else _("1 promise is open.")
        else:
            text = _("{total} promises are open, {overdue} of them overdue.").format(
                total=f"{total:,}", overdue=f"{overdue:,}"
            )
        if total > len(self.promises):
            text += " " + _("The {n} due soonest (most overdue first):").format(n=len(self.promises))
        return text
