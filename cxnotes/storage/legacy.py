"""Reading a v0.1 store (a JSON snapshot and journals), to move it into the database.

v0.1 kept ``cxnotes.json``, TinyDB's layout written one document per line with a
``_meta`` table, and ``journal-G.jsonl`` files of batches made after snapshot ``G``.
:func:`migrate` reads them as v0.1 would have (a torn last journal line, an append
that never returned, is left out and reported), writes every document into the
database in one transaction, then moves the old files into ``v0.1-files/`` beside
it, where they stay until the user deletes them. The documents go in with a
``migrated`` mark in the same transaction, so a crash before or between the moves
is finished by the next open, which moves what is left without reading it again (a
snapshot already moved beside a journal not yet moved is not a damaged store). The
mark also stands for the default steps: v0.1 seeded its own, which the user may have
renamed or retired, so none are added.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, BinaryIO

from cxnotes.i18n import _
from cxnotes.storage.documents import Op
from cxnotes.storage.errors import StoreCorrupt
from cxnotes.storage.sqlite import SqliteStorage

SNAPSHOT_NAME = "cxnotes.json"
JOURNAL_PREFIX = "journal-"
JOURNAL_SUFFIX = ".jsonl"
META_TABLE = "_meta"
MOVED_TO = "v0.1-files"
MIGRATED = "migrated-v0.1"
"""The database's mark that the v0.1 documents are in (the old files may still be moving)."""

Tables = dict[str, dict[str, dict[str, Any]]]

_CHUNK = 256 * 1024
"""Bytes of documents parsed per ``json.loads`` call when reading the snapshot's layout."""


def is_v1(folder: Path) -> bool:
    """Whether ``folder`` holds a v0.1 store still to migrate."""
    return (folder / SNAPSHOT_NAME).exists() or bool(_journals(folder))


def migrate(folder: Path, storage: SqliteStorage) -> list[str]:
    """Copy the v0.1 store in ``folder`` into ``storage``; return what was damaged.

    Raises:
        StoreCorrupt: the old files cannot be read; they were left untouched.
    """
    snapshot = folder / SNAPSHOT_NAME
    damage: list[str] = []
    if not storage.has_mark(MIGRATED):
        storage.seed(_read_v1(folder, snapshot, damage), MIGRATED, also=("seeded",))
    moved = folder / MOVED_TO
    moved.mkdir(mode=0o700, exist_ok=True)
    for path in [snapshot, *(p for _number, p in _journals(folder))]:
        if path.exists():
            os.replace(path, moved / path.name)
    return damage


def _read_v1(folder: Path, snapshot: Path, damage: list[str]) -> list[Op]:
    """Every document of the v0.1 store, as a batch to write."""
    tables: Tables = {}
    if snapshot.exists():
        tables = read_snapshot(snapshot)
        check_meta(snapshot, tables)
    elif _journals(folder):
        raise StoreCorrupt(
            _(
                "{snapshot} is missing but the journals next to it are there, so part of the store "
                "is gone. Nothing was changed; restore the file from a backup, or ask for help."
            ).format(snapshot=snapshot)
        )
    generation = tables.get(META_TABLE, {}).get("store", {}).get("generation", 0)
    for number, path in _journals(folder):
        if number >= generation:
            _replay(path, tables, damage)
    return [
        (table, doc_id, doc)
        for table, docs in tables.items()
        if table != META_TABLE
        for doc_id, doc in docs.items()
    ]


def _journals(folder: Path) -> list[tuple[int, Path]]:
    found = []
    for path in folder.glob(f"{JOURNAL_PREFIX}*{JOURNAL_SUFFIX}"):
        middle = path.name[len(JOURNAL_PREFIX) : -len(JOURNAL_SUFFIX)]
        if middle.isdigit():
            found.append((int(middle), path))
    return sorted(found)


def _replay(path: Path, tables: Tables, damage: list[str]) -> None:
    lines = path.read_bytes().split(b"\n")
    tail = lines.pop()
    for number, line in enumerate(lines, start=1):
        try:
            batch = _parse_batch(line)
        except ValueError:
            if number == len(lines) and not tail:
                tail = line
                break
            raise StoreCorrupt(
                _(
                    "{path} is damaged at line {number} and was left untouched. "
                    "Move the folder aside and restore it from a backup, or ask for help."
                ).format(path=path, number=number)
            ) from None
        for table, doc_id, doc in batch:
            docs = tables.setdefault(table, {})
            if doc is None:
                docs.pop(doc_id, None)
            else:
                docs[doc_id] = doc
    if tail:
        damage.append(
            _(
                "{path}: its last change was cut off mid-write ({size} bytes) and was left out; "
                "the file is kept in {folder}/."
            ).format(path=path, size=len(tail), folder=MOVED_TO)
        )


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


def read_snapshot(path: Path) -> Tables:
    """Read a snapshot: in our own layout chunk by chunk, else (hand-edited) as plain JSON.

    Raises:
        StoreCorrupt: the file is not TinyDB tables; its message names the file.
    """
    try:
        with path.open("rb") as file:
            return _parse_layout(file)
    except ValueError:
        pass
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StoreCorrupt(_not_cxnotes(path, _("it is not UTF-8 text"))) from None
    try:
        data = json.loads(text)
    except ValueError as error:
        raise StoreCorrupt(
            _not_cxnotes(path, _("it is not valid JSON ({error})").format(error=error))
        ) from None
    if not isinstance(data, dict) or not all(
        isinstance(docs, dict) and all(isinstance(doc, dict) for doc in docs.values())
        for docs in data.values()
    ):
        raise StoreCorrupt(_not_cxnotes(path, _("it does not hold TinyDB tables")))
    return {str(t): {str(k): v for k, v in docs.items()} for t, docs in data.items()}


class _Layout:
    """Parses the layout :func:`_snapshot_lines` writes, fed a few hundred KB of whole lines at a time.

    Why chunks: one ``json.loads`` of the whole file holds the GIL for the whole
    parse (a quarter to half a second at 100,000 documents), freezing the UI
    thread; a Python loop decoding line by line costs twice that. Document lines
    never hold a raw newline, so a run of ``"id": {doc},`` lines parses as one JSON
    object once wrapped in braces. Why streamed: holding the whole file's bytes
    while its documents are built would add the file's size (70 MB at 100,000 pain
    points) to the app's peak memory.
    """

    def __init__(self) -> None:
        self.tables: Tables = {}
        self.table: dict[str, dict[str, Any]] | None = None
        """The table whose documents are being read; None between tables."""
        self.more_tables = True
        """False once a table closed without a comma: only the final brace may follow."""
        self.ended = False

    def feed(self, lines: bytes) -> None:
        """Take whole lines (``lines`` ends with a newline)."""
        position, stop = 0, len(lines)
        while position < stop:
            if self.ended:
                raise ValueError("text after the end")
            if self.table is not None and lines[position] == ord('"'):
                close = lines.find(b"\n}", position)
                end = stop if close < 0 else close + 1
                chunk = lines[position:end].rstrip(b"\n")
                docs = json.loads("{" + (chunk[:-1] if chunk.endswith(b",") else chunk).decode("utf-8") + "}")
                for doc_id, doc in docs.items():
                    if type(doc) is not dict:
                        raise ValueError("expected documents")
                    if doc.get("id") == doc_id:
                        doc["id"] = doc_id  # one string for key and field: 20 MB less at 100,000 points
                self.table.update(docs)
                position = end
                continue
            end = lines.index(b"\n", position)
            self.line(lines[position:end])
            position = end + 1

    def line(self, line: bytes) -> None:
        """A line that is not a document: a table's header or end, or the file's end."""
        if self.table is not None:
            if line not in (b"}", b"},"):
                raise ValueError("expected the end of a table")
            self.table, self.more_tables = None, line == b"},"
        elif line == b"}" and not self.more_tables:
            self.ended = True
        elif line.endswith(b": {") and self.more_tables:
            name = json.loads(line[:-3].decode("utf-8"))
            if not isinstance(name, str):
                raise ValueError("expected a table name")
            self.table = self.tables.setdefault(name, {})
        else:
            raise ValueError("expected a table")


def _parse_layout(file: BinaryIO) -> Tables:
    """Parse our own layout from ``file``, :data:`_CHUNK` bytes at a time.

    Raises:
        ValueError: the bytes are not in our layout (the caller falls back to plain JSON).
    """
    if file.read(2) != b"{\n":
        raise ValueError("not our layout")
    layout = _Layout()
    rest = b""
    while block := file.read(_CHUNK):
        data = rest + block
        cut = data.rfind(b"\n") + 1
        if cut:
            layout.feed(data[:cut])
        rest = data[cut:]
    if rest or not layout.ended:
        raise ValueError("not our layout: it ends early")
    return layout.tables


def check_meta(path: Path, tables: Tables) -> int:
    """Check the ``_meta`` marker and schema; return the snapshot's generation.

    Raises:
        StoreCorrupt: not a cxnotes snapshot, or one written by a newer cxnotes.
    """
    found = tables.get(META_TABLE, {}).get("store")
    if not isinstance(found, dict) or found.get("app") != "cxnotes":
        raise StoreCorrupt(_not_cxnotes(path, _("it has no cxnotes marker")))
    schema = found.get("schema")
    if not isinstance(schema, int) or schema > 1:
        raise StoreCorrupt(
            _(
                "{path} was written by a newer cxnotes (schema {schema}; this one reads up to "
                "{supported}). Upgrade cxnotes; the file was left untouched."
            ).format(path=path, schema=schema, supported=1)
        )
    generation = found.get("generation", 0)
    return generation if isinstance(generation, int) else 0


def _not_cxnotes(path: Path, why: str) -> str:
    return _(
        "{path} is not a cxnotes store: {why}. It was left untouched. "
        "Move it aside (or use --data-dir for another folder) and start again."
    ).format(path=path, why=why)
