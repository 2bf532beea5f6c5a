"""The calls list's rows: the unfinished calls and the newest finished ones, read off the UI thread.

No Textual here: the first page is read in the thread that opens the store as the process
starts (:mod:`cxnotes.services.store_opening`), while the main thread is still importing Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxnotes.domain import labels
from cxnotes.domain.models import Call, Customer, PainPoint, Record, from_doc
from cxnotes.domain.text import clean
from cxnotes.i18n import _
from cxnotes.services import customers
from cxnotes.storage.store import Store

SHOWN = 500
"""Finished calls listed (newest first); unfinished ones are always listed."""

FIRST = 60
"""Finished calls read as the app starts, for its first frame: more rows than a terminal shows."""

SHOWS: tuple[type[Record], ...] = (Call, Customer, PainPoint)
"""The kinds of record the list shows: when none changed, it is not read again."""


@dataclass
class CallRow:
    """One row of the calls table, computed off the UI thread."""

    call_id: str
    when: str
    customer: str
    segment: str
    channel: str
    points: int
    status: str
    unfinished: bool
    operator: str = ""
    """Who held the call (its operator, as recorded when it was saved)."""
    value: str = ""
    """The customer's value, short ("2M", "150K"), so a big account stands out in the list."""


@dataclass
class CallsPage:
    """What the calls list shows, as read at one version of the store."""

    rows: list[CallRow]
    """Unfinished calls first, then the newest finished ones."""
    total: int
    """How many calls the store holds."""
    version: tuple[int, ...]
    """:meth:`Store.version` of :data:`SHOWS` before the rows were read: a change made
    meanwhile is seen as newer, and read next time."""
    complete: bool = True
    """All the rows the list shows; False for the first screenful read as the app starts."""

    @property
    def listed(self) -> int:
        """The rows the list holds once complete: what its status line counts from the first frame on."""
        if self.complete:
            return len(self.rows)
        return min(self.total, sum(row.unfinished for row in self.rows) + SHOWN)


def read_page(store: Store, finished: int = SHOWN) -> CallsPage:
    """The calls list's rows (the ``finished`` newest finished calls) and count, with their version.

    Fewer than :data:`SHOWN` (the first screenful, :data:`FIRST`) costs a third of the time: 20
    instead of 65 ms at 100k, in a process that has read nothing yet.
    """
    version = store.version(*SHOWS)
    rows, total = call_rows(store, finished)
    return CallsPage(rows, total, version, complete=finished >= SHOWN or len(rows) == total)


def call_rows(store: Store, finished: int = SHOWN) -> tuple[list[CallRow], int]:
    """Rows for the calls table (unfinished first, then newest) and the number of calls.

    Only the rows shown are read (the store's indexes pick the unfinished calls and the
    newest ``finished`` finished ones), and only their customers and pain point counts.
    """
    shown, total = store.newest_calls(finished)
    per_call = store.pain_point_counts([doc["id"] for doc in shown])
    wanted = {doc["customer_id"] for doc in shown if doc.get("customer_id")}
    known = {i: from_doc(Customer, doc) for i, doc in store.docs_by_id(Customer, wanted).items()}
    rows = []
    for doc in shown:
        customer = known.get(doc.get("customer_id") or "")
        is_open = doc.get("ended_at") is None
        rows.append(
            CallRow(
                call_id=doc["id"],
                when=doc["started_at"][:16].replace("T", " "),
                customer=clean((customer.name if customer else "") or "—", multiline=False),
                segment=clean(customer.segment, multiline=False) if customer else "",
                channel=labels.channel(doc.get("channel", "")),
                points=per_call.get(doc["id"], 0),
                status=_("unfinished") if is_open else labels.outcome(doc.get("outcome") or "") or _("ended"),
                unfinished=is_open,
                operator=clean(doc.get("operator") or "", multiline=False),
                value=customers.short_value(customer.value) if customer else "",
            )
        )
    return rows, total
