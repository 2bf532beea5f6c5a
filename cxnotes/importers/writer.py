"""Turn imported conversations into calls, transcript lines, customers and pain points.

Records get ids derived from the source and the source's own id (:func:`stable_id`), so
importing the same file, or an overlapping one, finds what is already there: a record
the source changed is updated, one it did not is left alone, nothing is added twice.
Only the fields the source owns are updated; what people did in cxnotes is kept (a call
marked reviewed, a pain point attached to a fix or moved to another step).

The file is read once: :func:`check` reads and checks every record and keeps the
documents they become in an unnamed temporary file beside the store (a bad record
anywhere stops the import before anything of the file is written, and memory holds one
batch, not the file). :func:`write` then saves them through :meth:`Store.apply` in
batches of whole conversations, each one atomic and durable: an import killed halfway
leaves whole conversations, and running it again writes the rest. Each batch is compared
with what is stored through one indexed query per kind of record (:meth:`Store.docs_by_id`).
"""

from __future__ import annotations

import pickle
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from cxnotes.domain.models import Call, Customer, Line, PainPoint, Record, to_doc
from cxnotes.domain.text import clean, one_line
from cxnotes.export.records import Progress
from cxnotes.i18n import _, ngettext
from cxnotes.importers.base import Conversation, Message, stable_id

if TYPE_CHECKING:
    from cxnotes.storage.documents import Doc, Op
    from cxnotes.storage.store import Store

BATCH_RECORDS = 2000
"""Records in the first atomic write; each next one is twice as large, up to :data:`MOST_RECORDS`."""

MOST_RECORDS = 32000
"""The largest write: a kill loses a few seconds of work at most, and memory holds one batch.

Large writes matter: the ids are hashes, so each record of a batch changes a page of the
store's index anywhere in it, and each commit writes every page it changed. On 30,000
tickets, batches of 2,000 records wrote 3.3 GB to disk, of 8,000 1.8 GB, of 24,000 1.0 GB.
"""

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

KINDS: dict[str, type[Record]] = {kind.TABLE: kind for kind in OWNED}

TIMES = frozenset({"started_at", "ended_at"})
"""Owned fields holding a moment: the same time in another UTC offset is not a change."""

SPOOL_EVERY = 100
"""Conversations pickled together into the temporary file (fewer, larger writes)."""


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


class Checked:
    """A file read and checked whole: each conversation's documents, waiting in a temporary file.

    The file is unnamed (gone when closed, or when the process dies) and only its owner
    can read it; it sits beside the store, which its contents are about to join.
    """

    def __init__(self, folder: Path | None) -> None:
        self.conversations = 0
        """How many conversations the file holds."""
        self._file: IO[bytes] = tempfile.TemporaryFile(dir=folder)  # noqa: SIM115 (closed by close())

    def __enter__(self) -> Checked:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the temporary file."""
        self._file.close()

    def add(self, groups: list[list[Op]]) -> None:
        """Keep the documents of a few conversations (one list of ops each)."""
        pickle.dump(groups, self._file, pickle.HIGHEST_PROTOCOL)
        self.conversations += len(groups)

    def groups(self) -> Iterator[list[Op]]:
        """Each conversation's documents, in file order."""
        self._file.seek(0)
        while True:
            try:
                kept: list[list[Op]] = pickle.load(self._file)
            except EOFError:
                return
            yield from kept


def check(
    conversations: Iterable[Conversation],
    *,
    tag_steps: dict[str, str] | None = None,
    folder: Path | None = None,
    progress: Progress | None = None,
) -> Checked:
    """Read every conversation once and keep the documents it becomes, before anything is written.

    Args:
        conversations: what a reader yields.
        tag_steps: source tag (case-folded) -> step slug; each mapped tag makes one pain point.
        folder: where the temporary file goes (the store's folder); the system's default if None.
        progress: called with (stage, done, 0) now and then.

    Raises:
        ImportFormatError: the first bad record, named; nothing has been written.
    """
    steps = tag_steps or {}
    checked = Checked(folder)
    try:
        customers_seen: set[str] = set()
        pending: list[list[Op]] = []
        for done, conversation in enumerate(conversations, start=1):
            group: list[Op] = []
            for record in records(conversation, steps):
                if isinstance(record, Customer):
                    if record.id in customers_seen:
                        continue  # one customer of many conversations is compared and counted once
                    customers_seen.add(record.id)
                group.append((record.TABLE, record.id, to_doc(record)))
            pending.append(group)
            if len(pending) == SPOOL_EVERY:
                checked.add(pending)
                pending = []
            if progress and done % PROGRESS_EVERY == 0:
                progress(_("checking the file"), done, 0)
        checked.add(pending)
    except BaseException:
        checked.close()
        raise
    return checked


def write(
    store: Store,
    checked: Checked,
    *,
    progress: Progress | None = None,
    batch_records: int = BATCH_RECORDS,
    most_records: int = MOST_RECORDS,
) -> ImportResult:
    """Save the checked conversations into ``store`` in atomic batches of whole conversations.

    Args:
        store: the open store; only its public ``docs_by_id``, ``apply`` and ``forget`` are used.
        checked: what :func:`check` kept.
        progress: called with (stage, done, total) now and then.
        batch_records: records in the first write; each next one is twice as large.
        most_records: records in the largest write.

    Raises:
        StoreWriteError: a batch could not be saved; the batches before it are kept.
    """
    result = ImportResult(conversations=checked.conversations)
    total = checked.conversations
    batch: list[list[Op]] = []
    size = 0
    for done, group in enumerate(checked.groups(), start=1):
        batch.append(group)
        size += len(group)
        if size >= batch_records:
            _write_batch(store, batch, result)
            batch, size = [], 0
            batch_records = min(2 * batch_records, most_records)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(_("importing conversations"), done, total)
    _write_batch(store, batch, result)
    return result


def _write_batch(store: Store, batch: list[list[Op]], result: ImportResult) -> None:
    """Compare a batch with what is stored and save what is new or changed, in one atomic write.

    What is stored is read in a few indexed queries: customers, calls and pain points by id
    (a pain point people moved stays found), then the lines of the calls found (none on a
    first import) by their call.
    """
    ids: dict[str, list[str]] = {kind.TABLE: [] for kind in OWNED}
    for group in batch:
        for table, record_id, _doc in group:
            ids[table].append(record_id)
    stored = {kind.TABLE: store.docs_by_id(kind, ids[kind.TABLE]) for kind in (Customer, Call, PainPoint)}
    calls = stored[Call.TABLE]
    stored[Line.TABLE] = store.docs_by_id(Line, calls, of_calls=True) if calls else {}
    changed: dict[tuple[str, str], Op] = {}
    for group in batch:
        for table, record_id, doc in group:
            assert doc is not None
            merged = _merge(KINDS[table], stored[table].get(record_id), doc, result)
            if merged is not None:
                changed[table, record_id] = (table, record_id, merged)
    store.apply(list(changed.values()))
    for table, found in stored.items():
        store.forget(KINDS[table], found)


def _merge(kind: type[Record], stored: Doc | None, new: Doc, result: ImportResult) -> Doc | None:
    """The document to save (``new``, or ``stored`` with the source's fields), or None if unchanged.

    Documents are compared as stored (no records built: this runs for every record of a
    re-import); a moment the store holds in another UTC offset is the same moment.
    """
    label = LABELS[kind]
    if stored is None:
        result.added[label] += 1
        return new
    changed = [name for name in OWNED[kind] if not _same(name, stored.get(name), new.get(name))]
    if not changed:
        result.unchanged += 1
        return None
    result.updated[label] += 1
    return {**stored, **{name: new.get(name) for name in changed}}


def _same(name: str, old: Any, new: Any) -> bool:
    if old == new:
        return True
    if name in TIMES and isinstance(old, str) and isinstance(new, str):
        try:
            return datetime.fromisoformat(old) == datetime.fromisoformat(new)
        except ValueError:
            return False
    return False


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
