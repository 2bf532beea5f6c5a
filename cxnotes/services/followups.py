"""The exit-interview queue: whom to call back today, and which promises are due.

A customer who churned, asked for a refund or was marked at-risk is on the queue
until we know why: a pain point noted since that status change (a recorded reason)
or a call started since then (we talked to them) takes them off. Newest changes come
first, with the customer's value, so the lead sees the freshest and biggest losses.
Beside it, the promises that are overdue or due within :data:`SOON_DAYS`.

Pure functions of ``store.docs(...)``: one pass over customers, pain points, calls
and promises each, no Textual; the app calls :func:`followups` from a worker. A one-shot
command's store reads only the pain points and calls of the customers on the queue.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from cxnotes.domain.models import Call, Customer, PainPoint, Promise
from cxnotes.services.customers import LOST_STATUSES, QUEUED_STATUSES
from cxnotes.storage.store import Store

SOON_DAYS = 3
"""Promises due within this many days (today included) are listed as due soon."""


@dataclass(frozen=True)
class Leaver:
    """A customer on the queue: their status changed and we do not know why yet."""

    customer_id: str
    name: str
    segment: str
    value: float | None
    status: str
    since: datetime
    """When the status changed."""

    @property
    def lost(self) -> bool:
        """Churned or asked for a refund (rather than at-risk)."""
        return self.status in LOST_STATUSES


@dataclass(frozen=True)
class DuePromise:
    """A promise not kept yet, overdue or due soon."""

    promise_id: str
    text: str
    customer: str
    """The customer's name, or "" when the promise has none."""
    due: date
    overdue: bool
    call_id: str | None


@dataclass
class Followups:
    """What the lead works through: the exit-interview queue and the promises due."""

    queue: list[Leaver]
    """Newest status change first."""
    promises: list[DuePromise]
    """Most overdue first."""

    def left_without_reason(self, since: date, until: date) -> int:
        """Customers who churned or asked for a refund between these days (inclusive), reason unknown."""
        return sum(1 for leaver in self.queue if leaver.lost and since <= leaver.since.date() <= until)


def _latest(doc: dict[str, Any]) -> dict[str, str] | None:
    """A customer doc's latest status change (changes are stored oldest first)."""
    changes = doc.get("statuses") or ()
    return changes[-1] if changes else None


def followups(store: Store, *, now: datetime | None = None, soon_days: int = SOON_DAYS) -> Followups:
    """The exit-interview queue and the promises due, read in one pass over each kind of record."""
    now = now or datetime.now().astimezone()
    return Followups(exit_queue(store), due_promises(store, now.date(), soon_days))


def exit_queue(store: Store) -> list[Leaver]:
    """Customers who left or are at risk with nothing on record since, newest change first."""
    waiting: dict[str, datetime] = {}
    for doc in store.facts(Customer, ("id", "statuses"), present="statuses"):
        change = _latest(doc)
        if change is not None and change["status"] in QUEUED_STATUSES:
            waiting[doc["id"]] = datetime.fromisoformat(change["at"])
    if waiting:
        _drop_heard(waiting, _records_of(store, PainPoint, "created_at", waiting), "created_at")
    if waiting:
        _drop_heard(waiting, _records_of(store, Call, "started_at", waiting), "started_at")
    docs = store.docs_by_id(Customer, list(waiting))  # the few left on the queue, read whole
    queue = [
        Leaver(
            customer_id=customer_id,
            name=str(whole.get("name", "")),
            segment=str(whole.get("segment", "")),
            value=whole.get("value"),
            status=str(_latest(whole)["status"]),  # type: ignore[index]  # in waiting: it has one
            since=since,
        )
        for customer_id, since in waiting.items()
        if (whole := docs.get(customer_id)) is not None
    ]
    queue.sort(key=lambda leaver: (-leaver.since.timestamp(), -(leaver.value or 0), leaver.name))
    return queue


_OF_CUSTOMERS = (
    "SELECT customer_id, {moment} FROM {table}_facts "
    "WHERE {moment} >= ? AND customer_id IN (SELECT value FROM json_each(?))"
)
"""The pain points or calls of some customers (their ids as one JSON list) from a day on, read from
the projection (over the pain points' index by day: the weeks since the oldest change, not the year)."""


def _records_of(
    store: Store, cls: type[PainPoint | Call], moment: str, waiting: dict[str, datetime]
) -> Iterable[Any]:
    """The ``customer_id`` and ``moment`` of the records of ``cls``: in a one-shot command's store
    (one read by SQLite, not every record read into Python) only of the ``waiting`` customers and
    from two days before the oldest of their changes (a record's timestamp starts with its local day,
    at most a day off the UTC one; :func:`_drop_heard` compares the moments themselves);
    every record's in the app's."""
    if not store.projects(cls):
        return store.facts(cls)
    first = (min(waiting.values()) - timedelta(days=2)).date().isoformat()
    with store.facts_snapshot() as query:
        found = query(
            _OF_CUSTOMERS.format(moment=moment, table=cls.TABLE), (first, json.dumps(list(waiting)))
        )
    return [{"customer_id": customer, moment: at} for customer, at in found]


def _drop_heard(waiting: dict[str, datetime], docs: Iterable[Any], moment: str) -> None:
    """Take off the queue every customer with a record (pain point or call) since their change."""
    for doc in docs:
        since = waiting.get(doc.get("customer_id") or "")
        if since is not None and datetime.fromisoformat(doc[moment]) >= since:
            del waiting[doc["customer_id"]]
            if not waiting:
                return


def due_promises(store: Store, today: date, soon_days: int = SOON_DAYS) -> list[DuePromise]:
    """Promises not kept whose due date is past or within ``soon_days`` days, most overdue first."""
    last = (today + timedelta(days=max(soon_days - 1, 0))).isoformat()
    due = [d for d in store.docs(Promise) if not d.get("done") and d.get("due") and d["due"] <= last]
    due.sort(key=lambda d: (d["due"], d.get("created_at") or "", d["id"]))
    names: dict[str, str] = {}
    shown = []
    for doc in due:
        customer_id = doc.get("customer_id") or ""
        if customer_id and customer_id not in names:
            customer = store.get(Customer, customer_id)
            names[customer_id] = customer.name if customer else ""
        day = date.fromisoformat(doc["due"])
        shown.append(
            DuePromise(
                doc["id"],
                str(doc.get("text", "")),
                names.get(customer_id, ""),
                day,
                day < today,
                doc.get("call_id"),
            )
        )
    return shown
