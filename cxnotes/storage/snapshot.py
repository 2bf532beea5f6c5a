"""The snapshot file ``cxnotes.json``: its layout, how it is read and how it is replaced.

The layout is TinyDB's JSON (``{table: {id: doc}}``) written one document per
line, the ``_meta`` table first::

    {
    "_meta": {
    "store": {"app":"cxnotes","schema":1,"generation":3}
    },
    "steps": {
    "4f1c...": {"id":"4f1c...","slug":"discover",...},
    ...
    }
    }

Any JSON with the same tables (a file someone re-indented by hand) reads too,
through the slower plain-JSON path. See :mod:`cxnotes.storage.journal` for how
the snapshot and the journals together make the store crash-safe.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from cxnotes.storage import paths
from cxnotes.storage.errors import StoreCorrupt

SCHEMA = 1
"""Schema version of the documents this cxnotes writes."""

META_TABLE = "_meta"
"""Table holding the store's own facts; never shown to users."""

Tables = dict[str, dict[str, dict[str, Any]]]

_CHUNK = 256 * 1024
"""Bytes of documents parsed per ``json.loads`` call when reading our own layout."""


def dumps(value: Any) -> str:
    """Compact JSON on one line, Korean kept as UTF-8 rather than ``\\uXXXX`` escapes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def fsync_dir(folder: Path) -> None:
    """Make renames, creations and deletions in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def meta(generation: int) -> dict[str, Any]:
    """The ``_meta`` document that marks a file as a cxnotes snapshot of ``generation``."""
    return {"app": "cxnotes", "schema": SCHEMA, "generation": generation}


def write_snapshot(folder: Path, tables: Tables) -> None:
    """Replace the snapshot atomically: temp file, fsync, rename, fsync the folder.

    A crash at any point leaves either the old file or the new one, never a torn
    one; a leftover temp file is swept at the next open.
    """
    target = paths.snapshot_path(folder)
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
    fsync_dir(folder)


def _snapshot_lines(tables: Tables) -> Iterator[str]:
    yield "{\n"
    names = sorted(tables, key=lambda name: (name != META_TABLE, name))
    for t_index, table in enumerate(names):
        yield f"{dumps(table)}: {{\n"
        docs = tables[table]
        last = len(docs) - 1
        for d_index, (doc_id, doc) in enumerate(docs.items()):
            comma = "," if d_index < last else ""
            yield f"{dumps(doc_id)}: {dumps(doc)}{comma}\n"
        yield "}" + ("," if t_index < len(names) - 1 else "") + "\n"
    yield "}\n"


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
        raise StoreCorrupt(_not_cxnotes(path, "it is not UTF-8 text")) from None
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
        raise StoreCorrupt(_not_cxnotes(path, "it has no cxnotes marker"))
    schema = found.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA:
        raise StoreCorrupt(
            f"{path} was written by a newer cxnotes (schema {schema}; this one reads up to "
            f"{SCHEMA}). Upgrade cxnotes; the file was left untouched."
        )
    generation = found.get("generation", 0)
    return generation if isinstance(generation, int) else 0


def _not_cxnotes(path: Path, why: str) -> str:
    return (
        f"{path} is not a cxnotes store: {why}. It was left untouched. "
        "Move it aside (or use --data-dir for another folder) and start again."
    )
