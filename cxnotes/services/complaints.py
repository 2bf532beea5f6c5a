"""Recording a complaint that did not come from a call: the complaint form's side of one rule.

``cxnotes log`` and the complaint form both file a pain point with an optional
customer and fix, found by name or created. The checks live in
:mod:`cxnotes.domain.filing` and the single batch write in :mod:`cxnotes.services.filing`,
both on stored documents, so the two cannot drift apart: a complaint is valid in the
form exactly when it is valid on the shell, and it is stored the same way. Here are the
form's types (records, not documents) and its looser reading of what is typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from cxnotes.domain.filing import ComplaintError as ComplaintError  # the rules live there, on documents
from cxnotes.domain.filing import check_severity as check_severity
from cxnotes.domain.filing import moment as moment
from cxnotes.domain.filing import one_line_value as one_line_value
from cxnotes.domain.filing import quote_text as quote_text
from cxnotes.domain.models import Customer, Fix, PainPoint, Step, from_doc
from cxnotes.domain.text import clean
from cxnotes.services.filing import file_complaint
from cxnotes.storage.store import Store


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

    Runs wherever the caller likes (the app calls it from a worker thread); see
    :func:`cxnotes.services.filing.file_complaint`, which this is with records for documents.

    Raises:
        ComplaintError: the step is unknown or retired, or a segment names nobody.
        StoreWriteError: nothing was written; the caller still holds the complaint.
    """
    c = complaint
    filed = file_complaint(
        store, c.quote, c.step, c.severity, c.customer, c.segment, c.channel, c.fix, c.at, c.value
    )
    return Logged(
        from_doc(PainPoint, filed.point),
        from_doc(Step, filed.step),
        from_doc(Customer, filed.customer) if filed.customer is not None else None,
        from_doc(Fix, filed.fix) if filed.fix is not None else None,
        filed.new_customer,
        filed.new_fix,
    )
