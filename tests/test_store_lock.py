"""Many writers on one store: none is refused, each sees the others' writes, the lock only guards creation.

The lock file (``cxnotes.lock``) is held only while a process creates or migrates
the store; SQLite serialises the writes themselves. These tests run real processes
on a real store folder.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Step
from cxnotes.storage import legacy, paths
from cxnotes.storage.lock import folder_lock
from cxnotes.storage.store import Store
from tests.pilot_helpers import PATIENCE
from tests.v01_store import write_v01

HOLDER = """
import sys
from pathlib import Path
from cxnotes.domain.models import Customer, PainPoint
from cxnotes.storage.store import Store

store = Store.open(Path(sys.argv[1]))
customer = Customer(name="김민지")
store.put(customer)
print(customer.id, flush=True)
for line in sys.stdin:  # each line asks: refresh, then print the pain points seen, then write one
    store.refresh()
    seen = sorted(doc["id"] for doc in store.docs(PainPoint))
    point = PainPoint(quote=line.strip(), customer_id=customer.id)
    store.put(point)
    print(point.id, *seen, flush=True)
store.close()
"""


class Holder:
    """Another cxnotes process with the store open, writing when asked."""

    def __init__(self, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.customer_id = self.read()[0]

    def read(self) -> list[str]:
        assert self.process.stdout is not None
        said = self.process.stdout.readline().split()
        assert said, "the holder died"
        return said

    def write(self, text: str) -> tuple[str, list[str]]:
        """Ask the holder to write a pain point; return its id and the pain points it saw first."""
        assert self.process.stdin is not None
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        point_id, *seen = self.read()
        return point_id, seen

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=PATIENCE)


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


def test_two_stores_in_one_process_both_write_and_see_each_other(folder: Path) -> None:
    first, second = Store.open(folder), Store.open(folder)
    try:
        assert first.count(PainPoint) == second.count(PainPoint) == 0  # both hold the table
        mine, theirs = PainPoint(quote="첫 번째 창"), PainPoint(quote="두 번째 창")
        first.put(mine)
        second.put(theirs)
        assert first.get(PainPoint, theirs.id) is None  # not until it looks
        assert first.refresh() == {PainPoint.TABLE}
        assert second.refresh() == {PainPoint.TABLE}
        for store in (first, second):
            assert {p.id for p in store.all(PainPoint)} == {mine.id, theirs.id}
        assert first.refresh() == set()  # nothing new: nothing changed
        second.delete(mine)
        first.refresh()
        assert first.get(PainPoint, mine.id) is None
    finally:
        first.close()
        second.close()


def test_two_processes_both_write_and_see_each_other(folder: Path, holder: Holder) -> None:
    store = Store.open(folder)  # a second writer is not refused
    try:
        assert store.get(Customer, holder.customer_id) is not None
        assert store.count(PainPoint) == 0  # held from now on, kept current by refresh()
        mine = PainPoint(quote="이 창에서")
        store.put(mine)
        theirs, seen = holder.write("저 창에서")
        assert seen == [mine.id]  # the holder saw this process's write
        assert store.refresh() >= {PainPoint.TABLE}
        assert {p.id for p in store.all(PainPoint)} == {mine.id, theirs}
    finally:
        store.close()


def test_cxnotes_log_beside_an_open_store_is_written_and_seen(folder: Path, holder: Holder) -> None:
    """From the shell while the app has the store open: exit 0, and the app's store sees it."""
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
        timeout=PATIENCE,
    )
    assert (result.returncode, result.stderr) == (0, "")
    logged = result.stdout.strip()
    _, seen = holder.write("next")
    assert seen == [logged]


def test_the_last_writer_wins_and_the_replaced_version_is_kept_with_a_notice(folder: Path) -> None:
    """Two windows change the same fix-less pain point: nothing is lost silently."""
    point = PainPoint(quote="원래 문장", severity=2)
    first = Store.open(folder)
    first.put(point)
    second = Store.open(folder)
    try:
        assert first.count(PainPoint) == second.count(PainPoint) == 1  # both hold the table
        first.put(PainPoint(id=point.id, quote="첫 번째 창의 수정", severity=3))
        assert first.take_notices() == []  # first changed what it had read: no conflict
        later = PainPoint(id=point.id, quote="두 번째 창의 수정", severity=5)
        second.put(later)  # second never saw first's change: it wins, first's version is kept
        (notice,) = second.take_notices()
        assert "Another cxnotes process" in notice
        ((table, doc_id, _, replaced),) = second.conflicts()
        assert (table, doc_id) == (PainPoint.TABLE, point.id)
        assert replaced is not None and replaced["quote"] == "첫 번째 창의 수정"
        first.refresh()
        assert first.get(PainPoint, point.id) == later
    finally:
        first.close()
        second.close()
    reader = Store.open(folder, readonly=True)
    try:
        assert reader.get(PainPoint, point.id) == later
        assert len(reader.conflicts()) == 1  # kept on disk, for every process
    finally:
        reader.close()


def test_a_writer_that_refreshed_first_makes_no_conflict(folder: Path) -> None:
    point = PainPoint(quote="원래")
    first, second = Store.open(folder), Store.open(folder)
    try:
        first.put(point)
        assert second.count(PainPoint) == 1  # held: refresh() keeps it current
        first.put(PainPoint(id=point.id, quote="하나"))
        second.refresh()
        second.put(PainPoint(id=point.id, quote="둘"))
        assert second.take_notices() == [] and second.conflicts() == []
    finally:
        first.close()
        second.close()


def test_each_record_of_a_table_read_whole_is_conflict_checked_alone(folder: Path) -> None:
    """A table read whole keeps no seq per record (the read's stands for those not written since):
    a record another process wrote since is a conflict, one it did not touch is not."""
    first = Store.open(folder)
    untouched, changed = PainPoint(quote="그대로"), PainPoint(quote="원래")
    first.put(untouched)
    first.put(changed)
    second = Store.open(folder)
    try:
        assert second.count(PainPoint) == 2  # read whole, after both batches
        first.put(replace(changed, quote="첫 번째 창의 수정"))
        second.put(replace(untouched, severity=4))
        assert second.take_notices() == [] and second.conflicts() == []
        second.put(replace(changed, severity=5))  # never saw first's change
        (notice,) = second.take_notices()
        assert "Another cxnotes process" in notice
        ((table, doc_id, _, replaced),) = second.conflicts()
        assert (table, doc_id) == (PainPoint.TABLE, changed.id)
        assert replaced is not None and replaced["quote"] == "첫 번째 창의 수정"
        second.put(replace(changed, severity=1))  # its own write is the one it holds now
        assert second.take_notices() == [] and len(second.conflicts()) == 1
    finally:
        first.close()
        second.close()


OPENER = """
import sys
from pathlib import Path
from cxnotes.domain.models import PainPoint, Step
from cxnotes.storage.store import Store

sys.stdin.readline()  # start together
store = Store.open(Path(sys.argv[1]))
print(store.count(Step), store.count(PainPoint), flush=True)
store.close()
"""


def open_at_once(folder: Path, count: int) -> list[str]:
    """Start ``count`` processes, then let them all open the store at the same moment."""
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(count)
    ]
    for opener in openers:
        assert opener.stdin is not None
        opener.stdin.write("go\n")
        opener.stdin.flush()
    said = [opener.communicate(timeout=PATIENCE)[0].strip() for opener in openers]
    assert [opener.returncode for opener in openers] == [0] * count
    return said


def test_many_processes_creating_one_store_seed_it_once(folder: Path) -> None:
    assert open_at_once(folder, 6) == ["8 0"] * 6
    store = Store.open(folder, readonly=True)
    try:
        assert store.count(Step) == 8
    finally:
        store.close()


def test_many_processes_opening_a_v01_store_migrate_it_once(folder: Path) -> None:
    points = [PainPoint(quote=f"불만 {i}") for i in range(5)]
    steps = [Step(slug="billing", name="Billing")]
    write_v01(folder, [*steps, *points])
    assert open_at_once(folder, 6) == ["1 5"] * 6
    assert sorted(p.name for p in (folder / legacy.MOVED_TO).iterdir()) == [
        "cxnotes.json",
        "journal-000000.jsonl",
    ]


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from cxnotes.storage.lock import folder_lock

with folder_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(3600)
"""


def test_a_process_killed_while_creating_the_store_leaves_no_stale_lock(folder: Path) -> None:
    """flock is released by the kernel: an open waiting on a killed creator goes on."""
    folder.mkdir(mode=0o700)
    creator = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(paths.lock_path(folder))], stdout=subprocess.PIPE, text=True
    )
    assert creator.stdout is not None and creator.stdout.readline() == "held\n"
    opened: list[Store] = []
    waiting = threading.Thread(target=lambda: opened.append(Store.open(folder)))
    waiting.start()
    waiting.join(timeout=0.2)
    assert not opened, "the store was created while another process held the lock"
    creator.send_signal(signal.SIGKILL)
    creator.wait(timeout=PATIENCE)
    waiting.join(timeout=PATIENCE)
    assert opened, "the open never got the lock of the killed process"
    try:
        assert opened[0].count(Step) == 8
    finally:
        opened[0].close()
    with folder_lock(paths.lock_path(folder)):  # released by the open too
        pass


@pytest.mark.parametrize("read", ["get", "lines_of"])
def test_a_record_read_outside_the_held_tables_is_conflict_checked_too(folder: Path, read: str) -> None:
    """Two windows on the same call edit the same transcript line, or the same record got by id.

    Lines are never held whole (a call's lines are read when it opens), so the version a
    window read must still be known when it writes: the other window's edit is kept.
    """
    call = Call()
    line = Line(call_id=call.id, index=0, text="원래 줄")
    first = Store.open(folder)
    first.put(call, line)
    second = Store.open(folder)
    try:
        for store in (first, second):
            if read == "get":
                assert store.get(Line, line.id) == line
            else:
                assert store.lines_of(call.id) == [line]
        first.put(replace(line, text="첫 번째 창"))
        second.put(replace(line, text="두 번째 창"))
        assert len(second.take_notices()) == 1
        ((_, _, _, replaced),) = second.conflicts()
        assert replaced is not None and replaced["text"] == "첫 번째 창"
    finally:
        first.close()
        second.close()


LOGGER = """
import sys
from pathlib import Path
from cxnotes.services import complaints
from cxnotes.storage.store import Store

for name in sys.stdin:  # each line: log a complaint for this customer and fix, as `cxnotes log` would
    store = Store.open(Path(sys.argv[1]))
    name = name.strip()
    complaints.record(store, complaints.Complaint("환불 안 됨", "billing", 3, customer=name, fix=name))
    store.close()
    print("done", flush=True)
"""


def test_processes_logging_the_same_new_fix_at_once_create_it_once(folder: Path) -> None:
    Store.open(folder).close()
    loggers = [
        subprocess.Popen(
            [sys.executable, "-c", LOGGER, str(folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    names = [f"새 수정 {n}" for n in range(40)]  # a duplicate in nearly every run of 20 tried
    try:
        for name in names:  # the three are told at once; each must find what another just made
            for logger in loggers:
                assert logger.stdin is not None
                logger.stdin.write(name + "\n")
                logger.stdin.flush()
            for logger in loggers:
                assert logger.stdout is not None and logger.stdout.readline() == "done\n"
    finally:
        for logger in loggers:
            assert logger.stdin is not None
            logger.stdin.close()
            logger.wait(timeout=PATIENCE)
    store = Store.open(folder, readonly=True)
    try:
        fixes = Counter(fix.title for fix in store.all(Fix))
        customers = Counter(customer.name for customer in store.all(Customer))
        assert store.count(PainPoint) == 3 * len(names)
    finally:
        store.close()
    assert {title: n for title, n in fixes.items() if n > 1} == {}
    assert {name: n for name, n in customers.items() if n > 1} == {}
