"""The rules for filing a complaint and finding or creating its customer and fix: one place, on documents.

The app's complaint form (through :mod:`cxnotes.services.complaints`), the call screen and
``cxnotes customer`` (through :mod:`cxnotes.services.customers`) and ``cxnotes log`` all
come here, so a complaint, a customer's name or a fix's title is valid in one exactly when
it is valid in the others, and "Ann Lee" typed on the shell and "ann lee" typed in a call
are one customer. The rules work on stored documents (:mod:`cxnotes.domain.shapes`), not
the dataclasses, so ``cxnotes log`` applies them without importing those. No I/O: the
caller finds the existing record and writes the result.
"""

from __future__ import annotations

from cxnotes.domain import shapes
from cxnotes.domain.text import clean, one_line
from cxnotes.i18n import _

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs `cxnotes log` 3 ms to import: annotations only
    from collections.abc import Sequence
    from datetime import datetime

    from cxnotes.storage.documents import Doc

NAME_CELLS = 200
"""Longest name, plan or segment kept: a pasted paragraph is not a name."""

TITLE_MAX = 200
"""Longest fix title, in characters: a title is a name, not a report."""

FUTURE_SLACK_SECONDS = 60
"""How far ahead of the clock "when" may be, for a clock a little behind a colleague's."""


class ComplaintError(ValueError):
    """A complaint that cannot be recorded; ``str()`` is a one-line message for the user."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field
        """Which part is at fault ("text", "step", "when", ...), so a form can focus it."""


class CustomerError(ValueError):
    """A customer edit that cannot be made; ``str()`` is a one-line message for the user."""


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
    """Severity must be one of :data:`~cxnotes.domain.shapes.SEVERITIES`."""
    if severity not in shapes.SEVERITIES:
        raise ComplaintError(
            _("Severity must be a whole number from 1 to 5, not {severity}.").format(severity=severity),
            "severity",
        )
    return severity


def moment(text: str, now: datetime | None = None) -> datetime:
    """Read "when" with the shared parser; a complaint cannot be logged before it happened."""
    from datetime import datetime, timedelta  # only when a time is given, as dateutil below

    from cxnotes.domain.dates import DateError, parse_when

    now = now or datetime.now().astimezone()
    try:
        at = parse_when(text, now)
    except DateError as error:
        raise ComplaintError(str(error), "when") from None
    if at > now + timedelta(seconds=FUTURE_SLACK_SECONDS):
        raise ComplaintError(
            _("{moment} is in the future; a complaint is logged after it happens.").format(
                moment=f"{at:%Y-%m-%d %H:%M}"
            ),
            "when",
        )
    return at


def find_step(steps: Sequence[Doc], wanted: str) -> Doc:
    """The step whose slug or display name is ``wanted`` (any case).

    Args:
        steps: the steps one may choose, as stored, usually ``store.step_docs()`` (retired ones left out).
        wanted: what the user typed.

    Raises:
        ComplaintError: no such step; the message lists the valid slugs.
    """
    key = clean(wanted, multiline=False).strip().casefold()
    for step in steps:
        if key in (str(step.get("slug", "")).casefold(), str(step.get("name", "")).casefold()):
            return step
    raise ComplaintError(
        _('Unknown step "{step}"; use one of: {known}.').format(
            step=one_line(wanted, 30), known=", ".join(str(s.get("slug", "")) for s in steps)
        ),
        "step",
    )


def new_point(quote: str, step: Doc, severity: int, channel: str | None, at: datetime | None) -> Doc:
    """A new pain point's document, its fields checked; ``at`` None means now."""
    point = shapes.new_doc(
        shapes.PAIN_POINT,
        quote=quote_text(quote),
        step=step["slug"],
        severity=check_severity(severity),
        channel=channel,
    )
    if at is not None:
        point["created_at"] = at.isoformat()
    return point


def typed_name(text: str) -> str:
    """A name, plan or segment as typed: control characters gone, spaces collapsed, at most 200 characters."""
    return " ".join(clean(text, multiline=False).split())[:NAME_CELLS]


def customer_name(text: str) -> str:
    """The name to find or create a customer by.

    Raises:
        CustomerError: it is empty.
    """
    wanted = typed_name(text)
    if not wanted:
        raise CustomerError(_("The customer's name is empty; give a name or an id."))
    return wanted


def check_value(value: float) -> float:
    """A customer's value: a finite number, 0 or more."""
    if not 0 <= value < float("inf"):  # NaN compares false too; not math.isfinite: `cxnotes log` skips math
        raise CustomerError(
            _("A customer's value is a number of 0 or more, not {value}.").format(value=f"{value:g}")
        )
    return value


def customer_found(
    known: Doc | None, name: str, *, segment: str | None = None, value: float | None = None
) -> tuple[Doc, bool, bool]:
    """The one find-or-create rule for a customer, given the one the store has by that name (or None).

    Returns:
        The customer's document (``known`` with ``segment`` and ``value`` applied, or a
        new one), whether it is new, and whether it must be saved (new, or changed).

    Raises:
        CustomerError: the name is empty, or the value is not a number of 0 or more.
    """
    wanted = customer_name(name)
    segment = typed_name(segment) if segment is not None else None
    value = check_value(value) if value is not None else None
    if known is None:
        return shapes.new_doc(shapes.CUSTOMER, name=wanted, segment=segment or "", value=value), True, True
    doc, changed = dict(known), False
    if segment and segment != doc.get("segment"):
        doc["segment"], changed = segment, True
    if value is not None and value != doc.get("value"):
        doc["value"], changed = value, True
    return doc, False, changed


def fix_title(text: str) -> str:
    """A fix's title as typed, cleaned to one line: the one rule for every place that names a fix.

    Raises:
        ComplaintError: it is empty, or longer than :data:`TITLE_MAX`.
    """
    title = one_line_value(text)
    if not title:
        raise ComplaintError(_("A fix needs a title: say what to change."), "fix")
    if len(title) > TITLE_MAX:
        raise ComplaintError(
            _("That title is {length} characters; keep it under {most}.").format(
                length=len(title), most=TITLE_MAX
            ),
            "fix",
        )
    return title


def fix_found(known: Doc | None, title: str) -> tuple[Doc, bool]:
    """The one find-or-create rule for a fix, given the one the store has by that title (or None).

    Returns:
        ``known``, or a new open fix of that title; and whether it is new.

    Raises:
        ComplaintError: the title is empty or too long (see :func:`fix_title`).
    """
    title = fix_title(title)
    if known is not None:
        return known, False
    return shapes.new_doc(shapes.FIX, title=title), True
