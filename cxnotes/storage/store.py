"""The one small API that screens and the CLI use to read and change cxnotes data.

It is TinyDB underneath (:class:`CxTinyDB` with :class:`JournalStorage`), but no
caller sees TinyDB: records go in and come out as :mod:`cxnotes.models` types.
The methods are thread-safe; the app calls them from worker threads.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from cxnotes import models
from cxnotes.models import Call, Customer, Fix, Line, PainPoint, Promise, R, Record, Step
from cxnotes.storage import paths
from cxnotes.storage.errors import StoreError, StoreWriteError
from cxnotes.storage.folder import prepare_folder
from cxnotes.storage.journal import JournalStorage, Op
from cxnotes.storage.lock import StoreLock

COMPACT_AT_BYTES = 4 * 1024 * 1024
"""Journal size past which opening or closing the store folds it into the snapshot."""


class CxTable(Table):
    """A TinyDB table whose writes touch only the changed documents.

    Stock ``Table`` rebuilds the whole table dict on every insert or update (tens of
    milliseconds at 100,000 documents). Here every write becomes a journal batch in
    :class:`JournalStorage`; document ids are our stable uuid strings.
    """

    document_id_class = str  # type: ignore[assignment]  # TinyDB takes any id class; its hint says int
    _storage: JournalStorage

    def insert(self, document: Mapping[Any, Any]) -> str:  # type: ignore[override]
        """Insert (or replace) one document keyed by its ``id`` field."""
        doc_id = str(document["id"])
        self._storage.apply([(self.name, doc_id, dict(document))])
        self.clear_cache()
        return doc_id

    def insert_multiple(self, documents: Iterable[Mapping[Any, Any]]) -> list[str]:  # type: ignore[override]
        """Insert several documents in one durable batch."""
        ops: list[Op] = [(self.name, str(doc["id"]), dict(doc)) for doc in documents]
        self._storage.apply(ops)
        self.clear_cache()
        return [op[1] for op in ops]

    def remove(self, cond: Any = None, doc_ids: Iterable[Any] | None = None) -> list[str]:  # type: ignore[override]
        """Remove documents by id or by query in one durable batch."""
        table = self._read_table()
        if doc_ids is not None:
            gone = [str(doc_id) for doc_id in doc_ids if str(doc_id) in table]
        elif cond is not None:
            gone = [doc_id for doc_id, doc in table.items() if cond(doc)]
        else:
            raise RuntimeError("Use truncate() to remove all documents")
        self._storage.apply([(self.name, doc_id, None) for doc_id in gone])
        self.clear_cache()
        return gone

    def update(self, fields: Any, cond: Any = None, doc_ids: Iterable[Any] | None = None) -> list[str]:  # type: ignore[override]
        """Update fields (a mapping) of matching documents in one durable batch."""
        if callable(fields):
            raise NotImplementedError("cxnotes updates with field mappings only")
        table = self._read_table()
        if doc_ids is not None:
            ids = [str(doc_id) for doc_id in doc_ids if str(doc_id) in table]
        else:
            ids = [doc_id for doc_id, doc in table.items() if cond is None or cond(doc)]
        self._storage.apply([(self.name, doc_id, {**table[doc_id], **fields}) for doc_id in ids])
        self.clear_cache()
        return ids

    def truncate(self) -> None:
        """Remove every document of the table."""
        self._storage.apply([(self.name, doc_id, None) for doc_id in list(self._read_table())])
        self.clear_cache()


class CxTinyDB(TinyDB):
    """TinyDB with cxnotes' table class."""

    table_class = CxTable


class Store:
    """An open cxnotes store. Use :meth:`open`; call :meth:`close` when done."""

    def __init__(self, folder: Path, db: CxTinyDB, storage: JournalStorage, lock: StoreLock | None):
        self.folder = folder
        self._db = db
        self._storage = storage
        self._lock = lock
        self._guard = threading.RLock()

    @classmethod
    def open(cls, folder: Path, *, readonly: bool = False) -> Store:
        """Open (creating if needed) the store in ``folder``.

        Raises:
            StoreLocked: another process has it open for writing (not for ``readonly``).
            StoreCorrupt: a file in it is not valid cxnotes data; it was left untouched.
            StoreError: the folder cannot be used.
        """
        lock = None
        if readonly:
            if not paths.snapshot_path(folder).exists() and not paths.journal_generations(folder):
                raise StoreError(f"There is no cxnotes store in {folder} yet.")
        else:
            prepare_folder(folder)
            lock = StoreLock(paths.lock_path(folder))
            lock.acquire()
        try:
            if lock is not None:
                _sweep_temp_files(folder)
            storage = JournalStorage(folder, readonly=readonly)
            db = CxTinyDB(storage=lambda: storage)
            store = cls(folder, db, storage, lock)
            if not readonly:
                store._seed()
                store._compact_if_large()
            return store
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def close(self) -> None:
        """Fold a large journal into the snapshot, then release the store."""
        with self._guard:
            if self._lock is not None:
                self._compact_if_large()
            self._storage.close()
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def compact(self) -> None:
        """Fold the journal into the snapshot; safe to call from a background thread.

        Raises:
            StoreWriteError: the new snapshot could not be written; nothing was lost.
        """
        self._storage.compact()

    def _compact_if_large(self) -> None:
        """Compact a large journal at open or close, unless the disk is full or read-only.

        Compacting only makes the next open faster; a store that cannot compact
        still holds everything, so failing here must not stop it opening or closing.
        """
        if self._storage.journal_bytes > COMPACT_AT_BYTES:
            with contextlib.suppress(StoreWriteError):
                self.compact()

    @property
    def readonly(self) -> bool:
        """Whether this store was opened for reading only."""
        return self._lock is None

    def _seed(self) -> None:
        """Give a new store the default value chain, once: the table, even emptied, stays."""
        if Step.TABLE not in self._storage.read():
            self.put(*models.default_steps())

    # -- generic records --------------------------------------------------------------

    def _table(self, cls: type[Record]) -> CxTable:
        return self._db.table(cls.TABLE)  # type: ignore[return-value]

    def put(self, *records: Record) -> None:
        """Save records (new or changed) in one atomic, durable batch."""
        self.write(put=records)

    def delete(self, *records: Record) -> None:
        """Delete records in one atomic, durable batch."""
        self.write(delete=records)

    def write(self, put: Iterable[Record] = (), delete: Iterable[Record] = ()) -> None:
        """Save and delete records in one atomic, durable batch.

        Raises:
            StoreWriteError: nothing was written; keep the records and retry.
        """
        ops: list[Op] = [(r.TABLE, r.id, models.to_doc(r)) for r in put]
        ops += [(r.TABLE, r.id, None) for r in delete]
        with self._guard:
            self._storage.apply(ops)
            for table in {op[0] for op in ops}:
                self._db.table(table).clear_cache()

    def get(self, cls: type[R], record_id: str | None) -> R | None:
        """Return the record with this id, or None."""
        if record_id is None:
            return None
        doc = self._raw(cls).get(record_id)
        return models.from_doc(cls, doc) if doc is not None else None

    def all(self, cls: type[R]) -> list[R]:
        """Return every record of a kind."""
        return [models.from_doc(cls, doc) for doc in list(self._raw(cls).values())]

    def where(self, cls: type[R], **equals: Any) -> list[R]:
        """Return the records whose fields equal the given values."""
        items = equals.items()
        return [
            models.from_doc(cls, doc)
            for doc in list(self._raw(cls).values())
            if all(doc.get(key) == value for key, value in items)
        ]

    def count(self, cls: type[Record]) -> int:
        """How many records of a kind there are."""
        return len(self._raw(cls))

    def docs(self, cls: type[Record]) -> Iterator[dict[str, Any]]:
        """Iterate the raw stored dicts of a kind (read-only!), for bulk work like ranking."""
        return iter(list(self._raw(cls).values()))

    def version(self, *classes: type[Record]) -> tuple[int, ...]:
        """Numbers that grow whenever records of these kinds change, for caches of derived data.

        Equal numbers mean the same documents (docs are replaced, never changed in place).
        """
        return tuple(self._storage.version(cls.TABLE) for cls in classes)

    def _raw(self, cls: type[Record]) -> dict[str, dict[str, Any]]:
        return self._storage.read().get(cls.TABLE, {})

    # -- domain helpers ---------------------------------------------------------------

    def steps(self, *, include_retired: bool = False) -> list[Step]:
        """The value chain in order."""
        steps = sorted(self.all(Step), key=lambda s: (s.order, s.name))
        return [s for s in steps if include_retired or not s.retired]

    def step_slugs(self) -> list[str]:
        """Slugs of the active steps, in order."""
        return [s.slug for s in self.steps()]

    def customer_named(self, name: str) -> Customer | None:
        """The customer with this name (case-insensitive), if any."""
        wanted = name.strip().casefold()
        for doc in self._raw(Customer).values():
            if str(doc.get("name", "")).casefold() == wanted:
                return models.from_doc(Customer, doc)
        return None

    def fix_titled(self, title: str) -> Fix | None:
        """The fix with this title (case-insensitive), if any."""
        wanted = title.strip().casefold()
        for doc in self._raw(Fix).values():
            if str(doc.get("title", "")).casefold() == wanted and not doc.get("merged_into"):
                return models.from_doc(Fix, doc)
        return None

    def open_fix_titles(self) -> list[str]:
        """Titles of the fixes a new pain point can join: not merged, shipped or dropped."""
        closed = ("shipped", "won't fix")
        return [
            str(doc.get("title", ""))
            for doc in self._raw(Fix).values()
            if not doc.get("merged_into") and doc.get("status") not in closed
        ]

    def lines_of(self, call_id: str) -> list[Line]:
        """A call's transcript in order."""
        return sorted(self.where(Line, call_id=call_id), key=lambda line: line.index)

    def pain_points_of(self, call_id: str) -> list[PainPoint]:
        """A call's pain points, oldest first."""
        return sorted(self.where(PainPoint, call_id=call_id), key=lambda p: p.created_at)

    def promises_of(self, call_id: str) -> list[Promise]:
        """Promises made on a call, oldest first."""
        return sorted(self.where(Promise, call_id=call_id), key=lambda p: p.created_at)

    def unfinished_calls(self) -> list[Call]:
        """Calls not yet ended, newest first."""
        return sorted(self.where(Call, ended_at=None), key=lambda c: c.started_at, reverse=True)


def _prepare_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    except OSError as error:
        raise StoreError(f"Cannot use {folder} for the store: {error.strerror or error}.") from error
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"Cannot write to {folder}; check its permissions or use --data-dir.")


def _sweep_temp_files(folder: Path) -> None:
    for path in folder.glob(f".*{paths.TEMP_MARK}*"):
        path.unlink(missing_ok=True)
