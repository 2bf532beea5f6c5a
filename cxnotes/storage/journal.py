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

Opening reads the snapshot and replays the journals of generation >= ``G`` in
order. Puts and deletes carry whole documents, so replaying a batch twice changes
nothing. A final journal line that is incomplete (the process died mid-append,
so the call never returned) is set aside in a ``.torn-*`` file and cut off;
anything else that does not parse makes the store refuse to open, naming the file,
which is never overwritten or deleted.

*Compaction* folds the journal into a new snapshot. Under the lock it starts
journal ``G+1`` (new writes go there) and takes a shallow copy of the tables;
documents are never mutated in place, so the copy is a consistent picture of
everything in journals ``<= G``. It then writes snapshot ``G+1`` outside the lock,
so writers never wait for it, and finally deletes the older journals. A crash at
any step leaves either the old snapshot and both journals, or the new snapshot and
a stale journal that the next open deletes: never a lost or half-applied change.

If a write fails (disk full, read-only folder), the journal is cut back to its last
good length, nothing is applied in memory and :class:`StoreWriteError` is raised;
the caller keeps the change and retries.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from cxnotes.storage import paths
from cxnotes.storage.errors import StoreCorrupt, StoreWriteError

SCHEMA = 1
"""Schema version of the documents this cxnotes writes."""

META_TABLE = "_meta"
"""Table holding the store's own facts; never shown to users."""

Tables = dict[str, dict[str, dict[str, Any]]]
Op = tuple[str, str, "dict[str, Any] | None"]


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class JournalStorage(Storage):
    """TinyDB storage keeping all tables in memory, durable through the journal.

    ``read`` returns the live in-memory tables (TinyDB's tables only read them);
    changes go through :meth:`apply`, which the store's table class calls.
    """

    def __init__(self, folder: Path, *, readonly: bool = False) -> None:
        self.folder = folder
        self.readonly = readonly
        self._data: Tables = {}
        self._lock = threading.RLock()
        self._generation = 0
        self._journal_fd: int | None = None
        self._journal_size = 0
        self._compacting = False
        self._load()
        if not readonly:
            self._open_journal(self._generation)

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
        """Close the journal; the in-memory tables stay readable."""
        with self._lock:
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
        line = (_dumps({"ops": batch}) + "\n").encode("utf-8")
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
            try:
                os.ftruncate(fd, self._journal_size)
            except OSError:
                pass  # retried before the next append
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

    # -- compaction -------------------------------------------------------------------

    @property
    def journal_bytes(self) -> int:
        """Size of the current journal: how much the next open would replay."""
        return self._journal_size

    def compact(self) -> None:
        """Fold the journal into a new snapshot (see the module docstring)."""
        with self._lock:
            if self.readonly or self._compacting or self._journal_fd is None:
                return
            self._compacting = True
            new_generation = self._generation + 1
            try:
                self._open_journal(new_generation)
            except OSError as error:
                self._compacting = False
                raise StoreWriteError(f"Could not start a new journal in {self.folder}: {error}") from error
            frozen = {table: dict(docs) for table, docs in self._data.items()}
        try:
            frozen[META_TABLE] = {"store": self._meta(new_generation)}
            self._write_snapshot(frozen)
            self._generation = new_generation
            for generation in paths.journal_generations(self.folder):
                if generation < new_generation:
                    paths.journal_path(self.folder, generation).unlink(missing_ok=True)
        except OSError as error:
            raise StoreWriteError(f"Could not write {paths.snapshot_path(self.folder)}: {error}") from error
        finally:
            self._compacting = False

    @staticmethod
    def _meta(generation: int) -> dict[str, Any]:
        return {"app": "cxnotes", "schema": SCHEMA, "generation": generation}

    def _write_snapshot(self, tables: Tables) -> None:
        target = paths.snapshot_path(self.folder)
        temp = paths.temp_path(target)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.writelines(_snapshot_lines(tables))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        _fsync_dir(self.folder)

    def _open_journal(self, generation: int) -> None:
        path = paths.journal_path(self.folder, generation)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if self._journal_fd is not None:
            os.close(self._journal_fd)
        self._journal_fd = fd
        self._journal_size = os.fstat(fd).st_size
        _fsync_dir(self.folder)

    # -- loading ----------------------------------------------------------------------

    def _load(self) -> None:
        for attempt in range(5):
            try:
                self._load_once()
                return
            except FileNotFoundError:
                # A compaction by the writer replaced what we were reading: start over.
                if attempt == 4:
                    raise
                time.sleep(0.05)

    def _load_once(self) -> None:
        snapshot = paths.snapshot_path(self.folder)
        self._data = {}
        self._generation = 0
        if snapshot.exists():
            self._data = _read_snapshot(snapshot)
            self._generation = _check_meta(snapshot, self._data)
        elif not self.readonly:
            self._data = {META_TABLE: {"store": self._meta(0)}}
            self._write_snapshot(self._data)
        for generation in paths.journal_generations(self.folder):
            path = paths.journal_path(self.folder, generation)
            if generation < self._generation:
                if not self.readonly:
                    path.unlink(missing_ok=True)  # already folded into the snapshot
                continue
            self._generation = generation
            self._replay(path)

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
        keep = path.with_name(f"{path.name}.torn-{int(time.time())}")
        fd = os.open(keep, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(tail)
            os.fsync(out.fileno())
        with path.open("r+b") as journal:
            journal.truncate(good_size)
            os.fsync(journal.fileno())


def _parse_batch(line: bytes) -> list[Op]:
    record = json.loads(line)
    ops = record["ops"] if isinstance(record, dict) else None
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


def _snapshot_lines(tables: Tables) -> Iterator[str]:
    """TinyDB's JSON layout, one document per line so it loads line by line."""
    yield "{\n"
    names = sorted(tables, key=lambda name: (name != META_TABLE, name))
    for t_index, table in enumerate(names):
        yield f"{_dumps(table)}: {{\n"
        docs = tables[table]
        last = len(docs) - 1
        for d_index, (doc_id, doc) in enumerate(docs.items()):
            comma = "," if d_index < last else ""
            yield f"{_dumps(doc_id)}: {_dumps(doc)}{comma}\n"
        yield "}" + ("," if t_index < len(names) - 1 else "") + "\n"
    yield "}\n"


def _read_snapshot(path: Path) -> Tables:
    """Read a snapshot; line by line (so other threads keep running), else as plain JSON."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise StoreCorrupt(_not_cxnotes(path, "it is not UTF-8 text")) from None
    try:
        return _parse_lines(text)
    except ValueError:
        pass
    try:
        data = json.loads(text)
    except ValueError as error:
        raise StoreCorrupt(_not_cxnotes(path, f"it is not valid JSON ({error})")) from None
    if not isinstance(data, dict) or not all(
        isinstance(docs, dict) and all(isinstance(doc, dict) for doc in docs.values())
        for docs in data.values()
    ):
        raise StoreCorrupt(_not_cxnotes(path, "it does not hold TinyDB tables"))
    return {str(t): {str(k): v for k, v in docs.items()} for t, docs in data.items()}


def _parse_lines(text: str) -> Tables:
    lines = text.split("\n")
    if lines[0] != "{" or lines[-2:] != ["}", ""]:
        raise ValueError("not our layout")
    tables: Tables = {}
    current: dict[str, dict[str, Any]] | None = None
    decode = json.JSONDecoder().raw_decode
    for line in lines[1:-2]:
        if current is None:
            if not line.endswith(": {"):
                raise ValueError("expected a table")
            current = tables.setdefault(json.loads(line[:-3]), {})
        elif line in ("}", "},"):
            current = None
        else:
            doc_id, end = decode(line)
            if not isinstance(doc_id, str) or line[end : end + 2] != ": ":
                raise ValueError("expected a document")
            doc, end = decode(line, end + 2)
            if not isinstance(doc, dict) or line[end:] not in ("", ","):
                raise ValueError("expected a document")
            current[doc_id] = doc
    if current is not None:
        raise ValueError("unclosed table")
    return tables


def _check_meta(path: Path, tables: Tables) -> int:
    meta = tables.get(META_TABLE, {}).get("store")
    if not isinstance(meta, dict) or meta.get("app") != "cxnotes":
        raise StoreCorrupt(_not_cxnotes(path, "it has no cxnotes marker"))
    schema = meta.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA:
        raise StoreCorrupt(
            f"{path} was written by a newer cxnotes (schema {schema}; this one reads up to "
            f"{SCHEMA}). Upgrade cxnotes; the file was left untouched."
        )
    generation = meta.get("generation", 0)
    return generation if isinstance(generation, int) else 0


def _not_cxnotes(path: Path, why: str) -> str:
    return (
        f"{path} is not a cxnotes store: {why}. It was left untouched. "
        "Move it aside (or use --data-dir for another folder) and start again."
    )
