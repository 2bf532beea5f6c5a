"""One write transaction: a batch of puts and deletes under the next seq, all of it or none.

:class:`~cxnotes.storage.sqlite.SqliteStorage` holds the write lock and turns SQLite's
errors into sentences; this module is what happens inside: the batch's number, the
versions it replaces that this process had not seen (kept in ``conflicts``), new names
checked again (two processes creating the same fix at once make it once), the rows.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from cxnotes.i18n import _
from cxnotes.storage.documents import Op, crc, dumps, index_keys
from cxnotes.storage.errors import NameTaken, StoreCorrupt

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs `cxnotes log` 3 ms to import: annotations only
    from typing import Any

    Prepared = tuple[str, str, bytes | None, int, str | None, str | None]
    """(table, id, encoded document or None for a delete, its checksum, parent key, lookup key)."""

UPSERT = """
INSERT INTO docs(tbl, id, seq, doc, crc, parent, lookup) VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(tbl, id) DO UPDATE SET
    seq = excluded.seq, doc = excluded.doc, crc = excluded.crc,
    parent = excluded.parent, lookup = excluded.lookup
"""


SEQ = "SELECT value FROM meta WHERE key = 'seq'"
"""The seq of the last batch committed (read with :func:`seq_in`)."""

NEXT_SEQ = "UPDATE meta SET value = value + 1 WHERE key = 'seq' RETURNING value"
"""Take the next seq: the batch's number."""


def rows_of(ops: Iterable[Op]) -> list[Prepared]:
    """The batch's rows, encoded before the write lock is taken."""
    rows: list[Prepared] = []
    for table, doc_id, doc in ops:
        data = None if doc is None else dumps(doc)
        parent, lookup = (None, None) if doc is None else index_keys(table, doc)
        rows.append((table, doc_id, data, crc(data), parent, lookup))
    return rows


def commit(
    conn: sqlite3.Connection,
    rows: list[Prepared],
    expected: dict[tuple[str, str], int],
    once: str | None,
    also: tuple[str, ...],
    new_names: set[tuple[str, str]] | None,
    path: Path,
) -> tuple[int, int] | None:
    """Write ``rows`` in one transaction on ``conn``; return its seq and the versions kept as replaced.

    With ``once``, only if that meta key is not set yet (then it and the ``also`` keys are
    set in the same transaction; None if it was set already).

    Raises:
        NameTaken: a document of ``new_names`` has a name another process gave a record first.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        if once is not None:
            if conn.execute("SELECT 1 FROM meta WHERE key = ?", (once,)).fetchone() is not None:
                conn.execute("COMMIT")
                return None
            conn.execute("INSERT INTO meta(key, value) VALUES (?, 1)", (once,))
            conn.executemany("INSERT OR IGNORE INTO meta(key, value) VALUES (?, 1)", [(k,) for k in also])
        seq = seq_in(conn.execute(NEXT_SEQ).fetchone(), path)
        replaced = _keep_replaced(conn, expected) if expected else 0
        for table, doc_id, _data, _check, _parent, lookup in rows:
            if new_names and (table, doc_id) in new_names and lookup is not None:
                _check_name_free(conn, table, doc_id, lookup)
        conn.executemany(UPSERT, [(t, i, seq, x, c, p, k) for t, i, x, c, p, k in rows])
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    return seq, replaced


def seq_in(row: tuple[Any, ...] | None, path: Path) -> int:
    """The seq a query of ``meta`` found; damage in the file can make it missing or no number."""
    if row is None or not isinstance(row[0], int):
        raise StoreCorrupt(
            _(
                "{path} is damaged: its count of saved batches cannot be read. It was left untouched. "
                "Move the folder aside and restore it from a backup, or ask for help."
            ).format(path=path)
        )
    return row[0]


def _keep_replaced(conn: sqlite3.Connection, expected: dict[tuple[str, str], int]) -> int:
    """Keep the stored versions of ``expected`` documents written since this process read them."""
    replaced = 0
    for (table, doc_id), seen in expected.items():
        found = conn.execute("SELECT seq, doc FROM docs WHERE tbl = ? AND id = ?", (table, doc_id)).fetchone()
        if found is not None and found[0] > seen:
            conn.execute(
                "INSERT INTO conflicts(tbl, id, seq, doc, replaced_by) VALUES (?, ?, ?, ?, ?)",
                (table, doc_id, found[0], found[1], os.getpid()),
            )
            replaced += 1
    return replaced


def _check_name_free(conn: sqlite3.Connection, table: str, doc_id: str, lookup: str) -> None:
    """Raise :class:`NameTaken` if another live, unmerged ``table`` document has this lookup key."""
    query = (
        "SELECT id FROM docs WHERE tbl = ? AND lookup = ? AND id != ? AND doc IS NOT NULL "
        "AND json_extract(CAST(doc AS TEXT), '$.merged_into') IS NULL LIMIT 1"
    )
    found = conn.execute(query, (table, lookup, doc_id)).fetchone()
    if found is not None:
        raise NameTaken(table, found[0])
