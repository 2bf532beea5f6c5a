"""What every :class:`~cxnotes.storage.store.Store` is made of: records in and out, durable and
atomic; the tables this process holds in memory; what other processes wrote, taken in.

The rules (what each process holds, many processes, last writer wins) are told in
:mod:`cxnotes.storage.store`, the module the rest of cxnotes imports.
"""

from __future__ import annotations

import _thread  # its locks are threading's; importing threading costs `cxnotes log` 1 ms
from collections.abc import Iterable, Iterator
from pathlib import Path

from cxnotes.domain import shapes
from cxnotes.storage import opening, projection
from cxnotes.storage.changes import UNKNOWN, Change, ChangeLog
from cxnotes.storage.documents import Doc, Op, Row
from cxnotes.storage.errors import StoreWriteError, overwritten, read_only
from cxnotes.storage.sqlite import SqliteStorage

TYPE_CHECKING = False
if TYPE_CHECKING:  # `cxnotes log` writes documents: it imports neither `typing` (3 ms) nor the models (15 ms)
    from types import ModuleType
    from typing import Any, Self

    from cxnotes.domain.models import R, Record

INDEXED = {
    ("lines", "call_id"): "parent",
    ("pain_points", "call_id"): "parent",
    ("promises", "call_id"): "parent",
    ("calls", "customer_id"): "parent",
    ("pain_points", "fix_id"): "lookup",
    ("promises", "customer_id"): "lookup",
}
"""Fields :meth:`Store.where` finds through an index column (see ``index_keys`` in the storage)."""

ON_DEMAND = frozenset({"lines"})
"""Tables never held whole in memory: read by their index when asked for."""


class StoreCore:
    """Records in and out, the tables this process holds, and other processes' writes; :class:`Store`
    adds the reads by kind the screens ask for."""

    def __init__(self, folder: Path, storage: SqliteStorage, *, readonly: bool, operator: str = "") -> None:
        self.folder = folder
        self.readonly = readonly
        """Opened to read only: writes are refused (``cxnotes fixes``, ``export``)."""
        self.operator = operator
        """Who is writing: saved into any record with an empty ``operator`` field (calls, pain points)."""
        self._storage = storage
        self._guard = _thread.RLock()
        self._loading = _thread.allocate_lock()  # one thread reads a table whole; others asking wait for it
        self._tables: dict[str, dict[str, Doc]] = {}
        """The tables read so far, each {id: stored dict}; the dicts are never changed in place."""
        self._seqs: dict[str, dict[str, int]] = {}
        """For each held table, the seq at which each document written or taken in since the table was
        read was last written; the others are as of ``_read_at`` (see :meth:`_held_seq`)."""
        self._read_at: dict[str, int] = {}
        """For each held table, the seq it was read whole at: no document of it read then is newer."""
        self.changes = ChangeLog()  # each table's version and changes (was, is): to keep work up to date
        self._read: dict[tuple[str, str], int] = {}
        """The seq of each document read outside the held tables (a call's lines, a record got
        by id), so that writing it back is conflict-checked like a held one."""
        self._seen = storage.seq()
        """Every held table reflects every batch up to this seq (some, more)."""
        self._mine: set[int] = set()
        """Seqs of this process's own batches not yet passed by :meth:`refresh`: not news to it."""
        self.damage: list[str] = []
        """Damage found while reading: what was left out and where. Shown to the user."""
        self._notices: list[str] = []
        self._facts: dict[tuple[str, tuple[str, ...], str | None], tuple[int, list[projection.Facts]]] = {}
        """Projection rows read (see :meth:`facts`) by table, fields and narrowing; the table's version."""

    @classmethod
    def open(
        cls, folder: Path, *, readonly: bool = False, operator: str = "", one_shot: bool = False
    ) -> Self:
        """Open (creating if needed, unless ``readonly``) the store in ``folder``; ``operator`` writes.

        A v0.1 store (JSON snapshot and journals) is moved into the database first. ``one_shot``: for a
        command that reads a few records and writes one batch (``cxnotes log``), one connection to the
        database instead of two (see ``SqliteStorage``): its reads wait while it writes.

        Raises:
            StoreCorrupt: a file in it is not valid cxnotes data; it was left untouched.
            StoreError: the folder cannot be used.
        """
        storage, damage = opening.open_storage(folder, readonly=readonly, one_shot=one_shot)
        store = cls(folder, storage, readonly=readonly, operator=operator)
        store.damage += damage
        return store

    def close(self, *, fold_log: bool = True) -> None:
        """Release the database (idempotent); everything written is already on disk.

        ``fold_log`` False (a one-shot command) leaves SQLite's write-ahead log for the next
        process to fold into the database: as durable, and cheaper (see ``SqliteStorage.close``).
        """
        self._storage.close(fold_log=fold_log)

    def compact(self) -> None:
        """Fold SQLite's write-ahead log into the database file (SQLite also does it as it goes)."""
        self._storage.checkpoint()

    # -- writing ----------------------------------------------------------------------

    def put(self, *records: Record) -> None:
        """Save records (new or changed) in one atomic, durable batch."""
        self.write(put=records)

    def delete(self, *records: Record) -> None:
        """Delete records in one atomic, durable batch."""
        self.write(delete=records)

    def write(
        self, put: Iterable[Record] = (), delete: Iterable[Record] = (), new_names: Iterable[Record] = ()
    ) -> None:
        """Save and delete records in one atomic, durable batch.

        ``new_names`` are records of ``put`` created because nothing had their name (a
        customer, a fix): if another process gave a record that name meanwhile, nothing
        is written and :class:`NameTaken` says so (find it again and use it).

        Raises:
            NameTaken: see ``new_names``.
            StoreWriteError: nothing was written; keep the records and retry.
        """
        to_doc = models_module().to_doc
        ops: list[Op] = [(r.TABLE, r.id, to_doc(r)) for r in put]
        ops += [(r.TABLE, r.id, None) for r in delete]
        self.apply(ops, new_names=[(r.TABLE, r.id) for r in new_names])

    def apply(self, ops: list[Op], new_names: Iterable[tuple[str, str]] = ()) -> None:
        """Save raw documents (the importer and the team sync write stored dicts as they are)."""
        if not ops:
            return
        if self.readonly:
            raise StoreWriteError(read_only())
        if self.operator:
            ops = [(t, i, _signed(doc, self.operator)) for t, i, doc in ops]
        with self._guard:
            expected = {
                (t, i): self._held_seq(t, i, 0) if t in self._seqs else self._read[(t, i)]
                for t, i, _ in ops
                if t in self._seqs or (t, i) in self._read
            }
            seq, replaced = self._storage.apply(ops, expected, new_names)
            self._mine.add(seq)
            self._take_in([(t, i, seq, doc) for t, i, doc in ops])
            for t, i, _ in ops:
                if (t, i) in self._read:
                    self._read[(t, i)] = seq
            if replaced:
                self._notices.append(overwritten())

    # -- reading ----------------------------------------------------------------------

    def get(self, cls: type[R], record_id: str | None) -> R | None:
        """Return the record with this id, or None."""
        if record_id is None:
            return None
        held = self._tables.get(cls.TABLE)
        if held is not None:
            doc = held.get(record_id)
        else:
            row = self._storage.one(cls.TABLE, record_id, self.damage)
            doc = row[3] if row else None
            if row:
                self._remember([row])
        return models_module().from_doc(cls, doc) if doc is not None else None

    def docs_by_id(self, cls: type[Record], ids: Iterable[str], *, of_calls: bool = False) -> dict[str, Doc]:
        """Stored dicts (read-only!) by id for bulk work, one indexed query per 500 ids; with
        ``of_calls``, those of these calls. Written back, they are conflict-checked until :meth:`forget`.
        Of a table this process holds, the held ones (as :meth:`get` gives them): nothing is read.
        """
        held = None if of_calls else self._tables.get(cls.TABLE)
        if held is not None:
            with self._guard:
                return {doc_id: held[doc_id] for doc_id in ids if doc_id in held}
        column = INDEXED[cls.TABLE, "call_id"] if of_calls else "id"
        rows = self._storage.many(cls.TABLE, list(ids), self.damage, column)
        self._remember(rows)
        return {doc_id: doc for _, doc_id, _, doc in rows if doc is not None}

    def forget(self, cls: type[Record], ids: Iterable[str]) -> None:
        """Drop the seqs kept of records read outside the held tables (a bulk job's written batch),
        so a million records compared do not stay in memory; a later write of one is not conflict-checked.
        """
        with self._guard:
            for record_id in ids:
                self._read.pop((cls.TABLE, record_id), None)

    def all(self, cls: type[R]) -> list[R]:
        """Return every record of a kind."""
        from_doc = models_module().from_doc
        return [from_doc(cls, doc) for doc in self.docs(cls)]

    def where(self, cls: type[R], **equals: Any) -> list[R]:
        """Return the records whose fields equal the given values (through an index where one fits)."""
        items = equals.items()
        docs: Iterable[Doc]
        indexed = [key for key in equals if (cls.TABLE, key) in INDEXED and isinstance(equals[key], str)]
        if indexed:
            key = indexed[0]
            rows = self._storage.indexed(cls.TABLE, INDEXED[cls.TABLE, key], equals[key], self.damage)
            docs = (doc for _, _, _, doc in rows if doc is not None)
        else:
            docs = self.docs(cls)
        from_doc = models_module().from_doc
        return [from_doc(cls, d) for d in docs if all(d.get(k) == v for k, v in items)]

    def count(self, cls: type[Record]) -> int:
        """How many records of a kind there are."""
        if cls.TABLE in ON_DEMAND:
            return self._storage.count(cls.TABLE)
        return len(self._held(cls.TABLE))

    def docs(self, cls: type[Record]) -> Iterator[dict[str, Any]]:
        """Iterate the raw stored dicts of a kind (read-only!), for bulk work like ranking."""
        if cls.TABLE in ON_DEMAND:
            _, rows = self._storage.table(cls.TABLE, self.damage)
            return iter([doc for _, _, _, doc in rows if doc is not None])
        held = self._held(cls.TABLE)
        with self._guard:  # never half a batch taken in: see :meth:`_take_in` and ``changes``
            return iter(list(held.values()))

    def holds(self, cls: type[Record]) -> bool:
        """Whether this process holds every record of the kind in memory (kept up to date as it goes)."""
        return cls.TABLE in self._tables

    def projects(self, cls: type[Record]) -> bool:
        """Whether :meth:`facts` of this kind gives projection rows (which also read by position, in
        the order of the fields asked for) rather than the stored dicts."""
        return self.readonly and not self.holds(cls) and self._storage.projects(cls.TABLE)

    def facts(
        self, cls: type[Record], fields: tuple[str, ...] | None = None, *, present: str | None = None
    ) -> Iterator[Doc]:
        """Records of a kind for code that reads only the fields the store projects of it
        (:data:`projection.FIELDS`), read-only: stored dicts or projection rows, which read alike.

        A store opened to read only is a one-shot command's (``fixes``, ``export``, ``trends``):
        it gets one query of the projection, of ``fields`` only if given (all it holds if not),
        of the records whose ``present`` field is not null if given (a narrowing only: the
        caller checks it still), and decodes no document. The rows are kept until the kind
        changes (or is held), so the several passes of an export read them once. A writable
        store (the app's) gets the held dicts, as when the kind is held or has no projection,
        or the store is an old one opened where it cannot be written: the app holds what it
        reads and keeps it up to date, and projection rows read beside the dicts it comes to
        hold anyway cost it 30 MB more at 100,000 pain points (measured peak).
        """
        if not self.projects(cls):
            return self.docs(cls)
        wanted = fields or projection.FIELDS[cls.TABLE]
        key, version = (cls.TABLE, wanted, present), self.changes.version(cls.TABLE)
        kept = self._facts.get(key)
        if kept is None or kept[0] != version:
            facts = self._storage.facts(cls.TABLE, wanted, present)
            with self._guard:
                kept = (version, facts)
                if not self.holds(cls):  # a table held meanwhile is read from memory from now on
                    self._facts[key] = kept
        from typing import cast  # not at import: `cxnotes log` does without `typing`

        # Typed as the dicts they stand in for: read by field name (``row[f]``, ``row.get(f)``) alike.
        return iter(cast("list[Doc]", kept[1]))

    def version(self, *classes: type[Record]) -> tuple[int, ...]:
        """Numbers that grow whenever records of these kinds change, here or in another process.

        Equal numbers mean the same documents (docs are replaced, never changed in place).
        """
        return tuple(self.changes.version(cls.TABLE) for cls in classes)

    def refresh(self) -> set[str]:
        """Take in what other processes wrote since the last look; return the tables they changed.

        Every table but the transcript is looked at, held or not: a screen may show a
        record it read by id (a call's customer) before its table was ever held.
        Cheap when nothing changed (one indexed query). The app calls it off the UI thread.
        """
        with self._guard:
            seen = self._seen
        tables = [table for table in shapes.TABLES if table not in ON_DEMAND]
        seq, rows = self._storage.changed_since(seen, tables, self.damage)
        with self._guard:
            self._take_in(rows)
            changed = {table for table, _, row_seq, _ in rows if row_seq not in self._mine}
            self._seen = max(self._seen, seq)
            self._mine = {mine for mine in self._mine if mine > self._seen}
        return changed

    def take_notices(self) -> list[str]:
        """Messages for the user gathered since the last call (conflicts, damage found)."""
        with self._guard:
            notices, self._notices = self._notices, []
            if self.damage:
                notices += self.damage
                self.damage = []
        return notices

    # -- the held tables --------------------------------------------------------------

    def _held(self, table: str) -> dict[str, Doc]:
        """``table`` as held in memory, read whole the first time."""
        held = self._tables.get(table)
        if held is not None:
            return held
        with self._loading:
            if table in self._tables:
                return self._tables[table]
            current, rows = self._storage.table(table, self.damage, held=True)
            with self._guard:
                self._facts = {key: kept for key, kept in self._facts.items() if key[0] != table}  # held now
                self._tables[table] = {doc_id: doc for _, doc_id, _, doc in rows if doc is not None}
                self._seqs[table], self._read_at[table] = {}, current
                if current < self._seen:  # a refresh meanwhile took in later writes, not held then
                    self._take_in(self._storage.changed_since(current, [table], self.damage)[1])
                return self._tables[table]

    def _take_in(self, rows: Iterable[Row]) -> None:
        """Apply stored rows to the held tables, each only if newer than what is held; note the changes."""
        changed: dict[str, list[Change]] = {}
        for table, doc_id, seq, doc in rows:
            held = self._tables.get(table)
            was = UNKNOWN if held is None else held.get(doc_id)
            if held is not None and self._held_seq(table, doc_id, -1) < seq:
                self._seqs[table][doc_id] = seq
                if doc is None:
                    held.pop(doc_id, None)
                else:
                    held[doc_id] = doc
            changed.setdefault(table, []).append((doc_id, was, doc if held is None else held.get(doc_id)))
        self.changes.note(changed)

    def _held_seq(self, table: str, doc_id: str, absent: int) -> int:
        """The seq at which the held ``table``'s document ``doc_id`` was last written; ``absent`` if it
        is not held (nor deleted since the table was read).

        Not kept per document from the whole read: a seq no later than the read's is as good for
        both uses (a write's conflict check asks whether the stored one is newer than the one held;
        taking in asks whether a row is), and 100,000 pain points' seqs took 9 MB.
        """
        found = self._seqs[table].get(doc_id)
        if found is not None:
            return found
        return self._read_at[table] if doc_id in self._tables[table] else absent

    def _children(self, table: str, call_id: str) -> list[Doc]:
        rows = self._storage.indexed(table, "parent", call_id, self.damage)
        self._remember(rows)
        return [doc for _, _, _, doc in rows if doc is not None]

    def _remember(self, rows: list[Row]) -> None:
        """Note the seq of documents read outside the held tables (see :meth:`apply`)."""
        with self._guard:
            for table, doc_id, seq, _ in rows:
                if table not in self._seqs:
                    self._read[(table, doc_id)] = max(seq, self._read.get((table, doc_id), 0))


def _signed(doc: Doc | None, operator: str) -> Doc | None:
    """``doc`` with ``operator`` in its ``operator`` field if that field is there and empty."""
    if doc is None or doc.get("operator", None) != "":
        return doc
    return {**doc, "operator": operator}


def models_module() -> ModuleType:
    """The domain's dataclasses, imported when a record is first built or saved from one.

    ``cxnotes log`` reads and writes stored dicts only, and never pays their import (15 ms).
    """
    from cxnotes.domain import models

    return models
