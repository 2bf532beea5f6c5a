"""Recording a complaint that did not come from a call: one rule for the shell and the app.

``cxnotes log`` and the complaint form both file a pain point with an optional
customer and fix, found by name or created. Keeping the checks and the single
batch write here means the two cannot drift apart: a complaint is valid in the
form exactly when it is valid on the shell, and it is stored the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from cxnotes.domain.models import SEVERITIES, Customer, Fix, PainPoint, Record, Step
from cxnotes.domain.text import clean, one_line
from cxnotes.i18n import _
from cxnotes.services import customers
from cxnotes.storage.errors import NameTaken
from cxnotes.storage.store import Store

FUTURE_SLACK = timedelta(minutes=1)
"""How far ahead of the clock "when" may be, for a clock a little behind a colleague's."""


class ComplaintError(ValueError):
    """A complaint that cannot be recorded; ``str()`` is a one-line message for the user."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field
        """Which part is at fault ("text", "step", "when", ...), so a form can focus it."""


@dataclass
class Complaint:
    """A complaint as typed, checked and cleaned; :func:`record` stores it."""

    quote: str
    """The customer's words or a short description; never empty."""
    step: str
    """Slug or display name of an active value-chain step."""
    severity: int = 3
    customer: str | None = None
    """Customer name or id; created if new."""
    segment: str | None = None
    """Segment for the customer (a new one, or a known one that moved)."""
    channel: str | None = None
    fix: str | None = None
    """Title of the fix to group it under; created if new."""
    at: datetime | None = None
    """When it happened; None means now."""
    value: float | None = None
    """The customer's value (revenue or plan price), to set on them; None leaves it as it is."""


@dataclass
class Logged:
    """What :func:`record` wrote."""

    point: PainPoint
    step: Step
    customer: Customer | None
    fix: Fix | None
    new_customer: bool
    new_fix: bool


def quote_text(text: str) -> str:
    """The complaint text, cleaned; it may span lines but must say something."""
    quote = clean(text).strip()
    if not quote:
        raise ComplaintError(_("The complaint text is empty; give the customer's words."), "text")
    return quote


def one_line_value(text: str) -> str:
    """A name or title typed by a user: control characters gone, spaces collapsed."""
    return " ".join(clean(text, multiline=False).split())


def check_severity(severity: int) -> int:
    """Severity must be one of :data:`SEVERITIES`."""
    if severity not in SEVERITIES:
        raise ComplaintError(
            _("Severity must be a whole number from 1 to 5, not {severity}.").format(severity=severity),
            "severity",
        )
    return severity


def moment(text: str, now: datetime | None = None) -> datetime:
    """Read "when" with the shared parser; a complaint cannot be logged before it happened."""
    from cxnotes.domain.dates import DateError, parse_when  # dateutil: only when a time is given

    now = now or datetime.now().astimezone()
    try:
        at = parse_when(text, now)
    except DateError as error:
        raise ComplaintError(str(error), "when") from None
    if at > now + FUTURE_SLACK:
        raise ComplaintError(
            _("{moment} is in the future; a complaint is logged after it happens.").format(
                moment=f"{at:%Y-%m-%d %H:%M}"
            ),
            "when",
        )
    return at


def find_step(steps: Sequence[Step], wanted: str) -> Step:
    """The step whose slug or display name is ``wanted`` (any case).

    Args:
        steps: the steps one may choose, usually ``store.steps()`` (retired ones left out).
        wanted: what the user typed.

    Raises:
        ComplaintError: no such step; the message lists the valid slugs.
    """
    key = clean(wanted, multiline=False).strip().casefold()
    for step in steps:
        if key in (step.slug.casefold(), step.name.casefold()):
            return step
    raise ComplaintError(
        _('Unknown step "{step}"; use one of: {known}.').format(
            step=one_line(wanted, 30), known=", ".join(s.slug for s in steps)
        ),
        "step",
    )


def match_step(steps: Sequence[Step], typed: str) -> Step | None:
    """A form's looser reading: the step's number (1 is the first), slug, name, or a unique prefix."""
    key = clean(typed, multiline=False).strip().casefold()
    if not key:
        return None
    if key.isdecimal():
        number = int(key)
        return steps[number - 1] if 1 <= number <= len(steps) else None
    exact = [s for s in steps if key in (s.slug.casefold(), s.name.casefold())]
    if exact:
        return exact[0]
    starts = [s for s in steps if s.slug.casefold().startswith(key) or s.name.casefold().startswith(key)]
    return starts[0] if len(starts) == 1 else None


def match_choice(options: Sequence[str], typed: str) -> str | None:
    """The option equal to ``typed`` (any case), or the only one it begins."""
    key = clean(typed, multiline=False).strip().casefold()
    if not key:
        return None
    for option in options:
        if option.casefold() == key:
            return option
    starts = [option for option in options if option.casefold().startswith(key)]
    return starts[0] if len(starts) == 1 else None


def record(store: Store, complaint: Complaint) -> Logged:
    """Store the complaint, with a new customer or fix if it names one, in one durable batch.

    Runs wherever the caller likes (the app calls it from a worker thread).

    Raises:
        ComplaintError: the step is unknown or retired, or a segment names nobody.
        StoreWriteError: nothing was written; the caller still holds the complaint.
    """
    if complaint.segment is not None and complaint.customer is None:
        raise ComplaintError(_("A segment needs a customer: say whose segment it is."), "segment")
    if complaint.value is not None and complaint.customer is None:
        raise ComplaintError(_("A value needs a customer: say whose value it is."), "value")
    step = find_step(store.steps(), complaint.step)
    point = PainPoint(
        quote=complaint.quote,
        step=step.slug,
        severity=check_severity(complaint.severity),
        channel=complaint.channel,
    )
    if complaint.at is not None:
        point.created_at = complaint.at
    try:
        return _record_once(store, complaint, step, point)
    except NameTaken:  # another process made the same new customer or fix a moment ago: use theirs
        return _record_once(store, complaint, step, point)


def _record_once(store: Store, complaint: Complaint, step: Step, point: PainPoint) -> Logged:
    """Find or make the customer and fix, and write them with the point; NameTaken if raced."""
    records: list[Record] = [point]
    customer = fix = None
    new_customer = new_fix = False
    if complaint.customer is not None:
        try:
            found = customers.find_or_new(
                store, complaint.customer, segment=complaint.segment, value=complaint.value
            )
        except customers.CustomerError as error:
            raise ComplaintError(str(error), "customer") from None
        customer, new_customer = found.customer, found.new
        if found.changed:
            records.append(customer)
        point.customer_id = customer.id
    if complaint.fix is not None:
        fix = store.fix_titled(complaint.fix)
        new_fix = fix is None
        if fix is None:
            fix = Fix(title=complaint.fix)
            records.append(fix)
        point.fix_id = fix.id
    made = [
        record for record, new in ((customer, new_customer), (fix, new_fix)) if new and record is not None
    ]
    store.write(put=records, new_names=made)
    return Logged(point, step, customer, fix, new_customer, new_fix)
