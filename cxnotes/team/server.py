"""The team database in PostgreSQL: its schema, and one push or pull in one transaction each.

Tables (created on first use; ``schema_version`` says which migrations ran):

- ``docs``: the team's documents, keyed (``tbl``, ``id``) as in every local store; ``doc``
  NULL for a deletion. ``revision`` comes from one sequence and grows with every change;
  ``operator`` and ``store_id`` say who wrote the current version; ``replaced_unseen``
  says it replaced a version its writer had not pulled (a conflict, see
  :mod:`cxnotes.team`).
- ``stores``: one row per member store: its operator, and the position of the last local
  row of it the server committed (what makes a repeated push a no-op).
- ``conflicts``: every version replaced unseen, with who lost and who won.

Pushes take a transaction-level advisory lock, so revisions commit in the order they
are numbered: a member that pulled up to revision R has every change up to R, never
missing one that an older transaction committed late.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cxnotes.i18n import _
from cxnotes.storage.ledger import Position

if TYPE_CHECKING:
    import psycopg

CHANNEL = "cxnotes_team"
"""The NOTIFY channel a push announces itself on."""

PUSH_LOCK = 0x6378_6E6F
"""Advisory lock key serialising pushes (and schema changes)."""

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE SEQUENCE revisions;
    CREATE TABLE docs(
        tbl text NOT NULL,
        id text NOT NULL,
        doc jsonb,
        revision bigint NOT NULL,
        operator text NOT NULL DEFAULT '',
        store_id text NOT NULL,
        replaced_unseen boolean NOT NULL DEFAULT false,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tbl, id)
    );
    CREATE INDEX docs_revision ON docs(revision);
    CREATE TABLE stores(
        store_id text PRIMARY KEY,
        operator text NOT NULL DEFAULT '',
        pushed_seq bigint NOT NULL DEFAULT 0,
        pushed_tbl text NOT NULL DEFAULT '',
        pushed_id text NOT NULL DEFAULT '',
        last_seen timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE conflicts(
        n bigserial PRIMARY KEY,
        tbl text NOT NULL,
        id text NOT NULL,
        doc jsonb,
        revision bigint NOT NULL,
        operator text NOT NULL,
        store_id text NOT NULL,
        replaced_by_operator text NOT NULL,
        replaced_by_store text NOT NULL,
        replaced_at timestamptz NOT NULL DEFAULT now()
    );
    """,
)
"""Schema changes in order; ``schema_version`` holds how many have run."""


class SchemaTooNew(Exception):
    """The team database was set up by a newer cxnotes."""


@dataclass
class Pulled:
    """One page of other members' changes."""

    rows: list[tuple[str, str, Any, bool, int]]
    """(table, id, document or None, replaced unseen, revision), oldest first."""
    last: int
    """The highest revision the page looked at."""


def ensure_schema(conn: psycopg.Connection[Any]) -> int:
    """Create or migrate the schema; return its version. One member at a time does it."""
    with conn.transaction():
        found = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
        if found and found[0]:
            row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
            if row and row[0] == len(MIGRATIONS):
                return len(MIGRATIONS)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version(version int PRIMARY KEY)")
        row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
        version = int(row[0]) if row else 0
        if version > len(MIGRATIONS):
            raise SchemaTooNew(
                _(
                    "The team database was set up by a newer cxnotes (schema {version}); upgrade cxnotes."
                ).format(version=version)
            )
        for number in range(version, len(MIGRATIONS)):
            conn.execute(MIGRATIONS[number])  # type: ignore[arg-type]  # our own constant SQL
            conn.execute("INSERT INTO schema_version(version) VALUES (%s)", (number + 1,))
    return len(MIGRATIONS)


def push(
    conn: psycopg.Connection[Any],
    rows: list[tuple[Position, str | None]],
    *,
    store_id: str,
    operator: str,
    pulled: int,
) -> int:
    """Commit one batch of a member's local rows; return how many the server had not yet.

    Idempotent: rows at or before the position the server already committed for this
    store are skipped, so a batch repeated after a lost answer or a ``kill -9`` adds
    nothing. ``pulled`` is the last revision the member had pulled: a current version
    newer than it, from another store and different, is replaced unseen and kept in
    ``conflicts``.
    """
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK,))
        # A batch is a few thousand rows; the team's docs, millions. Left to itself the planner
        # hashes every doc newer than ``pulled`` (all of them on a first sync) for each batch's
        # conflict check, a cost that grows with the team. One primary key probe per incoming
        # row instead (this transaction only): a 100,000-pain-point first sync's last batch took
        # as long as its first.
        cur.execute("SET LOCAL enable_hashjoin = off")
        cur.execute("SET LOCAL enable_mergejoin = off")
        cur.execute(
            "INSERT INTO stores(store_id, operator) VALUES (%s, %s) ON CONFLICT (store_id) DO UPDATE "
            "SET operator = coalesce(nullif(excluded.operator, ''), stores.operator), last_seen = now() "
            "RETURNING pushed_seq, pushed_tbl, pushed_id",
            (store_id, operator),
        )
        found = cur.fetchone()
        done: Position = (int(found[0]), str(found[1]), str(found[2])) if found else (0, "", "")
        fresh = [(position, doc) for position, doc in rows if position > done]
        if not fresh:
            return 0
        cur.execute("CREATE TEMP TABLE incoming(n int, tbl text, id text, doc jsonb) ON COMMIT DROP")
        with cur.copy("COPY incoming(n, tbl, id, doc) FROM STDIN") as copy:
            for n, ((_seq, table, doc_id), doc) in enumerate(fresh):
                copy.write_row((n, table, doc_id, doc))
        who = {"me": store_id, "op": operator, "pulled": pulled}
        cur.execute(
            "INSERT INTO conflicts(tbl, id, doc, revision, operator, store_id, "
            "replaced_by_operator, replaced_by_store) "
            "SELECT d.tbl, d.id, d.doc, d.revision, d.operator, d.store_id, %(op)s, %(me)s "
            "FROM docs d JOIN incoming i USING (tbl, id) "
            "WHERE d.store_id <> %(me)s AND d.revision > %(pulled)s AND d.doc IS DISTINCT FROM i.doc",
            who,
        )
        cur.execute(
            "INSERT INTO docs(tbl, id, doc, revision, operator, store_id) "
            "SELECT tbl, id, doc, nextval('revisions'), %(op)s, %(me)s FROM incoming ORDER BY n "
            "ON CONFLICT (tbl, id) DO UPDATE SET doc = excluded.doc, revision = excluded.revision, "
            "operator = excluded.operator, store_id = excluded.store_id, changed_at = now(), "
            "replaced_unseen = (docs.store_id <> excluded.store_id AND docs.revision > %(pulled)s) "
            "WHERE docs.doc IS DISTINCT FROM excluded.doc",
            who,
        )
        last = fresh[-1][0]
        cur.execute(
            "UPDATE stores SET pushed_seq = %s, pushed_tbl = %s, pushed_id = %s WHERE store_id = %s",
            (*last, store_id),
        )
        cur.execute(f"NOTIFY {CHANNEL}")
    return len(fresh)


def pull(conn: psycopg.Connection[Any], *, after: int, store_id: str, limit: int) -> Pulled:
    """Other stores' changes after revision ``after``, at most ``limit``, oldest first."""
    with conn.transaction():
        rows = conn.execute(
            "SELECT tbl, id, doc, replaced_unseen, revision FROM docs "
            "WHERE revision > %s AND store_id <> %s ORDER BY revision LIMIT %s",
            (after, store_id, limit),
        ).fetchall()
    found = [(str(t), str(i), doc, bool(unseen), int(rev)) for t, i, doc, unseen, rev in rows]
    return Pulled(found, found[-1][4] if found else after)


@dataclass
class Overview:
    """What ``cxnotes team status`` and the app's team line show."""

    members: int
    operators: list[str]
    documents: int
    conflicts: list[tuple[str, str, str, str, str]]
    """The latest conflicts: (table, id, operator who lost, operator who won, when)."""


def overview(conn: psycopg.Connection[Any], *, conflicts: int = 20) -> Overview:
    """Members, operators and the latest conflicts on the server."""
    with conn.transaction():
        members = conn.execute("SELECT count(*) FROM stores").fetchone()
        operators = conn.execute("SELECT DISTINCT operator FROM stores WHERE operator <> '' ORDER BY 1")
        names = [str(name) for (name,) in operators.fetchall()]
        documents = conn.execute("SELECT count(*) FROM docs WHERE doc IS NOT NULL").fetchone()
        lost = conn.execute(
            "SELECT tbl, id, operator, replaced_by_operator, to_char(replaced_at, 'YYYY-MM-DD HH24:MI') "
            "FROM conflicts ORDER BY n DESC LIMIT %s",
            (conflicts,),
        ).fetchall()
    return Overview(
        int(members[0]) if members else 0,
        names,
        int(documents[0]) if documents else 0,
        [tuple(str(v) for v in row) for row in lost],  # type: ignore[misc]
    )
