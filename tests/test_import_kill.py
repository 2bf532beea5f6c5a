"""``kill -9`` in the middle of a large import leaves whole conversations; running it again finishes it.

A real ``cxnotes import`` process on a generated Zendesk export is killed with SIGKILL once
its first batches are saved (watched by reading the store from this process), then the
store is opened and checked: every imported call has its whole transcript, and a second
run of the same command brings it to exactly what one uninterrupted import gives.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from cxnotes.domain.models import Call, Line
from cxnotes.storage.errors import StoreError
from cxnotes.storage.store import Store
from tests.pilot_helpers import PATIENCE

TICKETS = 3000
MESSAGES = 6


def export(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for number in range(TICKETS):
            day = 1 + number % 28
            comments = [
                {"id": number * 10 + i, "author_id": 7 if i % 2 == 0 else 1, "public": True,
                 "body": f"환불 문의 {number}-{i}", "created_at": f"2026-11-{day:02d}T10:{i:02d}:00Z"}
                for i in range(MESSAGES)
            ]  # fmt: skip
            ticket = {
                "id": number,
                "created_at": comments[0]["created_at"],
                "requester_id": 7,
                "comments": comments,
            }
            out.write(json.dumps(ticket, ensure_ascii=False) + "\n")
    return path


def saved_calls(folder: Path) -> int:
    """Calls another process has saved so far (0 while the store does not exist yet)."""
    try:
        store = Store.open(folder, readonly=True)
    except StoreError:
        return 0
    try:
        return store.count(Call)
    finally:
        store.close()


def whole(folder: Path) -> tuple[int, int]:
    """(calls, lines) in the store, after checking each call has all its lines."""
    store = Store.open(folder, readonly=True)
    try:
        lines_per_call: dict[str, int] = {}
        for doc in store.docs(Line):
            lines_per_call[doc["call_id"]] = lines_per_call.get(doc["call_id"], 0) + 1
        calls = store.count(Call)
        assert all(lines_per_call.get(d["id"]) == MESSAGES for d in store.docs(Call)), (
            "a conversation was cut"
        )
        return calls, store.count(Line)
    finally:
        store.close()


def test_killed_import_leaves_whole_batches_and_the_next_run_completes_it(tmp_path: Path) -> None:
    source = export(tmp_path / "tickets.jsonl")
    folder = tmp_path / "store"
    command = [sys.executable, "-m", "cxnotes", "--data-dir", str(folder), "import", str(source)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline and process.poll() is None:
        if saved_calls(folder) >= 500:  # a few batches written, not all
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    calls, lines = whole(folder)
    assert 0 < calls < TICKETS and lines == calls * MESSAGES
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert whole(folder) == (TICKETS, TICKETS * MESSAGES)
    again = subprocess.run(command, capture_output=True, text=True)
    assert "nothing new" in again.stdout
    assert whole(folder) == (TICKETS, TICKETS * MESSAGES)
