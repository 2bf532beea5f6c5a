"""The store on disk: one SQLite database in WAL mode, shared by every cxnotes process.

Why SQLite under TinyDB's documents
-----------------------------------
A team's store is used by many processes at once: the app, CLI commands run beside
it, one process per browser tab. It holds a realistic year (about 100,000 pain points
and a million transcript lines), which no process should have to read whole to log
one line. SQLite in WAL mode gives what that needs and is part of Python: atomic,
durable commits from any number of processes (writers queue for a few milliseconds,
readers never wait), indexes, and reads of just the rows asked for. Records stay
TinyDB documents (JSON objects in named tables, keyed by id), and
:class:`SqliteStorage` is a TinyDB ``Storage``: ``TinyDB(storage=SqliteStorage,
folder=...)`` works on a store, and TinyDB's own test suite runs against it.

Layout
------
``docs`` holds one row per document: its table, id, the JSON text, a CRC-32 of that
text (so a flipped byte is reported, never read as data), the *seq* of the batch that
last wrote it, and two index keys (``parent``: the call a line, pain point or promise
belongs to; ``lookup``: a folded name or title, or a pain point's fix). A delete keeps
the row with ``doc`` NULL (a tombstone), so other processes and the team sync learn
of it. ``meta`` holds the marker, the schema and the last seq. ``conflicts`` keeps a
version another process wrote that this one then replaced (see :meth:`apply`), or, in
a store that syncs with a team, this member's version that a teammate's replaced.
The team sync keeps its own bookkeeping beside them (``team.*`` keys in ``meta`` and
a ``team_pulled`` table): see :mod:`cxnotes.storage.ledger`.

Durability: ``synchronous=FULL``, so a batch is on disk (the WAL fsynced) when
:meth:`apply` returns; a ``kill -9`` or power cut at any moment leaves every
acknowledged batch and nothing half-applied. SQLite checkpoints the WAL into the
database as it grows, in whichever writer commits at that moment (a few ms).
"""

from __future__ import annotations

import _thread  # its locks are threading's; importing threading costs `cxnotes log` 1 ms
import contextlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote  # pathlib's import: loaded already

from cxnotes.i18n import _
from cxnotes.storage import batch, projection, schema
from cxnotes.storage.documents import (
    GROWING,
    Doc,
    Op,
    Row,
    bulk_decoder,
    decoded,
)
from cxnotes.storage.errors import StoreCorrupt, StoreError, no_store
from cxnotes.storage.schema import DB_NAME

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs `cxnotes log` 3 ms to import: annotations only
    from typing import Any

BULK_ROWS, BULK_CACHE_KB = 1000, 65536
"""A batch of this many records gets this much page cache: every index page 8,000 records change."""

FOLD_AT = 1 << 20
"""Bytes of write-ahead log past which even a one-shot command folds it in when it closes (about
fifty ``cxnotes log`` batches): what the next process reads back at its open stays small."""


class SqliteStorage:
    """A cxnotes store's database: documents in, documents out, durable and shared.

    It is a TinyDB storage (``read``, ``write``, ``close``: TinyDB's ``Storage``
    protocol) without subclassing ``tinydb.storages.Storage``, whose import would
    cost every one-shot command 10 ms; TinyDB's own test suite runs against it.

    Thread-safe: writes go through one connection under a lock; reads use a second
    connection under another, so a long read never holds up a save, and whole tables a
    third, so it holds up no other read either. A ``one_shot`` storage (``cxnotes log``: a few
    reads, one batch) reads through the writer's connection instead, under the writer's lock:
    a second connection's first read parses the store's schema again (3 million instructions, a
    millisecond), and waiting for no one matters only in an app.
    """

    def __init__(
        self, folder: str | os.PathLike[str], *, create: bool = True, one_shot: bool = False
    ) -> None:
        self.folder = Path(folder)
        self.path = self.folder / DB_NAME
        self._wlock = _thread.RLock()
        self._rlock = _thread.RLock()
        self._bulk = _thread.RLock()
        """Held while a table is read whole, on a connection of its own (closed after, with its
        page cache): that read (a second for 100,000 pain points) holds up no other read."""
        if not self.path.exists():
            if not create:
                raise StoreError(no_store(self.folder))
            schema.create_owner_only(self.path)
        self._w, objects, meta = schema.opened(self.path)
        try:
            self._cache, self._big_cache = int(self._w.execute("PRAGMA cache_size").fetchone()[0]), False
            self.frozen = schema.is_frozen(self._w)
            """Opened to read only because the disk was full (see :func:`schema.opened`)."""
            self._marks = frozenset(meta)
            """The ``meta`` keys found at the open: a mark once set stays (see :meth:`seed`)."""
            with self._wlock, self._guarded("prepare"):
                schema.prepare(self._w, objects)
                self._calls_indexed = schema.add_call_indexes(self._w, objects)
                self._projected = projection.install(self._w, meta)
            self._other = schema.connect(self.path) if self.frozen else self._reader()
            """The second connection: reads go through it (a one_shot's go through the writer's); closed
            last, it keeps the log."""
            self._r = self._other
            if one_shot and not self.frozen:
                self._r, self._rlock = self._w, self._wlock
                # It reads the header only, parsing no schema; having read the file, it holds it.
                self._other.execute("PRAGMA user_version")
        except BaseException:
            self.close()
            raise

    def _guarded(self, doing: str) -> contextlib.AbstractContextManager[None]:
        """SQLite's errors while ``doing`` turned into sentences for the user (:func:`schema.guarded`)."""
        return schema.guarded(doing, self.folder, self.path, frozen=self.frozen)

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file and shrink it."""
        with self._wlock, self._guarded("compact"):
            self._w.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self, *, fold_log: bool = True) -> None:
        """Close both connections (idempotent).

        ``fold_log`` False leaves the write-ahead log for the next process to fold in, instead
        of folding it into the database now: that fold (SQLite's checkpoint, with its fsyncs)
        was most of what closing cost a one-shot ``cxnotes log``. Nothing is less durable:
        every batch was fsynced into the log when it was committed, and a log left behind is
        what SQLite finds after a crash and reads back at the next open. That reading costs the
        next opener about 0.4 ms a MB, and one-shot writers (one commit each) were seen never to
        fold it on their own, so a log grown past :data:`FOLD_AT` is folded anyway. SQLite folds
        the log only in the last connection to close, and the second one, being read-only, cannot:
        closed last, it leaves the log; closed first, the writer folds it. (A ``one_shot``'s second
        connection read the file's header only, which is enough: a connection that has read the
        file holds it shared until closed, and the writer folds the log only when no one does.)
        """
        if not fold_log:
            with contextlib.suppress(OSError):
                fold_log = os.path.getsize(f"{self.path}-wal") > FOLD_AT
        with self._wlock, self._rlock, self._bulk:
            other = getattr(self, "_other", None)
            for conn in (other, self._w) if fold_log else (self._w, other):
                if conn is not None:
                    with contextlib.suppress(sqlite3.Error):
                        conn.close()

    def _reader(self) -> sqlite3.Connection:
        """The connection reads go through: read-only (see :meth:`close`), on the file the writer checked."""
        uri = f"file:{quote(str(self.path))}?mode=ro"
        return sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None, check_same_thread=False)

    # -- writing ----------------------------------------------------------------------

    def apply(
        self,
        ops: Iterable[Op],
        expected: dict[tuple[str, str], int] | None = None,
        new_names: Iterable[tuple[str, str]] = (),
    ) -> tuple[int, int]:
        """Make a batch of puts and deletes durable, atomically; return its seq and conflicts kept.

        ``expected`` gives, for documents this process has read, the seq it read them
        at. If another process wrote one since, this batch still wins (last writer
        wins, per document), and the version it replaces is kept in ``conflicts``.
        ``new_names`` are (table, id) of documents created because no live, unmerged
        one had their name: checked again inside the transaction, so two processes
        creating the same new fix or customer at once make it once.

        Raises:
            NameTaken: another process created a record of that name first; nothing was written.
            StoreWriteError: nothing was written (disk full, read-only folder, ...).
        """
        done = self._commit(list(ops), expected or {}, once=None, new_names=set(new_names))
        assert done is not None
        return done

    def seed(self, ops: list[Op], mark: str = "seeded", *, also: tuple[str, ...] = ()) -> bool:
        """Apply ``ops`` once in the store's life, as ``mark`` records; True if now.

        Used for a new store's default records, and for the documents of a v0.1 store
        (which also sets ``seeded``: v0.1 seeded its own steps). Many processes may open
        a new store at once; the check and the write are one transaction, so exactly
        one of them does it, and the ``also`` marks are set in that same transaction.
        """
        if mark in self._marks or self.has_mark(mark):  # a mark once set stays: no write lock to find it
            return False
        return self._commit(ops, {}, once=mark, also=also) is not None

    def setting(self, key: str) -> Any:
        """A setting the team sync keeps in ``meta`` as JSON (``team.url``, ...), or None."""
        with self._rlock, self._guarded("read"):
            found = self._r.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if found is None else json.loads(found[0])

    def has_mark(self, mark: str) -> bool:
        """Whether :meth:`seed` was done for ``mark``."""
        with self._rlock, self._guarded("read"):
            return self._r.execute("SELECT 1 FROM meta WHERE key = ?", (mark,)).fetchone() is not None

    def _commit(
        self,
        ops: list[Op],
        expected: dict[tuple[str, str], int],
        once: str | None,
        also: tuple[str, ...] = (),
        new_names: set[tuple[str, str]] | None = None,
    ) -> tuple[int, int] | None:
        """One write transaction (:func:`batch.commit`) under the write lock, SQLite's errors in words."""
        rows = batch.rows_of(ops)
        with self._wlock, self._guarded("save to"):
            self._size_cache(len(rows))
            return batch.commit(self._w, rows, expected, once, also, new_names, self.path)

    def _size_cache(self, rows: int) -> None:
        """Large batches get a cache holding every page they change (with 2 MB, an import's index pages
        spill into the WAL again and again); the next small batch gives it back: the app never keeps it."""
        big = rows >= BULK_ROWS
        if big != self._big_cache:
            self._w.execute(f"PRAGMA cache_size = {-BULK_CACHE_KB if big else self._cache}")
            self._big_cache = big

    # -- reading ----------------------------------------------------------------------

    def seq(self) -> int:
        """The seq of the last batch any process committed."""
        with self._rlock, self._guarded("read"):
            return batch.seq_in(self._r.execute(batch.SEQ).fetchone(), self.path)

    def table(self, table: str, damage: list[str], *, held: bool = False) -> tuple[int, list[Row]]:
        """Every live document of ``table``, and the seq they are current to; ``held``: to be kept in
        memory (as dicts that share their keys: :mod:`~cxnotes.storage.shared_keys`)."""
        if table not in GROWING:  # a few records (the steps, the fixes): the shared reader's turn is short
            return self._select("tbl = ? AND doc IS NOT NULL", (table,), damage, seq=True)
        decode = bulk_decoder()
        with self._bulk:
            conn = schema.connect(self.path)
            try:
                where = "tbl = ? AND doc IS NOT NULL"
                return self._select(
                    where, (table,), damage, decode, seq=True, reader=(self._bulk, conn), held=held
                )
            finally:
                conn.close()

    def changed_since(self, seq: int, tables: Iterable[str], damage: list[str]) -> tuple[int, list[Row]]:
        """Documents of ``tables`` written after ``seq`` (deletions as None), and the new seq."""
        names = list(tables)
        marks = ",".join("?" * len(names))
        # ``+tbl``: through the seq index. Without it SQLite picks the (tbl, id) index and walks
        # every row of those tables (375 ms at 100,000 pain points, at every look).
        return self._select(f"seq > ? AND +tbl IN ({marks})", (seq, *names), damage, seq=True)

    def indexed(self, table: str, column: str, key: str, damage: list[str]) -> list[Row]:
        """Live documents of ``table`` whose ``parent`` or ``lookup`` index key is ``key``.

        ``parent``: the call a line, pain point or promise belongs to, a call's customer;
        ``lookup``: a folded customer name or fix title, a pain point's fix, a promise's
        customer (see :func:`index_keys`).
        """
        if column not in ("parent", "lookup"):
            raise ValueError(f"no index on {column}")
        return self._select(f"tbl = ? AND {column} = ? AND doc IS NOT NULL", (table, key), damage)[1]

    def one(self, table: str, doc_id: str, damage: list[str]) -> Row | None:
        """One document by id, or None."""
        rows = self._select("tbl = ? AND id = ? AND doc IS NOT NULL", (table, doc_id), damage)[1]
        return rows[0] if rows else None

    def many(self, table: str, keys: list[str], damage: list[str], column: str = "id") -> list[Row]:
        """Live documents of ``table`` whose id (or ``parent``/``lookup`` key) is one of ``keys``."""
        if column not in ("id", "parent", "lookup"):
            raise ValueError(f"no index on {column}")
        rows: list[Row] = []
        for start in range(0, len(keys), 500):  # SQLite takes a bounded number of parameters
            some = keys[start : start + 500]
            where = f"tbl = ? AND {column} IN ({','.join('?' * len(some))}) AND doc IS NOT NULL"
            rows += self._select(where, (table, *some), damage, bulk_decoder())[1]
        return rows

    def counts_by_parent(self, table: str, parents: list[str]) -> dict[str, int]:
        """How many live documents of ``table`` each of ``parents`` has (pain points per call, ...)."""
        found: dict[str, int] = {}
        with self._rlock, self._guarded("read"):
            for start in range(0, len(parents), 500):  # SQLite takes a bounded number of parameters
                some = parents[start : start + 500]
                query = (
                    "SELECT parent, count(*) FROM docs WHERE tbl = ? AND doc IS NOT NULL "
                    f"AND parent IN ({','.join('?' * len(some))}) GROUP BY parent"
                )
                found.update(self._r.execute(query, (table, *some)).fetchall())
        return found

    def newest_calls(self, limit: int, damage: list[str]) -> tuple[list[Doc], int]:
        """The unfinished calls, then the ``limit`` newest finished ones (newest started first), and how
        many calls there are, in one snapshot: through the calls' indexes, reading no other call."""
        via = {n: f"docs INDEXED BY {n}" if self._calls_indexed else "docs" for n in schema.CALL_INDEXES}
        newest, ended = f"ORDER BY {schema.STARTED} DESC", schema.ENDED
        with self._rlock, self._guarded("read"):
            self._r.execute("BEGIN")
            try:
                where = f"{schema.CALLS} AND {ended} IS NULL {newest}"
                rows = self._select(where, (), damage, source=via["docs_calls_open"])[1]
                where = f"{schema.CALLS} AND {ended} IS NOT NULL {newest} LIMIT ?"
                rows += self._select(where, (limit,), damage, source=via["docs_calls_started"])[1]
                query = f"SELECT count(*) FROM {via['docs_calls_started']} WHERE {schema.CALLS}"
                docs = [doc for _, _, _, doc in rows if doc is not None]
                return docs, int(self._r.execute(query).fetchone()[0])
            finally:
                self._r.execute("COMMIT")

    def projects(self, table: str) -> bool:
        """Whether ``table`` has a projection here (a store made by an older cxnotes, opened where it
        cannot be written, has none)."""
        return table in self._projected

    def facts(self, table: str, fields: tuple[str, ...], present: str | None) -> list[projection.Facts]:
        """The ``fields`` of every live document of ``table`` (with ``present``: where that field is not
        null), in one query of its projection (see :meth:`projects`)."""
        with self._rlock, self._guarded("read"):
            return projection.read(self._r, table, fields, present)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[projection.Query]:
        """SQL queries of the projections, seeing one state of the store (:func:`projection.snapshot`)."""
        with self._rlock, self._guarded("read"), projection.snapshot(self._r) as query:
            yield query

    def count(self, table: str) -> int:
        """How many live documents ``table`` has."""
        with self._rlock, self._guarded("read"):
            query = "SELECT count(*) FROM docs WHERE tbl = ? AND doc IS NOT NULL"
            return int(self._r.execute(query, (table,)).fetchone()[0])

    def conflicts(self) -> list[tuple[str, str, str, Doc | None]]:
        """Versions replaced by a later writer: (table, id, when, the replaced document)."""
        with self._rlock, self._guarded("read"):
            found = self._r.execute("SELECT tbl, id, replaced_at, doc FROM conflicts ORDER BY n").fetchall()
        return [(t, i, when, None if doc is None else json.loads(doc)) for t, i, when, doc in found]

    def _select(
        self,
        where: str,
        args: tuple[Any, ...],
        damage: list[str],
        decode: Any = json.loads,
        *,
        seq: bool = False,
        source: str = "docs",
        reader: tuple[_thread.RLock, sqlite3.Connection] | None = None,
        held: bool = False,
    ) -> tuple[int, list[Row]]:
        """Rows matching ``where``; with ``seq``, also the seq they are current to, read in one snapshot.

        A lone SELECT is a snapshot already; the seq needs a second one in the same
        read transaction, which point queries (a call's lines, one record) do without.
        """
        lock, conn = reader or (self._rlock, self._r)
        with lock, self._guarded("read"):
            query = f"SELECT tbl, id, seq, doc, crc FROM {source} WHERE {where}"
            if not seq:
                rows, bad = decoded(conn.execute(query, args), decode)
                current = -1
            else:
                conn.execute("BEGIN")
                try:
                    current = batch.seq_in(conn.execute(batch.SEQ).fetchone(), self.path)
                    rows, bad = decoded(conn.execute(query, args), decode, held=held)  # decoded as read
                finally:
                    conn.execute("COMMIT")
        for table, doc_id in bad:
            damage.append(
                _(
                    "{path}: the {table} record {id} is damaged (its checksum does not match) "
                    "and was left out; the file was not changed."
                ).format(path=self.path, table=table, id=doc_id)
            )
        return current, rows

    # -- TinyDB's Storage interface ---------------------------------------------------

    def read(self) -> dict[str, dict[str, Doc]] | None:
        """Every table, as TinyDB reads a storage (for TinyDB's API; cxnotes reads by table)."""
        damage: list[str] = []
        _current, rows = self._select("doc IS NOT NULL", (), damage)
        if damage:
            raise StoreCorrupt(damage[0])
        with self._rlock:
            names = [n for (n,) in self._r.execute("SELECT value FROM meta WHERE key LIKE 'table:%'")]
        tables: dict[str, dict[str, Doc]] = {name: {} for name in names}
        for table, doc_id, _seq, doc in rows:
            tables.setdefault(table, {})[doc_id] = doc  # type: ignore[assignment]
        return tables or None

    def write(self, data: dict[str, dict[str, Doc]]) -> None:
        """Replace everything with ``data`` (TinyDB writes whole databases), as one batch."""
        current = self.read() or {}
        ops: list[Op] = []
        for table, docs in current.items():
            ops += [(table, doc_id, None) for doc_id in docs if str(doc_id) not in data.get(table, {})]
        for table, docs in data.items():
            ops += [(table, str(doc_id), dict(doc)) for doc_id, doc in docs.items()]
        with self._wlock:
            self.apply(ops)
            # TinyDB keeps an emptied table; a table with no documents has no rows, so name it.
            with self._guarded("save to"):
                self._w.execute("DELETE FROM meta WHERE key LIKE 'table:%'")
                self._w.executemany(
                    "INSERT INTO meta(key, value) VALUES (?, ?)", [(f"table:{t}", t) for t in data]
                )
