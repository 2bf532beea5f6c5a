"""The team sync's bookkeeping in the local store: what was pushed, what was pulled.

The team sync (:mod:`cxnotes.team`) reads and writes the same SQLite database as
every other cxnotes process, through its own connection, so the app's store and a
sync running beside it never wait on each other for more than a commit.

What it keeps, in the store's ``meta`` table and one table of its own:

- ``team.pushed``: the position ``[seq, table, id]`` of the last local row the server
  has committed. Local rows are pushed in ``(seq, table, id)`` order, so a batch of
  any size (an import, a demo store) can go in several server transactions and the
  position says exactly where the next one starts. It moves only after the server
  has committed (see :meth:`Ledger.mark_pushed`).
- ``team.pulled``: the server revision up to which every other member's row is in (held
  back before a row skipped for a local change still waiting, see :meth:`Ledger.apply_pulled`).
- ``team.url`` (without a password), ``team.store_id``, ``team.operator``, ``team.synced``.
- ``team_pulled``: the local seqs of batches that were pulled, not written here:
  those rows are the server's already and are never pushed back.
- the index ``docs_push_order`` on ``docs(seq, tbl, id)``, made when a store first syncs.

A pulled page is applied as one local batch, together with its seq in
``team_pulled`` and the new ``team.pulled`` revision: a ``kill -9`` at any moment
leaves either all of it or none of it, and the next pull asks again from the old
revision. A pulled row never replaces a local change still waiting to be pushed:
that change will reach the server after the pulled one, so it wins there (see the
conflict rule in :mod:`cxnotes.team`).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from cxnotes.i18n import _
from cxnotes.storage.batch import NEXT_SEQ, UPSERT
from cxnotes.storage.documents import Doc, crc, dumps, index_keys
from cxnotes.storage.errors import StoreError, StoreWriteError, no_store
from cxnotes.storage.sqlite import DB_NAME

Position = tuple[int, str, str]
"""Where a local row stands in push order: (seq, table, id)."""

START: Position = (0, "", "")


_TABLE = "CREATE TABLE IF NOT EXISTS team_pulled(seq INTEGER PRIMARY KEY)"

_INDEX = "CREATE INDEX IF NOT EXISTS docs_push_order ON docs(seq, tbl, id)"


class Ledger:
    """The sync's own connection to a store's database (the store must exist)."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / DB_NAME
        if not self.path.exists():
            raise StoreError(no_store(folder))
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        with self._guarded("prepare"):
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")

    def prepare(self) -> None:
        """Create what the sync keeps beside the documents, once (a store that never syncs has none).

        The index walks local rows in push order: without it every batch of a big first
        push sorted the rows still to go (100,000 pain points: 99 s, most of it sorting).
        """
        with self._lock, self._guarded("prepare"):
            self._db.execute(_TABLE)
            self._db.execute(_INDEX)

    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._db.close()

    @contextlib.contextmanager
    def _guarded(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            said = {
                "prepare": _(
                    "Could not prepare the store {path} for the team sync: {error}. Nothing was changed."
                ),
                "read": _("Could not read the store {path} for the team sync: {error}. Nothing was changed."),
                "save to": _(
                    "Could not save to the store {path} for the team sync: {error}. Nothing was changed."
                ),
            }[doing]
            raise StoreWriteError(said.format(path=self.path, error=error)) from error

    @contextlib.contextmanager
    def _transaction(self, doing: str) -> Iterator[sqlite3.Connection]:
        with self._lock, self._guarded(doing):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise

    # -- meta ---------------------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        """A ``team.*`` setting (stored as JSON), or ``default``."""
        with self._lock, self._guarded("read"):
            found = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return default if found is None else json.loads(found[0])

    def set(self, **values: Any) -> None:
        """Set ``team.*`` settings in one transaction (``team_url=...`` sets ``team.url``)."""
        rows = [(_key(name), json.dumps(value)) for name, value in values.items()]
        with self._transaction("save to") as db:
            db.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", rows)

    def start_team(self, url: str) -> None:
        """Remember a new team server: everything in this store is new to it, nothing pulled from it yet."""
        with self._transaction("save to") as db:
            values = {"team.url": url, "team.pushed": list(START), "team.pulled": 0}
            db.executemany(
                "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                [(key, json.dumps(value)) for key, value in values.items()],
            )
            db.execute("DELETE FROM team_pulled")  # another team's rows are this store's to share now

    def pushed(self) -> Position:
        """The last local row the server has committed."""
        seq, table, doc_id = self.get("team.pushed", list(START))
        return int(seq), str(table), str(doc_id)

    # -- pushing ------------------------------------------------------------------------

    def unpushed(self, after: Position, limit: int, damage: list[str]) -> list[tuple[Position, str | None]]:
        """Local rows after ``after`` in push order, at most ``limit``: (position, JSON text or None).

        Rows pulled from the server are left out. A row whose bytes fail their checksum
        is reported in ``damage`` and left out: damage is never sent to the team.
        """
        query = (
            "SELECT seq, tbl, id, doc, crc FROM docs WHERE (seq, tbl, id) > (?, ?, ?) "
            "AND seq NOT IN (SELECT seq FROM team_pulled) ORDER BY seq, tbl, id LIMIT ?"
        )
        with self._lock, self._guarded("read"):
            found = self._db.execute(query, (*after, limit)).fetchall()  # a seek in docs_push_order
        rows: list[tuple[Position, str | None]] = []
        for seq, table, doc_id, data, check in found:
            if data is not None and zlib.crc32(data) != check:
                damage.append(
                    _("{path}: the {table} record {id} is damaged; it was not sent.").format(
                        path=self.path, table=table, id=doc_id
                    )
                )
                continue
            rows.append(((seq, table, doc_id), None if data is None else data.decode("utf-8")))
        return rows

    def waiting(self) -> int:
        """How many local changes the server has not committed yet."""
        query = (
            "SELECT count(*) FROM docs WHERE (seq, tbl, id) > (?, ?, ?) "
            "AND seq NOT IN (SELECT seq FROM team_pulled)"
        )
        with self._lock, self._guarded("read"):
            pushed = self.pushed()
            return int(self._db.execute(query, pushed).fetchone()[0])

    def mark_pushed(self, position: Position) -> None:
        """The server has committed every local row up to ``position``."""
        with self._transaction("save to") as db:
            if tuple(position) > self.pushed():  # two syncs at once: the later answer may be the older
                db.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('team.pushed', ?)",
                    (json.dumps(position),),
                )

    # -- pulling ------------------------------------------------------------------------

    def apply_pulled(self, rows: list[tuple[str, str, Doc | None, bool, int]], last: int) -> tuple[int, int]:
        """Apply one pulled page as one local batch; return (rows applied, local versions kept).

        ``rows``: (table, id, document or None, whether the server version replaced one
        its writer had not seen, revision); ``last``: the page's last revision, the new
        pulled position. A row with a local change waiting to be pushed is skipped, and
        the pulled position stays before it: that change wins when pushed, and the
        server, seeing this member never pulled the version it replaces, keeps that
        one as a conflict. When the server says a version was replaced unseen and the
        local one is this member's own, differing, write, the local one is kept in
        ``conflicts`` before it is replaced.
        """
        import msgspec  # twice as fast as json for a first pull's hundred thousand documents

        encode, decode = msgspec.json.encode, msgspec.json.decode
        with self._transaction("save to") as db:
            pushed = self.pushed()
            here = self._local_rows(db, [(table, doc_id) for table, doc_id, *_rest in rows])
            ops, kept, cursor = [], 0, last
            for table, doc_id, doc, unseen, revision in rows:
                local = here.get((table, doc_id))
                if local is not None:
                    local_seq, local_doc, was_pulled = local
                    if not was_pulled and (local_seq, table, doc_id) > pushed:
                        cursor = min(cursor, revision - 1)  # waiting to be pushed: it will win there
                        continue
                    if local_doc is not None and doc is not None and decode(local_doc) == doc:
                        continue  # already here (pulled before, or the same merge made on both)
                    if unseen and not was_pulled:
                        db.execute(
                            "INSERT INTO conflicts(tbl, id, seq, doc, replaced_by) VALUES (?, ?, ?, ?, 0)",
                            (table, doc_id, local_seq, local_doc),
                        )
                        kept += 1
                elif doc is None:
                    continue  # a deletion of something this member never had
                data = None if doc is None else encode(doc)
                parent, lookup = (None, None) if doc is None else index_keys(table, doc)
                ops.append((table, doc_id, data, crc(data), parent, lookup))
            if ops:
                (seq,) = db.execute(NEXT_SEQ).fetchone()
                db.executemany(UPSERT, [(t, i, seq, x, c, p, k) for t, i, x, c, p, k in ops])
                db.execute("INSERT INTO team_pulled(seq) VALUES (?)", (seq,))
            if cursor > int(self.get("team.pulled", 0)):
                db.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('team.pulled', ?)", (json.dumps(cursor),)
                )
        return len(ops), kept

    @staticmethod
    def _local_rows(
        db: sqlite3.Connection, keys: list[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[int, bytes | None, bool]]:
        """The stored (seq, doc, pulled?) of each (table, id) in ``keys`` that is here, in few queries."""
        found: dict[tuple[str, str], tuple[int, bytes | None, bool]] = {}
        by_table: dict[str, list[str]] = {}
        for table, doc_id in keys:
            by_table.setdefault(table, []).append(doc_id)
        for table, ids in by_table.items():
            for start in range(0, len(ids), 500):  # SQLite takes a bounded number of parameters
                some = ids[start : start + 500]
                query = (
                    "SELECT id, seq, doc, seq IN (SELECT seq FROM team_pulled) FROM docs "
                    f"WHERE tbl = ? AND id IN ({','.join('?' * len(some))})"
                )
                for doc_id, seq, doc, pulled in db.execute(query, (table, *some)):
                    found[table, doc_id] = (seq, doc, bool(pulled))
        return found

    def conflicts(self) -> list[tuple[str, str, str]]:
        """Local versions replaced by a later one: (table, id, when), oldest first."""
        with self._lock, self._guarded("read"):
            return [tuple(row) for row in self._db.execute("SELECT tbl, id, replaced_at FROM conflicts")]

    # -- what the fold needs ------------------------------------------------------------

    def find(self, table: str, where: str, key: str) -> list[Doc]:
        """Live documents of ``table`` by ``parent``, ``lookup`` or a JSON field (``$.customer_id``)."""
        return [doc for doc, _pulled in self.find_with_origin(table, where, key)]

    def find_with_origin(self, table: str, where: str, key: str) -> list[tuple[Doc, bool]]:
        """Like :meth:`find`, each with whether its current version was pulled from the team."""
        column = where if where in ("parent", "lookup") else "json_extract(CAST(doc AS TEXT), ?)"
        args: tuple[str, ...] = (table, key) if where in ("parent", "lookup") else (table, where, key)
        query = (
            "SELECT doc, seq IN (SELECT seq FROM team_pulled) FROM docs "
            f"WHERE tbl = ? AND doc IS NOT NULL AND {column} = ?"
        )
        with self._lock, self._guarded("read"):
            return [(json.loads(data), bool(pulled)) for data, pulled in self._db.execute(query, args)]

    def find_set(self, table: str, field: str) -> list[Doc]:
        """Live documents of ``table`` whose JSON ``field`` is set (not null): merged fixes, say."""
        query = (
            "SELECT doc FROM docs WHERE tbl = ? AND doc IS NOT NULL "
            "AND json_extract(CAST(doc AS TEXT), ?) IS NOT NULL"
        )
        with self._lock, self._guarded("read"):
            return [json.loads(data) for (data,) in self._db.execute(query, (table, f"$.{field}"))]

    def write_local(self, docs: list[tuple[str, Doc]], delete: Sequence[tuple[str, str]] = ()) -> None:
        """Save and delete documents as this member's own batch (the fold's merges): pushed like any."""
        with self._transaction("save to") as db:
            (seq,) = db.execute(NEXT_SEQ).fetchone()
            rows: list[tuple[str, str, int, bytes | None, int, str | None, str | None]] = []
            for table, doc in docs:
                data = dumps(doc)
                parent, lookup = index_keys(table, doc)
                rows.append((table, doc["id"], seq, data, crc(data), parent, lookup))
            rows += [(table, doc_id, seq, None, 0, None, None) for table, doc_id in delete]
            db.executemany(UPSERT, rows)

    def duplicate_keys(self, table: str) -> list[str]:
        """Folded names or titles that more than one live document of ``table`` has."""
        query = (
            "SELECT lookup FROM docs WHERE tbl = ? AND doc IS NOT NULL AND lookup IS NOT NULL "
            "GROUP BY lookup HAVING count(*) > 1"
        )
        with self._lock, self._guarded("read"):
            return [key for (key,) in self._db.execute(query, (table,))]


def _key(name: str) -> str:
    """``team_url`` -> ``team.url``."""
    return name.replace("_", ".", 1)
