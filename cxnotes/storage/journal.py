"""Crash-safe TinyDB storage: an atomic snapshot plus an append-only journal.

Why not TinyDB's ``JSONStorage``: it rewrites its one file in place (seek, write,
truncate), so a process killed mid-write leaves a torn, unreadable file, and every
change costs a rewrite of the whole database.

Design
------
The folder holds:

* ``cxnotes.json``, the *snapshot*: TinyDB's layout (``{table: {id: doc}}``) with
  one document per line, plus a ``_meta`` table recording the schema version and
  the snapshot's *generation* ``G``. It is only ever replaced atomically: written
  to a temporary file, fsynced, renamed over the old one, then the folder fsynced.
* ``journal-G.jsonl``, the changes made since snapshot ``G``: one JSON line per
  batch, ``{"ops": [[table, id, doc-or-null], ...]}``. A batch is appended with a
  single ``write`` and made durable with ``fdatasync`` before the call returns, so
  a saved edit costs one small append, whatever the size of the store.

Opening reads the snapshot (:mod:`cxnotes.storage.snapshot`) and replays the
journals of generation >= ``G`` in order. Puts and deletes carry whole documents,
so replaying a batch twice changes nothing. A final journal line that is
incomplete or unreadable (the process or the machine died mid-append, so the call
never returned) is copied to a ``.torn-*`` file next to the journal and only then
cut off; anything else that does not parse, or a missing snapshot beside existing
journals, makes the store refuse to open, naming the file, which is never
overwritten or deleted.

A read-only open takes no lock and may race the writer's compaction (snapshot
``G`` read, then journal ``G`` deleted before the journals are listed); it notices
that the snapshot was replaced meanwhile and reads again.

*Compaction* folds the journal into a new snapshot. Under the lock it starts
journal ``G+1`` (new writes go there) and takes a shallow copy of the tables;
documents are never mutated in place, so the copy is a consistent picture of
everything in journals ``<= G``. It then writes snapshot ``G+1`` outside the lock,
so writers never wait for it, and finally deletes the older journals. A crash at
any step leaves either the old snapshot and both journals, or the new snapshot and
a stale journal that the next open deletes: never a lost or half-applied change.
Closing waits for a running compaction, so none outlives the lock.

If a write fails (disk full, read-only folder), the journal is cut back to its last
good length, nothing is applied in memory and :class:`StoreWriteError` is raised;
the caller keeps the change and retries.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from cxnotes.storage import paths
from cxnotes.storage.errors import StoreCorrupt, StoreError, StoreWriteError
from cxnotes.storage.snapshot import (
    META_TABLE,
    Tables,
    check_meta,
    dumps,
    fsync_dir,
    meta,
    read_snapshot,
    write_snapshot,
)

Op = tuple[str, str, "dict[str, Any] | None"]


class _Replaced(Exception):
    """The snapshot was replaced while a read-only open was reading the folder."""


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` is now (inode, mtime), to notice an atomic replace; None if absent."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns


class JournalStorage(Storage):
    """TinyDB storage keeping all tables in memory, durable through the journal.

    ``read`` returns the live in-memory tables (TinyDB's tables only read them);
    changes go through :meth:`apply`, which the store's table class calls.
    """

    def __init__(self, folder: Path, *, readonly: bool = False) -> None:
        self.folder = folder
        self.readonly = readonly
        self._data: Tables = {}
        self._versions: dict[str, int] = {}
        self._lock = threading.RLock()
        self._generation = 0
        self._journal_fd: int | None = None
        self._journal_generation = 0
        self._journal_size = 0
        self._older_bytes = 0
        """Bytes of the journals before the current one that the next open would replay."""
        self._compacting = False
        self._compacted = threading.Condition(self._lock)
        try:
            self._load()
            if not readonly:
                self._open_journal(self._generation)
        except OSError as error:  # disk full or read-only while creating, or setting a torn line aside
            if self._journal_fd is not None:
                os.close(self._journal_fd)
            raise StoreWriteError(
                f"Could not open the store in {folder}: {error.strerror or error}. Nothing was lost; "
                "free some disk space or make the folder writable, then try again."
            ) from error

    # -- TinyDB's Storage interface -------------------------------------------------

    def read(self) -> Tables:
        """Return the live tables; callers must not mutate them."""
        return self._data

    def write(self, data: Tables) -> None:
        """Replace everything (TinyDB's ``drop_tables`` and friends)."""
        ops: list[Op] = []
        for table, docs in self._data.items():
            if table != META_TABLE:
                ops += [(table, doc_id, None) for doc_id in docs if doc_id not in data.get(table, {})]
        for table, docs in data.items():
            ops += [(table, str(doc_id), dict(doc)) for doc_id, doc in docs.items()]
        self.apply(ops)

    def close(self) -> None:
        """Wait for a running compaction, then close the journal; the tables stay readable.

        Waiting matters: a compaction left running after the store's lock is released
        could sweep-race or delete journals under the next process to open the folder.
        """
        with self._lock:
            while self._compacting:
                self._compacted.wait()
            if self._journal_fd is not None:
                os.close(self._journal_fd)
                self._journal_fd = None

    # -- changes ----------------------------------------------------------------------

    def apply(self, ops: Iterable[Op]) -> None:
        """Make a batch of puts (doc) and deletes (None) durable, then visible.

        Raises:
            StoreWriteError: the batch could not be written; nothing changed.
        """
        batch = list(ops)
        if not batch:
            return
        line = (dumps({"ops": batch}) + "\n").encode("utf-8")
        with self._lock:
            if self._journal_fd is None:
                raise StoreWriteError("The store is open read-only; nothing can be saved.")
            self._append(line)
            self._apply_in_memory(batch)

    def _append(self, line: bytes) -> None:
        fd = self._journal_fd
        assert fd is not None
        try:
            if os.fstat(fd).st_size != self._journal_size:
                os.ftruncate(fd, self._journal_size)
            written = os.write(fd, line)
            while written < len(line):
                written += os.write(fd, line[written:])
            os.fdatasync(fd)
        except OSError as error:
            with contextlib.suppress(OSError):  # else retried before the next append
                os.ftruncate(fd, self._journal_size)
            raise StoreWriteError(
                f"Could not save to {self.folder}: {error.strerror or error}. "
                "Your text is kept in memory and will be saved when writing works again."
            ) from error
        self._journal_size += len(line)

    def _apply_in_memory(self, batch: list[Op]) -> None:
        for table, doc_id, doc in batch:
            docs = self._data.setdefault(table, {})
            if doc is None:
                docs.pop(doc_id, None)
            else:
                docs[doc_id] = doc
        # After the change, never before: a reader that sees the new number also sees the new docs.
        for table in {op[0] for op in batch}:
            self._versions[table] = self._versions.get(table, 0) + 1

    def version(self, table: str) -> int:
        """How many batches have changed ``table`` since the store was read: a cheap "changed?" for caches."""
        return self._versions.get(table, 0)

    # -- compaction -------------------------------------------------------------------

    @property
    def journal_bytes(self) -> int:
        """Size of the journals: how much the next open would replay."""
        return self._older_bytes + self._journal_size

    def compact(self) -> None:
        """Fold the journal into a new snapshot (see the module docstring)."""
        with self._lock:
            if self.readonly or self._compacting or self._journal_fd is None:
                return
            self._compacting = True
            new_generation = self._generation + 1
            older = self._older_bytes
            if self._journal_generation != new_generation:  # else a failed compaction already began it
                older += self._journal_size
            try:
                self._open_journal(new_generation)
            except OSError as error:
                self._compacting = False
                raise StoreWriteError(f"Could not start a new journal in {self.folder}: {error}") from error
            self._older_bytes = older
            frozen = {table: dict(docs) for table, docs in self._data.items()}
        try:
            frozen[META_TABLE] = {"store": meta(new_generation)}
            write_snapshot(self.folder, frozen)
            self._generation = new_generation
            for generation in paths.journal_generations(self.folder):
                if generation < new_generation:
                    paths.journal_path(self.folder, generation).unlink(missing_ok=True)
            self._older_bytes = 0
        except OSError as error:
            raise StoreWriteError(f"Could not write {paths.snapshot_path(self.folder)}: {error}") from error
        finally:
            with self._lock:
                self._compacting = False
                self._compacted.notify_all()

    def _open_journal(self, generation: int) -> None:
        path = paths.journal_path(self.folder, generation)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if self._journal_fd is not None:
            os.close(self._journal_fd)
        self._journal_fd = fd
        self._journal_generation = generation
        self._journal_size = os.fstat(fd).st_size
        fsync_dir(self.folder)

    # -- loading ----------------------------------------------------------------------

    def _load(self) -> None:
        for attempt in range(5):
            try:
                self._load_once()
                return
            except (FileNotFoundError, _Replaced):
                # A compaction by the writer replaced what we were reading: start over.
                if attempt == 4:
                    raise StoreError(
                        f"The store in {self.folder} kept changing while it was being read; try again."
                    ) from None
                time.sleep(0.05)

    def _load_once(self) -> None:
        snapshot = paths.snapshot_path(self.folder)
        self._data = {}
        self._generation = 0
        identity = _identity(snapshot)
        if identity is not None:
            self._data = read_snapshot(snapshot)
            self._generation = check_meta(snapshot, self._data)
        elif paths.journal_generations(self.folder):
            raise StoreCorrupt(
                f"{snapshot} is missing but the journals next to it are there, so part of the store "
                "is gone. Nothing was changed; restore the file from a backup, or ask for help."
            )
        elif not self.readonly:
            self._data = {META_TABLE: {"store": meta(0)}}
            write_snapshot(self.folder, self._data)
        self._replay_journals()
        if self.readonly and _identity(snapshot) != identity:
            # Read snapshot G, then the writer compacted and deleted journal G before we listed
            # the journals: what we hold would lack journal G's changes.
            raise _Replaced

    def _replay_journals(self) -> None:
        sizes: list[int] = []
        for generation in paths.journal_generations(self.folder):
            path = paths.journal_path(self.folder, generation)
            if generation < self._generation:
                if not self.readonly:
                    path.unlink(missing_ok=True)  # already folded into the snapshot
                continue
            self._generation = generation
            self._replay(path)
            sizes.append(path.stat().st_size)
        self._older_bytes = sum(sizes[:-1])  # the last one is the journal this store appends to

    def _replay(self, path: Path) -> None:
        raw = path.read_bytes()
        lines = raw.split(b"\n")
        tail = lines.pop()  # after the last newline: empty unless the last append was cut short
        for number, line in enumerate(lines, start=1):
            try:
                batch = _parse_batch(line)
            except ValueError:
                if number == len(lines) and not tail:
                    tail = line + b"\n"
                    break
                raise StoreCorrupt(
                    f"{path} is damaged at line {number} and was left untouched. "
                    "Move the folder aside and restore it from a backup, or ask for help."
                ) from None
            self._apply_in_memory(batch)
        if tail and not self.readonly:
            self._set_aside_torn_tail(path, len(raw) - len(tail), tail)

    def _set_aside_torn_tail(self, path: Path, good_size: int, tail: bytes) -> None:
        """Keep the bytes of an append that never returned in a ``.torn-*`` file, then cut them off."""
        keep = path.with_name(f"{path.name}.torn-{time.strftime('%Y%m%d-%H%M%S')}-{os.urandom(3).hex()}")
        fd = os.open(keep, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(tail)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:  # no room for the copy: the journal keeps the bytes until there is
            keep.unlink(missing_ok=True)
            raise
        fsync_dir(self.folder)  # the copy must be durable before the journal loses the bytes
        with path.open("r+b") as journal:
            journal.truncate(good_size)
            os.fsync(journal.fileno())


def _parse_batch(line: bytes) -> list[Op]:
    record = json.loads(line)
    ops = record.get("ops") if isinstance(record, dict) else None
    if not isinstance(ops, list):
        raise ValueError("not a batch")
    batch: list[Op] = []
    for op in ops:
        if not (
            isinstance(op, list)
            and len(op) == 3
            and isinstance(op[0], str)
            and isinstance(op[1], str)
            and (op[2] is None or isinstance(op[2], dict))
        ):
            raise ValueError("not an op")
        batch.append((op[0], op[1], op[2]))
    return batch
