"""Customers as records: the one find-or-create rule, and the checked edit behind `customer set`.

The call screen, the complaint form (through :mod:`cxnotes.services.complaints`), ``cxnotes log``
and ``cxnotes customer set`` all name customers by what a user typed. They all come
here, so "Ann Lee" typed on the shell and "ann lee" typed in a call are one customer,
and a segment typed anywhere moves that customer the same way. No Textual, no disk
beyond the store's public API.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from cxnotes.domain import formats, shapes
from cxnotes.domain.filing import NAME_CELLS as NAME_CELLS  # the rules live there, on documents
from cxnotes.domain.filing import CustomerError as CustomerError
from cxnotes.domain.filing import check_value as check_value
from cxnotes.domain.filing import customer_found, customer_name
from cxnotes.domain.filing import typed_name as typed_name
from cxnotes.domain.models import (
    CUSTOMER_STATUSES,
    LOST_STATUSES,
    Call,
    Customer,
    PainPoint,
    Promise,
    R,
    StatusChange,
    from_doc,
)
from cxnotes.i18n import _
from cxnotes.storage.store import Store

QUEUED_STATUSES = LOST_STATUSES | {"at-risk"}
"""Statuses that put a customer on the exit-interview queue until we know why."""

FUTURE_SLACK = timedelta(minutes=1)
"""How far ahead of the clock a status change may be dated (a colleague's clock a little ahead)."""


@dataclass
class Found:
    """A customer found by name or made new, and whether it must be saved."""

    customer: Customer
    new: bool
    """Not in the store yet."""
    changed: bool
    """New, or a known customer whose fields the caller's words changed: save it."""


def find_or_new(store: Store, name: str, *, segment: str | None = None, value: float | None = None) -> Found:
    """The customer called ``name`` (any case), or a new unsaved one; ``segment`` and ``value`` update them.

    The one find-or-create rule (:func:`cxnotes.domain.filing.customer_found`), with a
    record: callers put :attr:`Found.customer` into their own batch when :attr:`Found.changed`.

    Raises:
        CustomerError: the name is empty, or the value is not a number of 0 or more.
    """
    known = store.named(shapes.CUSTOMERS, customer_name(name))
    doc, new, changed = customer_found(known, name, segment=segment, value=value)
    return Found(from_doc(Customer, doc), new=new, changed=changed)


def names(store: Store) -> dict[str, str]:
    """Every customer's name and segment, for completing a name as it is typed.

    Read from the stored dicts, not records: 25,000 customers in a few ms rather than
    60, so a dialog asking who is calling opens at once.
    """
    return {str(d.get("name", "")): str(d.get("segment") or "") for d in store.docs(Customer)}


@dataclass
class CustomerEdit:
    """What `cxnotes customer set` (or the customer screen) asks to change; None leaves a field."""

    name: str
    value: float | None = None
    plan: str | None = None
    segment: str | None = None
    status: str | None = None
    at: datetime | None = None
    """When the status changed; now if None."""


def read_status(text: str) -> str:
    """One of :data:`CUSTOMER_STATUSES`, from what was typed ("Churned", "refund requested" too)."""
    key = "-".join(typed_name(text).casefold().split())
    if key not in CUSTOMER_STATUSES:
        raise CustomerError(
            _("Unknown status {status!r}; use one of: {known}.").format(
                status=text, known=", ".join(CUSTOMER_STATUSES)
            )
        )
    return key


def read_moment(text: str, now: datetime) -> datetime:
    """When a status changed, read with the shared date parser; never in the future."""
    from cxnotes.domain.dates import (  # dateutil: `cxnotes log` finds customers without it
        DateError,
        parse_when,
    )

    try:
        at = parse_when(text, now)
    except DateError as error:
        raise CustomerError(str(error)) from None
    if at > now + FUTURE_SLACK:
        raise CustomerError(
            _("{moment} is in the future; record a status once it has changed.").format(
                moment=f"{at:%Y-%m-%d %H:%M}"
            )
        )
    return at


def apply_edit(store: Store, edit: CustomerEdit, *, now: datetime | None = None) -> Found:
    """Find or create the customer and apply the edit in one durable write.

    A status equal to the customer's status at that moment adds no change, so
    running the same import twice does not stack duplicates.

    Raises:
        CustomerError: an empty name, a bad value or status, or a moment in the future.
        StoreWriteError: nothing was written.
    """
    found = edit_found(find_or_new(store, edit.name), edit, now or datetime.now().astimezone())
    if found.changed:
        store.put(found.customer)
    return found


def apply_edits(store: Store, edits: list[CustomerEdit], *, now: datetime | None = None) -> list[Found]:
    """Apply many edits (a billing system's export) in one durable write; a name twice is one customer.

    Raises:
        CustomerError: the first edit that cannot be made; nothing was written.
        StoreWriteError: nothing was written.
    """
    now = now or datetime.now().astimezone()
    seen: dict[str, Found] = {}
    results = []
    for edit in edits:
        key = typed_name(edit.name).casefold()
        found = edit_found(seen.get(key) or find_or_new(store, edit.name), edit, now)
        seen[key] = found
        results.append(found)
    store.put(*(found.customer for found in seen.values() if found.changed))
    return results


def edit_found(found: Found, edit: CustomerEdit, now: datetime) -> Found:
    """Apply ``edit`` to a found (or new) customer in memory; :attr:`Found.changed` says if it moved."""
    customer = found.customer
    if edit.segment is not None and typed_name(edit.segment) and typed_name(edit.segment) != customer.segment:
        customer.segment = typed_name(edit.segment)
        found.changed = True
    if edit.value is not None and edit.value != customer.value:
        customer.value = check_value(edit.value)
        found.changed = True
    if edit.plan is not None and typed_name(edit.plan) != customer.plan:
        customer.plan = typed_name(edit.plan)
        found.changed = True
    if edit.status is not None:
        at = edit.at or now
        status = read_status(edit.status)
        if status_at(customer, at) != status:
            customer.statuses = [*customer.statuses, StatusChange(status, at)]
            customer.__post_init__()  # keep the changes in time order when one is back-dated
            found.changed = True
    elif edit.at is not None:
        raise CustomerError(_("--at dates a status change: give --status too."))
    return found


def status_at(customer: Customer, moment: datetime) -> str:
    """The customer's status at ``moment`` ("active" before any change)."""
    status = "active"
    for change in customer.statuses:
        if change.at > moment:
            break
        status = change.status
    return status


def short_value(value: float | None) -> str:
    """A customer value as a CEO reads it: ``14.2M``, ``₩1420만``; ``—`` when unknown (see formats)."""
    return formats.short_money(value)


def search(store: Store, text: str, *, limit: int = 200) -> tuple[list[Customer], int]:
    """Customers whose name, segment, plan or status holds ``text`` (any case); queued ones first.

    Customers merged into another are left out: their calls are the other's now.

    Returns:
        Up to ``limit`` customers (those waiting on the exit-interview queue's statuses first,
        then by name) and how many matched in all.
    """
    key = unicodedata.normalize("NFC", typed_name(text)).casefold()
    found = []
    for doc in store.docs(Customer):
        if doc.get("merged_into"):
            continue  # one with another customer now (merged by a lead or folded by the team sync)
        changes = doc.get("statuses") or ()
        status = changes[-1]["status"] if changes else "active"
        hay = " ".join((doc.get("name") or "", doc.get("segment") or "", doc.get("plan") or "", status))
        if not key or key in unicodedata.normalize("NFC", hay).casefold():
            found.append((status not in QUEUED_STATUSES, (doc.get("name") or "").casefold(), doc))
    found.sort(key=lambda item: item[:2])
    return [from_doc(Customer, doc) for _queued, _name, doc in found[:limit]], len(found)


@dataclass
class History:
    """Everything on record with one customer, newest first: what the customer screen shows."""

    customer: Customer
    calls: list[Call]
    pain_points: list[PainPoint]
    promises: list[Promise]


def history(store: Store, customer_id: str) -> History | None:
    """The customer's calls, pain points and promises (one pass over each kind); None if gone."""
    customer = store.get(Customer, customer_id)
    if customer is None:
        return None

    def of(cls: type[R], moment: str) -> list[R]:
        docs = [d for d in store.docs(cls) if d.get("customer_id") == customer_id]
        docs.sort(key=lambda d: d.get(moment) or "", reverse=True)
        return [from_doc(cls, d) for d in docs]

    return History(customer, of(Call, "started_at"), of(PainPoint, "created_at"), of(Promise, "created_at"))
