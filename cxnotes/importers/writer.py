"""Turn imported conversations into calls, transcript lines, customers and pain points.

Records get ids derived from the source and the source's own id (:func:`stable_id`), so
importing the same file, or an overlapping one, finds what is already there: a record
the source changed is updated, one it did not is left alone, nothing is added twice.
Only the fields the source owns are updated; what people did in cxnotes is kept (a call
marked reviewed, a pain point attached to a fix or moved to another step).

Writing goes through :meth:`Store.write` in batches of whole conversations, each one
atomic and durable: an import killed halfway leaves whole conversations, and running it
again writes the rest. :func:`check` reads the whole file first, so a bad record
anywhere stops the import before anything of the file is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from cxnotes.domain.models import Call, Customer, Line, PainPoint, Record
from cxnotes.domain.text import clean, one_line
from cxnotes.export.records import Progress
from cxnotes.i18n import _, ngettext
from cxnotes.importers.base import Conversation, Message, stable_id

if TYPE_CHECKING:
    from cxnotes.storage.store import Store

BATCH_RECORDS = 2000
"""Records per atomic write: small enough that a kill loses little, big enough to be fast."""

PROGRESS_EVERY = 200
"""Conversations between progress reports."""

TAG_SEVERITY = 3
"""Severity of a pain point made from a tag; the reviewer adjusts it."""

LOW_RATING_SEVERITY = 4
"""Severity when the customer rated the conversation low."""

OWNED: dict[type[Record], tuple[str, ...]] = {
    Customer: ("name", "segment", "source", "source_id"),
    Call: ("customer_id", "channel", "started_at", "ended_at", "summary", "source", "source_id", "rating",
           "flagged"),
    Line: ("call_id", "index", "offset", "speaker", "text"),
    PainPoint: (),
}  # fmt: skip
"""Fields an import may change on a record that exists; the others belong to the people using cxnotes."""

LABELS: dict[type[Record], str] = {
    Customer: "customer", Call: "conversation", Line: "message", PainPoint: "pain point",
}  # fmt: skip


@dataclass
class ImportResult:
    """What an import did, counted per kind of record."""

    conversations: int = 0
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: int = 0

    def summary(self, source: str) -> str:
        """One line for the shell."""
        added = ", ".join(_count(self.added[kind], kind) for kind in LABELS.values() if self.added[kind])
        updated = ", ".join(
            _count(self.updated[kind], kind) for kind in LABELS.values() if self.updated[kind]
        )
        text = _("Read {conversations} from {source}: ").format(
            conversations=_count(self.conversations, "conversation"), source=source
        )
        text += _("added {records}").format(records=added) if added else _("nothing new")
        if updated:
            text += _("; updated {records}").format(records=updated)
        return text + _("; {records} already up to date.").format(records=_count(self.unchanged, "record"))


def _count(n: int, kind: str) -> str:
    """``1 message``, ``3 pain points``, in the current language (``kind``: a :data:`LABELS` value)."""
    counted = {
        "customer": ngettext("{n} customer", "{n} customers", n),
        "conversation": ngettext("{n} conversation", "{n} conversations", n),
        "message": ngettext("{n} message", "{n} messages", n),
        "pain point": ngettext("{n} pain point", "{n} pain points", n),
        "record": ngettext("{n} record", "{n} records", n),
    }
    return counted.get(kind, f"{{n}} {kind}").format(n=n)


def check(conversations: Iterable[Conversation], progress: Progress | None = None) -> int:
    """Read every conversation (the first pass); return how many there are.

    Raises:
        ImportFormatError: the first bad record, named; nothing has been written.
    """
    total = 0
    for total, _conversation in enumerate(conversations, start=1):
        if progress and total % PROGRESS_EVERY == 0:
            progress(_("checking the file"), total, 0)
    return total


def write(
    store: Store,
    conversations: Iterable[Conversation],
    *,
    tag_steps: dict[str, str] | None = None,
    total: int = 0,
    progress: Progress | None = None,
    batch_records: int = BATCH_RECORDS,
) -> ImportResult:
    """Save the conversations into ``store`` in atomic batches of whole conversations.

    Args:
        store: the open store; only its public ``get`` and ``write`` are used.
        conversations: what a reader yields (read again after :func:`check`).
        tag_steps: source tag (case-folded) -> step slug; each mapped tag makes one pain point.
        total: how many conversations there are, for the progress bar.
        progress: called with (stage, done, total) now and then.
        batch_records: records per write.

    Raises:
        StoreWriteError: a batch could not be saved; the batches before it are kept.
    """
    result = ImportResult()
    steps = tag_steps or {}
    batch: dict[str, Record] = {}
    customers_seen: set[str] = set()
    for result.conversations, conversation in enumerate(conversations, start=1):
        stored_lines: dict[str, Line] = {}
        for record in records(conversation, steps):
            if isinstance(record, Customer):
                if record.id in customers_seen:
                    continue
                customers_seen.add(record.id)
            if isinstance(record, Line):
                stored: Record | None = stored_lines.get(record.id)
            else:
                stored = store.get(type(record), record.id)
                if isinstance(record, Call) and stored is not None:
                    # A call's lines are read in one indexed query, not one by one; a call not
                    # stored yet has none (a batch always holds whole conversations).
                    stored_lines = {line.id: line for line in store.lines_of(record.id)}
            changed = _merge(stored, record, result)
            if changed is not None:
                batch[changed.id] = changed
        if len(batch) >= batch_records:
            store.write(put=list(batch.values()))
            batch.clear()
        if progress and (result.conversations % PROGRESS_EVERY == 0 or result.conversations == total):
            progress(_("importing conversations"), result.conversations, total)
    if batch:
        store.write(put=list(batch.values()))
    return result


def _merge(stored: Record | None, new: Record, result: ImportResult) -> Record | None:
    """The record to save (``new``, or ``stored`` with the source's fields), or None if unchanged.

    Fields are compared as values, so a time the store holds in another UTC offset is the
    same time; this runs for every record of a re-import, so nothing is converted to dicts.
    """
    label = LABELS[type(new)]
    if stored is None:
        result.added[label] += 1
        return new
    changed = [name for name in OWNED[type(new)] if getattr(stored, name) != getattr(new, name)]
    if not changed:
        result.unchanged += 1
        return None
    for name in changed:
        setattr(stored, name, getattr(new, name))
    result.updated[label] += 1
    return stored


def records(conversation: Conversation, tag_steps: dict[str, str]) -> Iterator[Record]:
    """The records one conversation becomes: its customer, the call, its lines, tag pain points."""
    source, key = conversation.source, conversation.id
    customer: Customer | None = None
    if conversation.customer_id or conversation.customer_name:
        customer_key = conversation.customer_id or conversation.customer_name
        customer = Customer(
            id=stable_id(source, "customer", customer_key),
            name=clean(conversation.customer_name or customer_key, multiline=False),
            segment=clean(conversation.customer_segment, multiline=False),
            created_at=conversation.started_at,
            source=source,
            source_id=customer_key,
        )
        yield customer
    call = Call(
        id=stable_id(source, "call", key),
        customer_id=customer.id if customer else None,
        channel=conversation.channel,
        started_at=conversation.started_at,
        ended_at=conversation.ended_at or conversation.started_at,
        summary=one_line(conversation.subject, 200),
        source=source,
        source_id=key,
        rating=conversation.rating,
        flagged=conversation.low_rating,
    )
    yield call
    first_said: tuple[Line, Message] | None = None
    for index, message in enumerate(conversation.messages):
        line = Line(
            id=stable_id(source, "line", key, message.id or str(index)),
            call_id=call.id,
            index=index,
            offset=max(0.0, (message.at - conversation.started_at).total_seconds()),
            speaker=message.speaker,
            text=message.text,  # cleaned by the reader (text_of, html_text)
        )
        if first_said is None and message.speaker == "customer":
            first_said = (line, message)
        yield line
    yield from _tag_points(conversation, call, first_said, tag_steps)


def _tag_points(
    conversation: Conversation, call: Call, first_said: tuple[Line, Message] | None, tag_steps: dict[str, str]
) -> Iterator[PainPoint]:
    """One pain point per step the conversation's tags map to, quoting the customer's first message."""
    steps = dict.fromkeys(
        tag_steps[tag.casefold()] for tag in conversation.tags if tag.casefold() in tag_steps
    )
    quote = first_said[0].text if first_said else conversation.subject
    when: datetime = first_said[1].at if first_said else conversation.started_at
    for step in steps:
        yield PainPoint(
            id=stable_id(conversation.source, "pain", conversation.id, step),
            quote=quote,
            step=step,
            severity=LOW_RATING_SEVERITY if conversation.low_rating else TAG_SEVERITY,
            customer_id=call.customer_id,
            call_id=call.id,
            line_id=first_said[0].id if first_said else None,
            channel=call.channel,
            created_at=when,
            source=conversation.source,
            source_id=f"{conversation.id}#{step}",
        )
