"""Filing a complaint in the store: the one batch write behind ``cxnotes log`` and the complaint form.

:func:`file_complaint` finds the step, finds or creates the customer and the fix by the rules of
:mod:`cxnotes.domain.filing`, and writes the pain point with them in one durable batch, on
stored documents. :func:`cxnotes.services.complaints.record` (the app's form) calls it and
turns what it wrote into the domain's dataclasses; ``cxnotes log`` prints the id and stops,
without importing them (see :mod:`cxnotes.domain.shapes` for why).
"""

from __future__ import annotations

from cxnotes.domain import filing, shapes
from cxnotes.domain.filing import ComplaintError, CustomerError
from cxnotes.i18n import _
from cxnotes.storage.errors import NameTaken

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs `cxnotes log` 3 ms to import: annotations only
    from datetime import datetime

    from cxnotes.storage.documents import Doc, Op
    from cxnotes.storage.store import Store


class Filed:
    """What :func:`file_complaint` wrote, as stored documents."""

    __slots__ = ("point", "step", "customer", "fix", "new_customer", "new_fix")

    def __init__(
        self, point: Doc, step: Doc, customer: Doc | None, fix: Doc | None, new_customer: bool, new_fix: bool
    ) -> None:
        self.point = point
        self.step = step
        self.customer = customer
        self.fix = fix
        self.new_customer = new_customer
        self.new_fix = new_fix


def file_complaint(
    store: Store,
    quote: str,
    step: str,
    severity: int = 3,
    customer: str | None = None,
    segment: str | None = None,
    channel: str | None = None,
    fix: str | None = None,
    at: datetime | None = None,
    value: float | None = None,
) -> Filed:
    """Store a complaint, with a new customer or fix if it names one, in one durable batch.

    ``step`` is a step's slug or name; ``customer`` a name or id and ``fix`` a title, each
    found or created; ``segment`` and ``value`` set on the customer; ``at`` None means now.
    Runs wherever the caller likes (the app calls it from a worker thread).

    Raises:
        ComplaintError: the text is empty, the step is unknown or retired, a severity is out
            of range, a segment or value names nobody, or a name is empty.
        StoreWriteError: nothing was written; the caller still holds the complaint.
    """
    if segment is not None and customer is None:
        raise ComplaintError(_("A segment needs a customer: say whose segment it is."), "segment")
    if value is not None and customer is None:
        raise ComplaintError(_("A value needs a customer: say whose value it is."), "value")
    found = filing.find_step(store.step_docs(), step)
    point = filing.new_point(quote, found, severity, channel, at)
    try:
        return _file_once(store, point, found, customer, segment, value, fix)
    except NameTaken:  # another process made the same new customer or fix a moment ago: use theirs
        return _file_once(store, point, found, customer, segment, value, fix)


def _file_once(
    store: Store,
    point: Doc,
    step: Doc,
    customer: str | None,
    segment: str | None,
    value: float | None,
    fix: str | None,
) -> Filed:
    """Find or make the customer and fix, and write them with the point; NameTaken if raced."""
    ops: list[Op] = []
    made: list[tuple[str, str]] = []
    who = what = None
    new_customer = new_fix = False
    if customer is not None:
        try:
            known = store.named(shapes.CUSTOMERS, filing.customer_name(customer))
            who, new_customer, changed = filing.customer_found(known, customer, segment=segment, value=value)
        except CustomerError as error:
            raise ComplaintError(str(error), "customer") from None
        if changed:
            ops.append((shapes.CUSTOMERS, who["id"], who))
        if new_customer:
            made.append((shapes.CUSTOMERS, who["id"]))
        point = {**point, "customer_id": who["id"]}
    if fix is not None:
        what, new_fix = filing.fix_found(store.named(shapes.FIXES, filing.fix_title(fix)), fix)
        if new_fix:
            ops.append((shapes.FIXES, what["id"], what))
            made.append((shapes.FIXES, what["id"]))
        point = {**point, "fix_id": what["id"]}
    store.apply([(shapes.PAIN_POINTS, point["id"], point), *ops], new_names=made)
    return Filed(point, step, who, what, new_customer, new_fix)
