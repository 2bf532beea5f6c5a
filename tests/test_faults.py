"""Disk full and read-only storage while the store is open: refused whole, nothing lost.

These tests use real kernel faults, not mocks: a small tmpfs filled up with a big file
gives ENOSPC, and an ext4 image whose file system is forced read-only gives EROFS.
Both need mount rights (root, as in CI); elsewhere the tests skip and say why.

"The folder turned read-only" is done two ways that do happen: a read-only bind mount
over the folder (what ``chmod -w`` does to a normal user: files already open stay
writable, nothing new can be created) and ext4's own switch to read-only after an
error (every write fails, EROFS). SQLite keeps ``cxnotes.db``, its WAL and its index
open for as long as the store is open.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from cxnotes.app import CxNotesApp, StartCall
from cxnotes.domain.models import Line, PainPoint
from cxnotes.screens.call import CallScreen
from cxnotes.storage import legacy, paths
from cxnotes.storage.errors import StoreError, StoreWriteError
from cxnotes.storage.sqlite import DB_NAME
from cxnotes.storage.store import Store
from tests.pilot_helpers import Notes, call_screen, wait_until
from tests.v01_store import write_v01

FULL = "full"
"""What SQLite's refusal on ENOSPC says ("database or disk is full"), and so ours."""


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


def unmount(where: Path) -> None:
    """Unmount, lazily if something (a failed test's open store) still holds a file there."""
    if run("umount", str(where)).returncode != 0:
        run("umount", "-l", str(where))


def mount_or_skip(*command: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("fault tests mount a small file system, which needs root")
    result = run(*command)
    if result.returncode != 0:
        pytest.skip(f"mounting is not permitted here ({' '.join(command)}: {result.stderr.strip()})")


class Disk:
    """A small tmpfs that a test fills up and frees again."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.filler = root / "filler"

    def fill(self) -> None:
        """Take every free page: the next write that needs a new page fails with ENOSPC."""
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (1 << 20, 1 << 16, 1 << 12, 1):
                while True:
                    try:
                        os.write(fd, b"\0" * size)
                    except OSError as error:
                        assert error.errno == errno.ENOSPC
                        break
        finally:
            os.close(fd)

    def free(self) -> None:
        self.filler.unlink()


def tmpfs(where: Path, size: str) -> Iterator[Disk]:
    where.mkdir()
    mount_or_skip("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where))
    try:
        yield Disk(where)
    finally:
        unmount(where)


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Disk]:
    """A 2 MiB disk."""
    yield from tmpfs(tmp_path / "disk", "2m")


@pytest.fixture
def big_disk(tmp_path: Path) -> Iterator[Disk]:
    """Room for a write-ahead log of a few MB and the database beside it."""
    yield from tmpfs(tmp_path / "disk", "24m")


def lines(count: int, width: int = 50) -> list[Line]:
    return [Line(index=i, text=f"{i} " + "환불해 주세요 " * width) for i in range(count)]


def folder_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != paths.LOCK_NAME}


def stored_ids(folder: Path) -> set[str]:
    """What a fresh process would find on disk."""
    store = Store.open(folder, readonly=True)
    try:
        return {doc["id"] for kind in (Line, PainPoint) for doc in store.docs(kind)}
    finally:
        store.close()


def one_line_naming(error: BaseException, folder: Path, *words: str) -> None:
    message = str(error)
    assert "\n" not in message and str(folder) in message, message
    for word in words:
        assert word in message, message


# -- disk full -------------------------------------------------------------------------


def test_a_write_on_a_full_disk_is_refused_whole_then_succeeds_once_space_is_back(disk: Disk) -> None:
    folder = disk.root / "store"
    store = Store.open(folder)
    try:
        saved = lines(3)
        store.put(*saved)
        disk.fill()
        batch = lines(10)  # ~10 KB: new pages in the write-ahead log
        with pytest.raises(StoreWriteError) as refusal:
            store.put(*batch)
        one_line_naming(refusal.value, folder, FULL, "Nothing was changed")
        assert all(store.get(Line, line.id) is None for line in batch)  # never applied in memory
        assert stored_ids(folder) == {line.id for line in saved}  # nor on disk, for any process

        disk.free()
        store.put(*batch)  # the caller kept the batch and retries: the same store works again
    finally:
        store.close()
    assert stored_ids(folder) == {line.id for line in saved + batch}


def test_a_failed_compaction_on_a_full_disk_loses_nothing(disk: Disk) -> None:
    """Folding the WAL into the database needs room; without it the WAL simply stays."""
    folder = disk.root / "store"
    store = Store.open(folder)
    try:
        saved = lines(40)
        store.put(*saved)
        disk.fill()
        with pytest.raises(StoreWriteError) as refusal:
            store.compact()
        one_line_naming(refusal.value, folder, FULL)
        assert stored_ids(folder) == {line.id for line in saved}
        disk.free()
        more = lines(2)
        store.put(*more)
        store.compact()
        assert (folder / f"{DB_NAME}-wal").stat().st_size == 0
    finally:
        store.close()
    assert stored_ids(folder) == {line.id for line in saved + more}


def test_a_store_opens_on_a_full_disk_and_reads(disk: Disk) -> None:
    """No cxnotes process has the store open when the disk fills up: it still opens, to read.

    Saving is refused in one line that says why.
    """
    folder = disk.root / "store"
    store = Store.open(folder)
    saved = lines(5)
    store.put(*saved)
    store.close()
    disk.fill()
    store = Store.open(folder)
    try:
        assert {line.id for line in store.all(Line)} == {line.id for line in saved}
        with pytest.raises(StoreWriteError) as refusal:
            store.put(*lines(10))
        assert "read only" in str(refusal.value) and "\n" not in str(refusal.value)
    finally:
        store.close()
    disk.free()
    store = Store.open(folder)
    try:
        store.put(*lines(3))
        assert len(store.all(Line)) == 8
    finally:
        store.close()


def test_a_new_store_on_a_full_disk_is_refused_in_one_line(disk: Disk) -> None:
    disk.fill()
    folder = disk.root / "store"
    with pytest.raises(StoreError) as refusal:
        Store.open(folder)
    assert "\n" not in str(refusal.value) and str(folder) in str(refusal.value)
    disk.free()
    Store.open(folder).close()


def test_a_v01_store_on_a_full_disk_is_refused_untouched_until_there_is_room(disk: Disk) -> None:
    """Migrating needs room for the database; without it the old files stay as they were."""
    folder = disk.root / "store"
    points = [PainPoint(quote=f"옛 불만 {i}") for i in range(20)]
    write_v01(folder, points)
    disk.fill()
    before = {
        p.name: p.read_bytes() for p in folder.iterdir() if p.name.startswith(("cxnotes.json", "journal-"))
    }
    with pytest.raises(StoreError) as refusal:
        Store.open(folder)
    assert "\n" not in str(refusal.value)
    assert {n: (folder / n).read_bytes() for n in before} == before
    disk.free()
    assert stored_ids(folder) == {p.id for p in points}
    assert (folder / legacy.MOVED_TO / "cxnotes.json").exists()


BIG_WAL = """
import os, sys
from pathlib import Path
from cxnotes.domain.models import Line
from cxnotes.storage.store import Store

folder, size = Path(sys.argv[1]), int(sys.argv[2])
store = Store.open(folder)
while (folder / "cxnotes.db-wal").stat().st_size <= size:
    store.put(*[Line(index=i, text="환불해 주세요 " * 50) for i in range(100)])
print(store.count(Line), flush=True)
os._exit(0)  # gone without closing, as if killed: the WAL stays big, never folded in
"""


def test_a_store_whose_log_was_not_folded_in_is_not_read_without_it_on_a_full_disk(disk: Disk) -> None:
    """A writer killed mid-life leaves batches in the log; without room to read it, opening is refused.

    Reading the file alone would show a store without those notes as if it were whole.
    """
    folder = disk.root / "store"
    Store.open(folder).close()  # the schema folded into the file: only the lines are in the log
    writer = subprocess.run(
        [sys.executable, "-c", BIG_WAL, str(folder), "1"], capture_output=True, text=True, check=True
    )
    assert int(writer.stdout) == 100
    (folder / f"{DB_NAME}-shm").unlink()
    assert (folder / f"{DB_NAME}-wal").stat().st_size > 0
    disk.fill()
    with pytest.raises(StoreError) as refusal:
        Store.open(folder)
    assert "\n" not in str(refusal.value) and str(folder) in str(refusal.value)
    disk.free()
    store = Store.open(folder)
    try:
        assert store.count(Line) == int(writer.stdout)
    finally:
        store.close()


def test_a_big_wal_left_by_a_killed_writer_still_opens_and_closes_on_a_full_disk(big_disk: Disk) -> None:
    """Folding the WAL in at close is housekeeping: when it cannot run, the store works without it."""
    folder = big_disk.root / "store"
    writer = subprocess.run(
        [sys.executable, "-c", BIG_WAL, str(folder), str(2 << 20)], capture_output=True, text=True, check=True
    )
    count = int(writer.stdout)
    big_disk.fill()
    store = Store.open(folder)
    try:
        assert store.count(Line) == count
    finally:
        store.close()  # the last connection tries to fold the WAL in, and cannot: no error
    Store.open(folder).close()
    big_disk.free()
    store = Store.open(folder)
    store.compact()
    store.close()
    assert not (folder / f"{DB_NAME}-wal").exists() or (folder / f"{DB_NAME}-wal").stat().st_size == 0
    store = Store.open(folder, readonly=True)
    try:
        assert store.count(Line) == count
    finally:
        store.close()


# -- read-only -------------------------------------------------------------------------


class Ext4:
    """A small ext4 image mounted with ``errors=remount-ro``, which the test can make fail."""

    def __init__(self, root: Path, trigger: Path) -> None:
        self.root = root
        self.trigger = trigger

    def turn_read_only(self) -> None:
        """Report a file system error: ext4 remounts itself read-only, under open files too."""
        self.trigger.write_text("cxnotes fault test\n")


@pytest.fixture
def ext4(tmp_path: Path) -> Iterator[Ext4]:
    image, where = tmp_path / "disk.img", tmp_path / "ext4"
    where.mkdir()
    with image.open("wb") as out:
        out.truncate(16 << 20)
    if run("mkfs.ext4", "-q", "-F", "-O", "^has_journal", str(image)).returncode != 0:
        pytest.skip("mkfs.ext4 is not available to make a test file system")
    mount_or_skip("mount", "-o", "loop,errors=remount-ro", str(image), str(where))
    try:
        device = Path(run("findmnt", "-n", "-o", "SOURCE", str(where)).stdout.strip()).name
        trigger = Path("/sys/fs/ext4") / device / "trigger_fs_error"
        if not trigger.exists():
            pytest.skip(f"this kernel has no {trigger} to make ext4 fail")
        yield Ext4(where, trigger)
    finally:
        unmount(where)


def test_a_folder_mounted_read_only_keeps_saving_through_the_open_files(tmp_path: Path) -> None:
    """Like ``chmod -w`` for a normal user: the open database and WAL stay writable, nothing is refused."""
    folder = tmp_path / "store"
    store = Store.open(folder)
    try:
        mount_or_skip("mount", "--bind", str(folder), str(folder))
        try:
            mount_or_skip("mount", "-o", "remount,bind,ro", str(folder))
            with pytest.raises(OSError, match="Read-only file system"):
                (folder / "probe").touch()
            saved = lines(5)
            store.put(*saved)  # nothing typed is refused
            store.compact()
            more = lines(2)
            store.put(*more)
            assert stored_ids(folder) == {line.id for line in saved + more}
        finally:
            unmount(folder)
    finally:
        store.close()
    assert stored_ids(folder) == {line.id for line in saved + more}


def test_a_file_system_turned_read_only_refuses_writes_whole(ext4: Ext4) -> None:
    folder = ext4.root / "store"
    store = Store.open(folder)
    try:
        saved = lines(3)
        store.put(*saved)
        ext4.turn_read_only()
        batch = lines(2)
        with pytest.raises(StoreWriteError) as refusal:
            store.put(*batch)
        one_line_naming(refusal.value, folder, "Nothing was changed")
        assert all(store.get(Line, line.id) is None for line in batch)
        assert {line.id for line in store.all(Line)} == {line.id for line in saved}
        assert stored_ids(folder) == {line.id for line in saved}  # a reader still reads
        with pytest.raises(StoreWriteError):
            store.compact()
    finally:
        store.close()  # and closing does not fail
    store = Store.open(folder)  # a new process opens it, reads it, and is refused its first write
    try:
        assert {line.id for line in store.all(Line)} == {line.id for line in saved}
        with pytest.raises(StoreWriteError) as refusal:
            store.put(*batch)
        one_line_naming(refusal.value, folder, "Nothing was changed")
    finally:
        store.close()


# -- the app during a live call ----------------------------------------------------------

LONG = "고객님 말씀: 결제가 두 번 됐고 환불은 아직 안 됐어요. " * 120
"""A pasted paragraph of ~7 KB: new pages in the write-ahead log."""


def toasts(app: CxNotesApp) -> list[str]:
    """The notifications on screen now, as plain text."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


def on_disk(app: CxNotesApp) -> list[str]:
    assert app.store is not None
    return [line.text for line in app.store.lines_of(call_screen(app).session.call.id)]


async def start_call_and_save_a_line(pilot: Pilot[None], app: CxNotesApp) -> None:
    await wait_until(pilot, lambda: app.store is not None, "the store to open")
    await pilot.press(*"first", "enter")
    await wait_until(pilot, lambda: on_disk(app) == ["first"], "the first line to be saved")


async def lose_the_disk_and_keep_typing(pilot: Pilot[None], app: CxNotesApp, notes: Notes, why: str) -> None:
    """Paste and type while saving fails: a warning shows, the keys keep working, nothing is dropped."""
    box = call_screen(app).query_one("#line", Input)
    box.post_message(events.Paste(f"{LONG}1\n{LONG}2\n"))
    await pilot.pause()
    await pilot.press(*"still typing 환불", "enter")
    await wait_until(pilot, lambda: any(why in text for text in toasts(app)), "the warning on screen")
    assert any(title == "Not saved" and why in text for title, text in notes.shown)
    await pilot.press(*"more")
    assert box.value == "more"
    assert [line.text for line in call_screen(app).session.lines] == [
        "first",
        f"{LONG}1",
        f"{LONG}2",
        "still typing 환불",
    ]
    assert on_disk(app) == ["first"]
    assert call_screen(app).session.dirty


async def test_disk_full_during_a_call_warns_keeps_typing_and_saves_once_space_is_back(disk: Disk) -> None:
    folder = disk.root / "store"
    notes = Notes()
    app = CxNotesApp(folder, StartCall("김민지"))
    async with app.run_test(size=(120, 40), message_hook=notes, notifications=True) as pilot:
        await start_call_and_save_a_line(pilot, app)
        disk.fill()
        await lose_the_disk_and_keep_typing(pilot, app, notes, FULL)
        await pilot.press("escape")  # leaving now would drop the only copy: the call stays
        assert call_screen(app).session.dirty
        disk.free()
        expected = ["first", f"{LONG}1", f"{LONG}2", "still typing 환불", "more"]
        await wait_until(pilot, lambda: on_disk(app) == expected, "the save once space is back")
        await wait_until(  # the saver thread tells the screen only after its write returned
            pilot,
            lambda: any(text.startswith("Saved again") for _, text in notes.shown),
            "the notice that everything is saved again",
        )
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CallScreen), "leaving the call")
        await pilot.press("ctrl+q")
    store = Store.open(folder, readonly=True)
    try:
        (call,) = store.unfinished_calls()
        assert [line.text for line in store.lines_of(call.id)] == expected
    finally:
        store.close()


async def test_a_file_system_turned_read_only_during_a_call_keeps_everything_in_memory(ext4: Ext4) -> None:
    """ext4 cannot be made writable again under an open file, so this one ends with the call kept open."""
    notes = Notes()
    app = CxNotesApp(ext4.root / "store", StartCall("김민지"))
    async with app.run_test(size=(120, 40), message_hook=notes, notifications=True) as pilot:
        await start_call_and_save_a_line(pilot, app)
        ext4.turn_read_only()
        await lose_the_disk_and_keep_typing(pilot, app, notes, "Could not save")
        screen = call_screen(app)
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("f10")
        await pilot.pause()
        await pilot.press("enter")  # the end-call dialog's defaults
        # The session stops being dirty while a batch is being written and is dirty again
        # once that write fails: wait for the failure rather than catch the write in flight.
        await wait_until(pilot, lambda: screen.session.dirty, "the end of the call to stay unsaved")
        assert app.screen is screen and screen.session.call.finished
        assert len(screen.session.lines) == 5
    assert app.store is not None
    app.store.close()


async def test_quitting_on_a_full_disk_asks_again_and_keeps_the_notes_meanwhile(disk: Disk) -> None:
    """Ctrl+Q while the notes cannot be saved warns and stays; once saved, Ctrl+Q leaves with all of it."""
    folder = disk.root / "store"
    notes = Notes()
    app = CxNotesApp(folder, StartCall("김민지"))
    async with app.run_test(size=(120, 40), message_hook=notes, notifications=True) as pilot:
        await start_call_and_save_a_line(pilot, app)
        disk.fill()
        await lose_the_disk_and_keep_typing(pilot, app, notes, FULL)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, CallScreen)
        assert any(title == "Not quitting" for title, _ in notes.shown)
        disk.free()
        expected = ["first", f"{LONG}1", f"{LONG}2", "still typing 환불", "more"]
        await wait_until(pilot, lambda: on_disk(app) == expected, "the save once space is back")
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running, "the app to quit")
    store = Store.open(folder, readonly=True)
    try:
        (call,) = store.unfinished_calls()
        assert [line.text for line in store.lines_of(call.id)] == expected
    finally:
        store.close()
