"""Conflicts the lead resolves: a version that lost to a later one, beside the one that won.

The store keeps every version replaced by a writer that had not seen it (another
process, or a team member's sync: see :mod:`cxnotes.storage.store` and
:mod:`cxnotes.team`), in its ``conflicts`` table. The winner is already in place, so
nothing waits on a resolution; the lead looks at both versions and either keeps the
replaced one ("keep mine": it is written back, a fresh change that the team sync
pushes like any other) or the current one ("take theirs": nothing to write back).

Either way the choice is recorded as a :class:`Resolution` document, which the team
sync carries to every member like any record: a conflict resolved once leaves the list
and says who chose what, when.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from cxnotes.domain import models
from cxnotes.domain.models import Record, now
from cxnotes.storage.documents import Doc, dumps
from cxnotes.storage.store import Store

KEEP_MINE = "mine"
TAKE_THEIRS = "theirs"

LABEL_FIELDS = ("title", "name", "quote", "text", "summary", "started_at")
"""The field that names a record in the list, the first one it has."""


@dataclass
class Resolution(Record):
    """A conflict the lead resolved: which version stays, who chose, when (synced to the team)."""

    TABLE: ClassVar[str] = "resolutions"

    table: str = ""
    """The table of the record in conflict."""
    record_id: str = ""
    choice: str = TAKE_THEIRS
    """:data:`KEEP_MINE` (the replaced version was written back) or :data:`TAKE_THEIRS`."""
    operator: str = ""
    """Who resolved it; stamped by the store when saved."""
    resolved_at: datetime = field(default_factory=now)


@dataclass
class Conflict:
    """A replaced version and the record's current one."""

    key: str
    """Stable id of this conflict: the :class:`Resolution` that settles it has this id."""
    table: str
    record_id: str
    when: str
    """When it was replaced (UTC, as the store wrote it)."""
    mine: Doc | None
    """The replaced version (None: it was a deletion)."""
    theirs: Doc | None
    """The current version (None: the record is deleted now)."""

    @property
    def label(self) -> str:
        """What the record is, in a few words: a fix's title, a customer's name, a quote."""
        for doc in (self.theirs, self.mine):
            for name in LABEL_FIELDS:
                value = (doc or {}).get(name)
                if value:
                    return " ".join(str(value).split())
        return self.record_id[:8]


def conflict_key(table: str, record_id: str, when: str, doc: Doc | None) -> str:
    """The same replaced version gets the same key on every reading (32 hex digits, like ids)."""
    data = f"{table}\0{record_id}\0{when}\0".encode() + (b"" if doc is None else dumps(doc))
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}".ljust(32, "0")


def open_conflicts(store: Store) -> list[Conflict]:
    """Conflicts not resolved yet, newest first; those whose versions are equal now are left out."""
    resolved = {doc["id"] for doc in store.docs(Resolution)}
    found: list[Conflict] = []
    for table, record_id, when, doc in store.conflicts():
        key = conflict_key(table, record_id, when, doc)
        if key in resolved:
            continue
        mine, current = _normal(table, doc), _current(store, table, record_id)
        if mine == current:
            continue  # the writer came back to the same version: nothing to choose
        found.append(Conflict(key, table, record_id, when, mine, current))
    found.reverse()
    return found


def resolve(store: Store, conflict: Conflict, choice: str) -> Resolution:
    # ``choice`` is :data:`KEEP_MINE` or :data:`TAKE_THEIRS`: anything else takes theirs.
    """Settle ``conflict`` with ``choice`` in one batch: the version written back (mine) and the record.

    Raises:
        StoreWriteError: nothing was written.
    """
    resolution = Resolution(
        id=conflict.key, table=conflict.table, record_id=conflict.record_id, choice=choice
    )
    ops: list[tuple[str, str, Doc | None]] = [(Resolution.TABLE, resolution.id, models.to_doc(resolution))]
    if choice == KEEP_MINE:
        ops.insert(0, (conflict.table, conflict.record_id, conflict.mine))
    store.apply(ops)
    return resolution


def differences(conflict: Conflict) -> list[tuple[str, Any, Any]]:
    """(field, mine, theirs) for every field the two versions disagree on, in the record's order."""
    mine, theirs = conflict.mine or {}, conflict.theirs or {}
    names = list(mine) + [name for name in theirs if name not in mine]
    return [(name, mine.get(name), theirs.get(name)) for name in names if mine.get(name) != theirs.get(name)]


def _kind(table: str) -> type[Record] | None:
    return {cls.TABLE: cls for cls in models.MODELS}.get(table)


def _current(store: Store, table: str, record_id: str) -> Doc | None:
    """The record's current version, read through the store (so writing mine back is checked too)."""
    cls = _kind(table)
    record = store.get(cls, record_id) if cls is not None else None
    return models.to_doc(record) if record is not None else None


def _normal(table: str, doc: Doc | None) -> Doc | None:
    """``doc`` as its record type writes it, so that only real differences show."""
    cls = _kind(table)
    return models.to_doc(models.from_doc(cls, doc)) if cls is not None and doc is not None else doc
