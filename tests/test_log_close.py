"""``cxnotes log`` leaves SQLite's write-ahead log for the next process; the app folds it when it closes.

Folding the log into the database on close (a checkpoint, with its fsyncs) was most of what
closing cost ``cxnotes log``. Leaving it is as durable (each batch was fsynced into the log
when committed): these tests show that what it wrote is read back by the next process, which
finds the log as a crash would leave it, and that a store closed as the app closes it is folded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxnotes.__main__ import main
from cxnotes.domain.models import PainPoint
from cxnotes.storage.sqlite import DB_NAME, FOLD_AT
from cxnotes.storage.store import Store


def log_size(folder: Path) -> int:
    """Bytes in the store's write-ahead log (0 when there is none)."""
    wal = folder / f"{DB_NAME}-wal"
    return wal.stat().st_size if wal.exists() else 0


def test_log_leaves_its_batches_in_the_write_ahead_log_and_the_next_process_reads_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "store"
    ids = []
    for text in ("결제가 두 번 됐어요", "환불이 안 돼요"):
        words = ["--data-dir", str(folder), "log", text, "--step", "billing", "--customer", "김민지"]
        assert main(words) == 0
        ids.append(capsys.readouterr().out.strip())
        assert log_size(folder) > 0  # left for the next process, not folded in by this one
    store = Store.open(folder)
    try:
        points = [store.get(PainPoint, point_id) for point_id in ids]
        assert [p.quote for p in points if p is not None] == ["결제가 두 번 됐어요", "환불이 안 돼요"]
        assert all(p is not None and p.customer_id == points[0].customer_id for p in points)
    finally:
        store.close()
    assert log_size(folder) == 0  # the app's close folds the log into the database


def test_a_store_closed_without_folding_opens_again_and_takes_more_writes(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = Store.open(folder)
    store.put(PainPoint(quote="첫 번째", step="use"))
    store.close(fold_log=False)
    again = Store.open(folder)
    try:
        again.put(PainPoint(quote="두 번째", step="use"))
        assert sorted(p.quote for p in again.all(PainPoint)) == ["두 번째", "첫 번째"]
    finally:
        again.close()
    assert log_size(folder) == 0


def test_a_log_grown_past_its_bound_is_folded_even_by_a_one_shot(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = Store.open(folder)
    while log_size(folder) <= FOLD_AT:  # a one-shot's batches left by many processes, in one
        store.put(*(PainPoint(quote="결제가 두 번 됐어요 " * 40, step="billing") for _ in range(20)))
    written = store.count(PainPoint)
    store.close(fold_log=False)
    assert log_size(folder) == 0  # the next opener has nothing to read back
    again = Store.open(folder, readonly=True)
    try:
        assert again.count(PainPoint) == written
    finally:
        again.close()
