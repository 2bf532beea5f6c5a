"""One writer at a time, across processes: the lock, its message, and readers alongside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxnotes.__main__ import make_app
from cxnotes.models import Customer, PainPoint
from cxnotes.storage.errors import StoreLocked
from cxnotes.storage.store import Store
from tests.pilot_helpers import wait_until

HOLDER = """
import sys
from pathlib import Path
from cxnotes.models import Customer
from cxnotes.storage.store import Store

store = Store.open(Path(sys.argv[1]))
customer = Customer(name="김민지")
store.put(customer)
print(customer.id, flush=True)
sys.stdin.read()  # hold the store until the test closes our stdin (or kills us)
store.close()
"""


class Holder:
    """Another cxnotes process with the store open for writing."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.customer_id = self.process.stdout.readline().strip()
        assert self.customer_id, "the holder did not open the store"

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=10)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def holder(folder: Path) -> Iterator[Holder]:
    held = Holder(folder)
    try:
        yield held
    finally:
        held.stop()


def test_a_second_writer_is_refused_with_the_holders_pid(folder: Path, holder: Holder) -> None:
    with pytest.raises(StoreLocked) as refusal:
        Store.open(folder)
    message = str(refusal.value)
    assert str(folder) in message
    assert f"pid {holder.pid}" in message
    assert "--data-dir" in message  # says what to do


def test_readers_work_alongside_the_writer(folder: Path, holder: Holder) -> None:
    """Read-only opens (exports, fix ranking) take no lock and see what the writer saved."""
    first = Store.open(folder, readonly=True)
    second = Store.open(folder, readonly=True)
    try:
        for reader in (first, second):
            customer = reader.get(Customer, holder.customer_id)
            assert customer is not None and customer.name == "김민지"
    finally:
        first.close()
        second.close()


def test_cxnotes_log_while_the_store_is_open_says_so_in_one_line(folder: Path, holder: Holder) -> None:
    """From the shell: one line on stderr, exit status 1, no traceback, nothing written."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cxnotes",
            "--data-dir",
            str(folder),
            "log",
            "환불 안 됨",
            "--step",
            "billing",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("cxnotes: The store in ")
    assert f"pid {holder.pid}" in result.stderr
    assert "Traceback" not in result.stderr
    holder.stop()
    store = Store.open(folder, readonly=True)
    try:
        assert store.count(PainPoint) == 0
    finally:
        store.close()


async def test_the_app_on_a_locked_store_exits_with_status_1(folder: Path, holder: Holder) -> None:
    """The app paints, finds the store taken, and leaves (printing the refusal) instead of crashing."""
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: app.return_code is not None, "the app to leave the locked store")
    assert app.return_code == 1


def test_the_lock_dies_with_its_holder(folder: Path, holder: Holder) -> None:
    """flock is released by the kernel: a kill -9 leaves no stale lock, and nothing saved is lost."""
    with pytest.raises(StoreLocked):
        Store.open(folder)
    os.kill(holder.pid, signal.SIGKILL)
    holder.process.wait(timeout=10)
    store = Store.open(folder)
    try:
        assert store.get(Customer, holder.customer_id) is not None
        with pytest.raises(StoreLocked, match=f"pid {os.getpid()}"):
            Store.open(folder)
    finally:
        store.close()
    Store.open(folder).close()  # released by close too
