"""Item 1: the durable save of one edit, against stock TinyDB in the same run.

cxnotes saves a transcript line or a pain point as one SQLite transaction in WAL mode
with ``synchronous=FULL``: an append to the write-ahead log and an fsync (see
:mod:`cxnotes.storage.sqlite`). The target is 1 ms, or 1.5x the
disk's own append + fdatasync (measured beside it) when the disk alone takes longer:
no storage can beat its disk's fsync. The baselines hold the same
documents: TinyDB's stock ``JSONStorage``, which re-reads and rewrites its whole
file on every insert (and does not even fsync), and TinyDB on ``MemoryStorage``,
which never touches the disk but still rebuilds the whole table on every insert.
The baselines hold every document but the transcript lines (a million at 100,000
pain points: stock TinyDB would rewrite half a gigabyte per insert).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from benchmarks.common import Row, percentile, samples, scratch_copy
from cxnotes.domain.models import Line, PainPoint, to_doc
from cxnotes.storage.sqlite import SqliteStorage
from cxnotes.storage.store import ON_DEMAND, Store

SAVES = 200
"""cxnotes saves timed per kind of edit and store size."""
JSON_SAVES = {1_000: 40, 10_000: 20, 100_000: 8}
"""Stock JSONStorage inserts timed per size: each rewrites the whole file, so fewer at 100k."""
MEMORY_SAVES = 40
"""MemoryStorage inserts timed per size."""
TARGET_MS = 1.0
"""Median of one durable save, at any size..."""
FLOOR_SLACK = 1.5
"""...or, on a disk whose own fdatasync is slower than that, this many times the floor."""


def timed(action: Callable[[int], object], count: int) -> list[float]:
    """Milliseconds of each of ``count`` calls of ``action(i)``."""
    spent = []
    for i in range(count):
        start = time.perf_counter()
        action(i)
        spent.append((time.perf_counter() - start) * 1000)
    return spent


def append(fd: int, data: bytes) -> None:
    """One append made durable: what every durable write costs at the least."""
    os.write(fd, data)
    os.fdatasync(fd)


def ours(folder: Path) -> dict[str, list[float]]:
    """Save transcript lines and pain points, one durable write each, taking turns with the floor.

    The floor is one append of 400 bytes (about one saved line's document) plus
    ``fdatasync`` to a file next to the store, timed between the saves so that both
    meet the same disk at the same moments.
    """
    store = Store.open(folder)
    path = folder / "floor.bin"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    data = b"x" * 399 + b"\n"
    call_id = next(d["call_id"] for d in store.docs(PainPoint) if d.get("call_id"))
    actions: dict[str, Callable[[int], object]] = {
        "line": lambda i: store.put(
            Line(call_id=call_id, index=100 + i, speaker="customer", text=f"배송이 {i}일째 안 와요")
        ),
        "pain point": lambda i: store.put(
            PainPoint(quote=f"Charged twice, order {i}", step="billing", severity=4, call_id=call_id)
        ),
        "floor": lambda _: append(fd, data),
    }
    spent: dict[str, list[float]] = {kind: [] for kind in actions}
    try:
        for i in range(samples(SAVES)):
            for kind, action in actions.items():
                start = time.perf_counter()
                action(i)
                spent[kind].append((time.perf_counter() - start) * 1000)
        return spent
    finally:
        os.close(fd)
        path.unlink()
        store.close()


def stock_tables(folder: Path) -> dict[str, dict[str, dict[str, object]]]:
    """The store's documents but its transcript, in stock TinyDB's layout (numbered document ids)."""
    storage = SqliteStorage(folder)
    damage: list[str] = []
    try:
        names = ("steps", "customers", "calls", "pain_points", "fixes", "promises")
        tables = {name: {i: d for _, i, _, d in storage.table(name, damage)[1]} for name in names}
    finally:
        storage.close()
    assert not set(tables) & ON_DEMAND
    return {name: {str(n): doc for n, doc in enumerate(docs.values(), 1)} for name, docs in tables.items()}


def stock_json(folder: Path, workdir: Path, size: int) -> list[float]:
    """Insert pain points with TinyDB's stock JSONStorage into a file holding the same documents."""
    path = workdir / f"stock-{size}.json"
    path.write_text(json.dumps(stock_tables(folder), ensure_ascii=False), encoding="utf-8")
    db = TinyDB(path, encoding="utf-8")
    try:
        table = db.table(PainPoint.TABLE)
        count = samples(JSON_SAVES.get(size, 8))
        return timed(lambda i: table.insert(to_doc(PainPoint(quote=f"stock {i}", step="billing"))), count)
    finally:
        db.close()
        path.unlink()


def stock_memory(folder: Path) -> list[float]:
    """Insert pain points with TinyDB on MemoryStorage holding the same documents."""
    db = TinyDB(storage=MemoryStorage)
    db.storage.write(stock_tables(folder))
    table = db.table(PainPoint.TABLE)
    return timed(
        lambda i: table.insert(to_doc(PainPoint(quote=f"memory {i}", step="billing"))), samples(MEMORY_SAVES)
    )


def run(sizes: list[int], workdir: Path) -> list[Row]:
    """Median and p99 of one durable save per size, beside TinyDB's and the disk's own figures."""
    rows = []
    for size in sizes:
        folder = scratch_copy(size, workdir, "save")
        found = ours(folder)
        disk = percentile(found.pop("floor"), 0.5)
        json_ms = stock_json(folder, workdir, size)
        memory_ms = stock_memory(folder)
        allowed = max(TARGET_MS, FLOOR_SLACK * disk)
        for kind, spent in found.items():
            for label, fraction in (("median", 0.5), ("p99", 0.99)):
                mine = percentile(spent, fraction)
                median = label == "median"
                rows.append(
                    Row(
                        section=f"save one {kind}, durable ({label})",
                        size=size,
                        ours=mine,
                        baseline=percentile(json_ms, fraction),
                        unit="ms",
                        target=f"<= {allowed:.2f} ms" if median else "",
                        met=mine <= allowed if median else True,
                        baseline_name="stock TinyDB JSONStorage insert",
                    )
                )
        rows.append(
            Row(
                section="save one pain point (median), vs TinyDB without a disk",
                size=size,
                ours=percentile(found["pain point"], 0.5),
                baseline=percentile(memory_ms, 0.5),
                unit="ms",
                target="",
                met=True,
                baseline_name="stock TinyDB MemoryStorage insert",
            )
        )
        rows.append(
            Row(
                section="disk floor: append 400 bytes + fdatasync (median)",
                size=size,
                ours=disk,
                baseline=None,
                unit="ms",
                target="",
                met=True,
            )
        )
    return rows
