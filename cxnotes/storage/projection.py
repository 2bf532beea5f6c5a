"""Narrow copies of what ranking and counting read of each record, kept by SQLite itself.

Ranking, the summary's counts, trends and follow-ups read a few short fields of every
pain point (its fix, customer, call, severity, day, step...), call and customer.
Reading them from the documents means reading all of them: 100,000 pain points are
34 MB of JSON scattered among a million transcript lines' pages, over a second for
``cxnotes fixes``. The tables ``pain_points_facts``, ``calls_facts`` and
``customers_facts`` hold just those fields (:data:`FIELDS`), one compact row per live
record, so one query reads them; :class:`Facts` rows read like the stored dicts
(``row["fix_id"]``, ``row.get("fix_id")``), so the code that reads them is the code
that reads the documents (see :meth:`cxnotes.storage.store.Store.facts`).

Triggers on ``docs`` keep them, inside the transaction that writes the document: every
writer (the app, the CLI, importers, the team sync, TinyDB's API, an older cxnotes
on the same file) keeps them right without knowing of them, and a crash leaves both or
neither. A store made before them gets them once on a writable open (:func:`install`,
like the call indexes); a store that cannot be written to goes without, and its
readers read the documents as before.

For the one-shot ranking (:mod:`cxnotes.services.ranking_sql`) the store also keeps an index
of pain points by fix and customer (:data:`INDEXES`) and each customer's most severe point
per fix (:mod:`cxnotes.storage.best`), versioned by their own ``meta`` mark and made the same
way; a store without them ranks the same, slower.

What they do not do: check each document's checksum as the document path does. They
are filled from documents whose checksum matched (:func:`install`) or that were just
written, so they hold what was written; damage to a document's bytes later is found
and reported by whatever reads that document (the summary reads the ones it shows).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import zlib

from cxnotes.storage import schema

TYPE_CHECKING = False
if TYPE_CHECKING:  # not at run time: `cxnotes log` opens the store without importing `typing` (3 ms)
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from typing import Any

    Query = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]
    """Runs one SQL query (its text, its parameters) and returns its rows as tuples."""

FIELDS: dict[str, tuple[str, ...]] = {
    "pain_points": (
        "id",
        "fix_id",
        "customer_id",
        "call_id",
        "severity",
        "created_at",
        "involuntary",
        "step",
        "channel",
        "operator",
    ),
    "calls": ("id", "customer_id", "outcome", "channel", "operator", "started_at"),
    "customers": ("id", "value", "segment", "statuses"),
    "promises": ("id", "done", "created_at", "customer_id"),
}
"""Table -> the fields its projection holds: what ranking, the summary's counts and trends read (and
which promises the summary lists: it reads whole only the open ones)."""

JSON_FIELDS = frozenset({"statuses"})
"""Fields holding a list, kept as its JSON text and read back as the list."""


def table_of(table: str) -> str:
    """The projection's own table for the documents of ``table``."""
    return f"{table}_facts"


def _sql(table: str) -> tuple[tuple[str, ...], str]:
    """The statements that make ``table``'s projection and its triggers, and the one that fills it."""
    fields, facts = FIELDS[table], table_of(table)
    values = ", ".join(f"json_extract(j, '$.{name}')" for name in fields[1:])
    put = (
        f"INSERT OR REPLACE INTO {facts}({', '.join(fields)}) "
        f"SELECT NEW.id, {values} FROM (SELECT CAST(NEW.doc AS TEXT) AS j) "
        f"WHERE NEW.tbl = '{table}' AND NEW.doc IS NOT NULL AND json_valid(j);"
    )
    drop_old = f"DELETE FROM {facts} WHERE OLD.tbl = '{table}' AND id = OLD.id;"
    drop_new = f"DELETE FROM {facts} WHERE NEW.tbl = '{table}' AND id = NEW.id;"
    make = (
        f"CREATE TABLE IF NOT EXISTS {facts}(id TEXT PRIMARY KEY, {', '.join(fields[1:])}) WITHOUT ROWID",
        f"CREATE TRIGGER IF NOT EXISTS {facts}_insert AFTER INSERT ON docs "
        f"WHEN NEW.tbl = '{table}' BEGIN {drop_new} {put} END",
        f"CREATE TRIGGER IF NOT EXISTS {facts}_update AFTER UPDATE ON docs "
        f"WHEN NEW.tbl = '{table}' OR OLD.tbl = '{table}' BEGIN {drop_old} {drop_new} {put} END",
        f"CREATE TRIGGER IF NOT EXISTS {facts}_delete AFTER DELETE ON docs "
        f"WHEN OLD.tbl = '{table}' BEGIN {drop_old} END",
    )
    fill = (
        f"INSERT OR REPLACE INTO {facts}({', '.join(fields)}) "
        f"SELECT id, {values} FROM (SELECT id, CAST(doc AS TEXT) AS j FROM docs "
        f"WHERE tbl = '{table}' AND doc IS NOT NULL AND cxnotes_crc32(doc) = crc) WHERE json_valid(j)"
    )
    return make, fill


_MARK = "projection:facts"
"""The ``meta`` key saying the projections were made and filled (their triggers alone do not say it)."""

INDEXES: dict[str, str] = {
    "pain_points_facts_by_fix": "pain_points_facts(fix_id, customer_id, severity, created_at, id, "
    "involuntary, step) WHERE fix_id IS NOT NULL",
    "pain_points_facts_by_day": "pain_points_facts(created_at, step, fix_id, customer_id, call_id, channel, "
    "operator, severity)",
}
"""Indexes of the projections, by name. The one by fix holds, in the order the ranking reads
them, each fix's pain points by customer, most severe and newest last: SQLite picks each customer's
most severe point per fix by reading it in order (no sort of 50,000 rows), and reads no other page
(:mod:`cxnotes.services.ranking_sql`). The one by day holds what the summary's counts and the weekly
trends read of a pain point (:mod:`cxnotes.export.summary_sql`, :mod:`cxnotes.services.trends_sql`),
so that they read the weeks they count (:func:`days_between`), not the year. Each costs each write of
a pain point one more entry."""

_INDEXED, _INDEXES_VERSION = "projection:indexes", 2
"""The ``meta`` key saying which version of :data:`INDEXES` and of the table of best points
(:mod:`cxnotes.storage.best`) the store has (a new version makes them again on the next writable open;
a store of a later version is left as it is: an older cxnotes that made it again would take turns with
the newer one, each making the best points afresh on every open)."""


def days_between(column: str) -> str:
    """An SQL condition that the ISO timestamp ``column`` is of a calendar day from one ISO day to
    another (its parameters: :func:`days_params`), by the day written in its first ten characters, as
    the Python counts read a record's day (``[:10]``); written as a range of the column itself, which
    the index by day serves. It is the same condition: ``x[:10] >= first`` exactly when ``x >= first``,
    and ``x[:10] <= last`` exactly when ``x < last + "\\U0010ffff"`` (no timestamp holds that character)."""
    return f"{column} >= ? AND {column} < ?"


def days_params(first: str, last: str) -> tuple[str, str]:
    """The parameters of :func:`days_between` for the days ``first`` to ``last`` (ISO, inclusive)."""
    return first, last + "\U0010ffff"


class Facts(sqlite3.Row):
    """One row of a projection, read like a stored document (``row["fix_id"]``, ``row.get("fix_id")``):
    code that reads only a table's :data:`FIELDS` takes either."""

    get = sqlite3.Row.__getitem__
    """``row.get(key)``, as fast as ``row[key]`` (a Python method costs 100,000 pain points 50 ms a
    pass): every field asked for is there, so no default is needed (nor taken)."""


class ListFacts(Facts):
    """A row holding a list (:data:`JSON_FIELDS`, as JSON text): :meth:`get` gives the list."""

    def get(self, key: str) -> Any:  # type: ignore[override]
        """The field ``key``; a list for :data:`JSON_FIELDS` (``row["statuses"]`` is its JSON text)."""
        value = self[key]
        if key not in JSON_FIELDS or value is None:
            return value
        return [] if value == "[]" else json.loads(value)


def install(conn: sqlite3.Connection, marks: Mapping[str, Any]) -> frozenset[str]:
    """Give the store the projections and their :data:`INDEXES` if it lacks them (once, in one
    transaction: about a second for a year's 100,000 pain points); the tables projected now.
    ``marks``: the store's ``meta`` table as it was opened.

    A store this process cannot write to (a read-only folder, a full disk) goes without what it lacks:
    one made by an older cxnotes may have some projections (those it made) and not others.
    """
    if _MARK in marks and int(marks.get(_INDEXED) or 0) >= _INDEXES_VERSION:  # a newer cxnotes's: left as is
        return frozenset(FIELDS)
    conn.create_function("cxnotes_crc32", 1, _crc32, deterministic=True)
    if schema.upgraded(conn, _make):
        return frozenset(FIELDS)
    return _made(conn) if _MARK in marks else frozenset()


def _made(conn: sqlite3.Connection) -> frozenset[str]:
    """The tables whose projection the store has (a store's projections are made with their triggers,
    in one transaction, and filled at once)."""
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return frozenset(table for table in FIELDS if table_of(table) in names)


def _make(conn: sqlite3.Connection) -> None:
    """The tables, their triggers, their rows, their indexes and the best points, unless another
    process made them meanwhile (a projection added since the store's were made is made alone)."""
    made = _made(conn)
    for table in FIELDS:
        if table not in made:
            make, fill = _sql(table)
            for statement in make:
                conn.execute(statement)
            conn.execute(fill)
    conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, 1)", (_MARK,))
    for name, indexed in INDEXES.items():
        conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {indexed}")
    from cxnotes.storage import best  # once in a store's life: no open of a store made already loads it

    best.make(conn)
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (_INDEXED, _INDEXES_VERSION))


def _crc32(data: Any) -> int | None:
    return zlib.crc32(data) if isinstance(data, bytes) else None


def read(conn: sqlite3.Connection, table: str, fields: tuple[str, ...], present: str | None) -> list[Facts]:
    """The ``fields`` (of :data:`FIELDS`) of every live document of ``table``, by id (the order the
    documents are read in); with ``present``, only of those where that field is not null."""
    unknown = set(fields) - set(FIELDS[table])
    if unknown or not fields:
        raise ValueError(f"{table} has no projected field {', '.join(sorted(unknown))}")
    where = f"WHERE {present} IS NOT NULL " if present else ""
    cursor = conn.cursor()
    cursor.row_factory = ListFacts if JSON_FIELDS.intersection(fields) else Facts
    return cursor.execute(f"SELECT {', '.join(fields)} FROM {table_of(table)} {where}ORDER BY id").fetchall()


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[Query]:
    """Queries of the projections that all see one state of the store (one read transaction), so
    that a ranking and the evidence of its top rows agree while other processes write."""
    conn.execute("BEGIN")
    try:
        yield lambda sql, params: conn.execute(sql, params).fetchall()
    finally:
        conn.execute("COMMIT")
