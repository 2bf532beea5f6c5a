"""``cxnotes`` opens on the calls list already filled: the store is opened and its newest calls read as
the process starts, before Textual is imported (cxnotes/services/store_opening.py).

The list shows those rows in its first frame (a screenful at once, the rest right after), without
a read of its own; an app whose opening has not read them yet reads them in a worker, as before;
a store that cannot be opened still ends the app with the store's own one-line reason.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from pilot_helpers import PATIENCE, plain, rows, settle, wait_until
from textual.message import Message
from textual.widgets import DataTable, Label
from textual.worker import Worker

from benchmarks.pty_app import REPO, PtyApp, cxnotes_argv
from benchmarks.terminal import SIZE
from cxnotes.__main__ import _calls_page
from cxnotes.app import CxNotesApp
from cxnotes.domain.models import Call, Customer, now
from cxnotes.messages import StoreReady
from cxnotes.services.store_opening import StoreOpening
from cxnotes.storage.sqlite import DB_NAME
from cxnotes.storage.store import Store

CALLS = 90
"""More calls than a 40-row terminal shows: the first frame holds a screenful, the rest come after."""


def filled(folder: Path) -> None:
    """A store of :data:`CALLS` finished calls with 김민지, the newest started last."""
    store = Store.open(folder)
    try:
        minji = Customer(name="김민지", segment="1년 회원")
        start = now() - timedelta(days=1)
        calls = [
            Call(
                customer_id=minji.id,
                started_at=start + timedelta(minutes=n),
                ended_at=now(),
                outcome="resolved",
            )
            for n in range(CALLS)
        ]
        store.put(minji, *calls)
    finally:
        store.close()


def status(app: CxNotesApp) -> str:
    return plain(app.screen.query_one("#status", Label).render())


async def test_the_first_frame_shows_the_rows_read_as_the_process_started(data_dir: Path) -> None:
    """The list is filled by StoreReady (sent once the first frame is drawn) without a read of its own;
    then it reads the rows below the first screenful it was given."""
    filled(data_dir)
    opening = StoreOpening(data_dir, _calls_page)
    opening.run()  # as the thread `cxnotes` starts before importing Textual does, done by the first frame
    reads: list[Worker[object]] = []
    at_ready: list[tuple[int, str, int]] = []

    def hook(message: Message) -> None:
        if isinstance(message, Worker.StateChanged) and message.worker.group == "calls":
            reads.append(message.worker)
        elif isinstance(message, StoreReady) and not at_ready:
            at_ready.append((app.screen.query_one(DataTable).row_count, status(app), len(reads)))

    app = CxNotesApp(data_dir, opening=opening)
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == CALLS, "the rows below the first screenful")
        [(rows_drawn, said, reads_before)] = at_ready
        assert reads_before == 0  # the list read nothing itself before its first frame
        assert 0 < rows_drawn < CALLS  # a screenful in the first frame
        assert said.startswith(f"{CALLS} calls ·")  # the count, not "Opening the store…"
        assert status(app) == said
        assert [row[1:3] for row in rows(table)] == [["김민지", "resolved"]] * CALLS
        assert app.store is opening.store(timeout=0)


async def test_an_app_whose_opening_read_nothing_reads_the_list_itself(data_dir: Path) -> None:
    filled(data_dir)
    app = CxNotesApp(data_dir)  # opened by the store worker, with no first read
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == CALLS, "the rows")
        assert status(app).startswith(f"{CALLS} calls")


def test_a_file_that_is_not_a_database_ends_the_launch_with_its_reason(data_dir: Path) -> None:
    data_dir.mkdir()
    content = b"these are my notes, not a database\n" * 200
    (data_dir / DB_NAME).write_bytes(content)
    with PtyApp(cxnotes_argv("--data-dir", str(data_dir)), SIZE, cwd=REPO) as app:
        app.wait_for(re.compile(rb"left\s+untouched"), timeout=PATIENCE)
        assert app.wait_exit(timeout=PATIENCE) == 1
    assert (data_dir / DB_NAME).read_bytes() == content
