"""Opening a store's database: the file, its schema and marker, and SQLite's errors in words.

A store is refused, and left as it was, unless it carries cxnotes' marker and a schema
this cxnotes reads; another program's SQLite file is refused before WAL mode (which
rewrites the file's header) is switched on. The file is created 0600, so the WAL and
index files SQLite makes beside it are too.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from cxnotes.i18n import _
from cxnotes.storage.errors import StoreCorrupt, StoreError, StoreWriteError, could_not

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs `cxnotes log` 3 ms to import: annotations only
    from typing import Any

SCHEMA = 2
"""Schema of this store: 1 was v0.1's JSON snapshot and journals (migrated on open)."""

DB_NAME = "cxnotes.db"

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS docs(
    tbl TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc BLOB,
    crc INTEGER NOT NULL,
    parent TEXT,
    lookup TEXT,
    UNIQUE (tbl, id)
);
CREATE INDEX IF NOT EXISTS docs_seq ON docs(seq);
CREATE INDEX IF NOT EXISTS docs_parent ON docs(tbl, parent) WHERE parent IS NOT NULL;
CREATE INDEX IF NOT EXISTS docs_lookup ON docs(tbl, lookup) WHERE lookup IS NOT NULL;
CREATE TABLE IF NOT EXISTS conflicts(
    n INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc BLOB,
    replaced_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    replaced_by INTEGER NOT NULL
);
"""


STARTED = "json_extract(CAST(doc AS TEXT), '$.started_at')"
ENDED = "json_extract(CAST(doc AS TEXT), '$.ended_at')"
CALLS = "tbl = 'calls' AND doc IS NOT NULL"
"""The live calls, as SQL: the calls list reads them newest first through the indexes below."""

CALL_INDEXES = {
    "docs_calls_started": f"ON docs({STARTED}) WHERE {CALLS}",
    "docs_calls_open": f"ON docs({STARTED}) WHERE {CALLS} AND {ENDED} IS NULL",
}
"""Calls by start time, and the unfinished ones: the calls list shows the newest 500 of a year's
12,000 calls, and decoding them all to pick those took most of its 450 ms at launch."""


SHM_REFUSED = frozenset({"SQLITE_IOERR_SHMOPEN", "SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_SHMMAP"})
"""SQLite's errors when it cannot make the shared-memory file a WAL database needs to be read."""


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the store's database in WAL mode, durable commits, after checking its marker
    (see :func:`opened`)."""
    return opened(path)[0]


def opened(path: Path) -> tuple[sqlite3.Connection, dict[str, str], dict[str, Any]]:
    """A connection as :func:`connect` makes it, with what was read to check the file: its schema's
    objects (name -> "table", "index"...) and its ``meta`` table (empty for a new, empty file).
    Opening a store asks nothing more of either (:func:`prepare`, :func:`add_call_indexes`, the
    projections' marks, the seeded mark): one read of each, not one per check.

    On a full disk SQLite cannot make the shared-memory file (``cxnotes.db-shm``) it needs
    even to read a WAL database. A store whose write-ahead log is folded in (closed
    cleanly) is then opened as it is on disk, to read only (:func:`is_frozen`): the notes
    can still be read and exported, and every save is refused with a message saying why.
    """
    try:
        return _connected(path, path)
    except sqlite3.OperationalError as error:
        if getattr(error, "sqlite_errorname", "") not in SHM_REFUSED or _log_holds_writes(path):
            raise translate(error, path) from error
        from urllib.parse import quote  # only here: every cxnotes log would pay for its import

        try:
            return _connected(path, f"file:{quote(str(path))}?immutable=1")
        except (sqlite3.DatabaseError, UnicodeDecodeError) as again:
            raise translate(again, path) from again
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        raise translate(error, path) from error


def is_frozen(conn: sqlite3.Connection) -> bool:
    """Whether ``conn`` reads the file as it is on disk, to read only (see :func:`connect`)."""
    return bool(conn.execute("PRAGMA query_only").fetchone()[0])


def _connected(path: Path, target: Path | str) -> tuple[sqlite3.Connection, dict[str, str], dict[str, Any]]:
    frozen = isinstance(target, str)
    conn = sqlite3.connect(target, timeout=30, isolation_level=None, check_same_thread=False, uri=frozen)
    try:
        # Before switching to WAL, which rewrites the file's header: another app's
        # database must be refused as it was, not given our tables.
        objects = dict(conn.execute("SELECT name, type FROM sqlite_master").fetchall())
        meta = check_marker(conn, path) if "table" in objects.values() else {}
        if frozen:
            conn.execute("PRAGMA query_only=ON")
        else:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
    except BaseException:
        conn.close()
        raise
    return conn, objects, meta


def _log_holds_writes(path: Path) -> bool:
    """Whether the write-ahead log beside ``path`` holds batches not yet folded into it."""
    try:
        return os.path.getsize(f"{path}-wal") > 0
    except FileNotFoundError:
        return False


def prepare(conn: sqlite3.Connection, objects: dict[str, str]) -> None:
    """Give a new database the schema and marker (``objects``: its schema's, as :func:`opened` read
    them; a database with tables had its marker checked there)."""
    if "meta" in objects:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _SCHEMA_SQL.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.executemany(
            "INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)",
            [("app", "cxnotes"), ("schema", SCHEMA), ("seq", 0)],
        )
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


def add_call_indexes(conn: sqlite3.Connection, objects: dict[str, str]) -> bool:
    """Give the store the :data:`CALL_INDEXES` it lacks (once, in a store made by an older
    cxnotes: under a second for a year); whether it has them now (``objects``: as for :func:`prepare`).

    A store this process cannot write to (a read-only folder) goes without: its calls list
    then reads every call, as before.
    """
    missing = [name for name in CALL_INDEXES if objects.get(name) != "index"]
    if not missing:
        return True

    def add(conn: sqlite3.Connection) -> None:
        for name in missing:
            conn.execute(f"CREATE INDEX IF NOT EXISTS {name} {CALL_INDEXES[name]}")

    return upgraded(conn, add)


def upgraded(conn: sqlite3.Connection, change: Callable[[sqlite3.Connection], None]) -> bool:
    """Make ``change`` to an older store in one write transaction; False, with nothing changed, where
    this process cannot write the store (a read-only folder, a full disk): it goes without."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        change(conn)
        conn.execute("COMMIT")
    except sqlite3.OperationalError:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        return False
    return True


def check_marker(conn: sqlite3.Connection, path: Path) -> dict[str, Any]:
    """Refuse a database that is not a cxnotes store of a schema this cxnotes reads; its ``meta``."""
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.OperationalError as error:
        if "no such" not in str(error):
            raise
        meta = {}  # no table "meta", or one not ours: no marker
    if meta.get("app") != "cxnotes":
        raise StoreCorrupt(
            _(
                "{path} is not a cxnotes store: {why}. It was left untouched. "
                "Move it aside (or use --data-dir for another folder) and start again."
            ).format(path=path, why=_("it has no cxnotes marker"))
        )
    schema = meta.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA:
        raise StoreCorrupt(
            _(
                "{path} was written by a newer cxnotes (schema {schema}; this one reads up to "
                "{supported}). Upgrade cxnotes; the file was left untouched."
            ).format(path=path, schema=schema, supported=SCHEMA)
        )
    if not isinstance(meta.get("seq"), int):
        raise StoreCorrupt(
            _(
                "{path} is damaged: its count of saved batches is missing. It was left untouched. "
                "Move the folder aside and restore it from a backup, or ask for help."
            ).format(path=path)
        )
    return meta


def create_owner_only(path: Path) -> None:
    """Create the empty database file 0600, so SQLite's WAL and index files are 0600 too."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as error:
        raise StoreWriteError(
            _(
                "Could not create the store in {folder}: {reason}. "
                "Free some disk space or make the folder writable, then try again."
            ).format(folder=path.parent, reason=error.strerror or error)
        ) from error


@contextlib.contextmanager
def guarded(doing: str, folder: Path, path: Path, *, frozen: bool) -> Iterator[None]:
    """Turn SQLite's errors while ``doing`` (to the store in ``folder``, its database ``path``) into
    the store's, each a sentence for the user; ``frozen``: opened to read only on a full disk."""
    try:
        yield
    except sqlite3.OperationalError as error:
        text = str(error)
        if "locked" in text or "busy" in text:
            said = _(
                "{failed}: another cxnotes process kept it busy for 30 s. Nothing was changed; try again."
            )
            raise StoreWriteError(said.format(failed=could_not(doing, folder))) from error
        if frozen:
            said = _(
                "{failed}: the disk was full when the store was opened, so it is open to read only. "
                "Nothing was changed; free some disk space, then open cxnotes again."
            )
            raise StoreWriteError(said.format(failed=could_not(doing, folder))) from error
        if "full" in text or "disk I/O" in text or "readonly" in text:
            said = _(
                "{failed}: {error}. Nothing was changed; "
                "free some disk space or make the folder writable, then try again."
            )
            raise StoreWriteError(said.format(failed=could_not(doing, folder), error=text)) from error
        raise translate(error, path) from error
    except (sqlite3.DatabaseError, UnicodeDecodeError) as error:
        raise translate(error, path) from error


def translate(error: sqlite3.DatabaseError | UnicodeDecodeError, path: Path) -> StoreError:
    """SQLite's error as the store's: damage names the file; the message stays one line."""
    # A damaged name in SQLite's schema makes even its error message undecodable.
    # SQLite quotes a damaged schema's SQL, newlines and all: the message stays one line.
    text = " ".join(str(error).split()) if isinstance(error, sqlite3.DatabaseError) else ""
    if isinstance(error, UnicodeDecodeError) or any(
        w in text for w in ("not a database", "malformed", "corrupt")
    ):
        return StoreCorrupt(
            _(
                "{path} is damaged or not a cxnotes store ({why}). It was left untouched. "
                "Move the folder aside and restore it from a backup, or ask for help."
            ).format(path=path, why=text or _("its text is not UTF-8"))
        )
    return StoreError(_("Could not read the store {path}: {why}.").format(path=path, why=text))
