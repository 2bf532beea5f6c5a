"""A v0.1 store written by hand, byte for byte in the layout v0.1 wrote (see ``cxnotes.storage.legacy``).

v0.1 kept ``cxnotes.json`` (TinyDB's tables, one document per line, the ``_meta``
table first, holding ``{"app": "cxnotes", "schema": 1, "generation": G}``) and
``journal-G.jsonl`` files of batches made after snapshot ``G``, one JSON line each:
``{"ops": [[table, id, doc-or-null], ...]}``. The migration tests build such stores
here rather than with v0.1's code, which is gone: the layout is the contract.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cxnotes.domain import models
from cxnotes.domain.models import Record

Tables = dict[str, dict[str, dict[str, Any]]]
Op = tuple[str, str, "dict[str, Any] | None"]


def dumps(value: Any) -> str:
    """As v0.1 wrote JSON: compact, Korean as UTF-8."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def snapshot_bytes(tables: Tables, generation: int = 0) -> bytes:
    """A snapshot file of ``tables`` in v0.1's layout, ``_meta`` first, then the tables by name."""
    every: Tables = {"_meta": {"store": {"app": "cxnotes", "schema": 1, "generation": generation}}}
    every.update(sorted(tables.items()))
    out = ["{\n"]
    for t_index, (table, docs) in enumerate(every.items()):
        out.append(f"{dumps(table)}: {{\n")
        for d_index, (doc_id, doc) in enumerate(docs.items()):
            out.append(f"{dumps(doc_id)}: {dumps(doc)}{',' if d_index < len(docs) - 1 else ''}\n")
        out.append("}" + ("," if t_index < len(every) - 1 else "") + "\n")
    out.append("}\n")
    return "".join(out).encode("utf-8")


def batch_line(ops: list[Op]) -> bytes:
    """One journal line: a batch of puts (a whole document) and deletes (null)."""
    return (dumps({"ops": [[t, i, d] for t, i, d in ops]}) + "\n").encode("utf-8")


def puts(*records: Record) -> list[Op]:
    return [(r.TABLE, r.id, models.to_doc(r)) for r in records]


def deletes(*records: Record) -> list[Op]:
    return [(r.TABLE, r.id, None) for r in records]


def tables_of(*records: Record) -> Tables:
    tables: Tables = {}
    for record in records:
        tables.setdefault(record.TABLE, {})[record.id] = models.to_doc(record)
    return tables


def write_v01(
    folder: Path, snapshot: Sequence[Record], journal: Sequence[list[Op]] = (), generation: int = 0
) -> tuple[Path, Path]:
    """A v0.1 store in ``folder``: the snapshot of ``snapshot`` and one journal of batches."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    snap = folder / "cxnotes.json"
    snap.write_bytes(snapshot_bytes(tables_of(*snapshot), generation))
    path = folder / f"journal-{generation:06d}.jsonl"
    path.write_bytes(b"".join(batch_line(ops) for ops in journal))
    return snap, path
