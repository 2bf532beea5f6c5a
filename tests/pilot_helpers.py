"""Helpers the live-call Pilot tests share: a call clock the test moves, typing, reading the screen."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from textual.command import CommandList
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from cxnotes.app import CxNotesApp
from cxnotes.screens.call import CallScreen
from cxnotes.services.session import CallSession
from cxnotes.storage.store import Store

MONDAY = datetime(2026, 11, 23, 10, 0).astimezone()
"""The day the tests' calls happen: Monday 23 November 2026, 10:00 local time."""

PATIENCE = 60.0
"""Seconds a test waits for what the app does in the background before failing.

Generous on purpose: a busy two-core CI machine can be many times slower than a
laptop, and a wait that ends as soon as its condition holds costs nothing when it is fast.
"""


class Clock:
    """The call clock, moved by the test: stamps and due dates become exact."""

    def __init__(self, start: datetime = MONDAY) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of call time pass."""
        self.at += timedelta(seconds=seconds)


def use_clock(monkeypatch: pytest.MonkeyPatch, start: datetime = MONDAY) -> Clock:
    """Put a test clock behind :meth:`CallSession.clock`, the app's one seam for call time."""
    clock = Clock(start)
    monkeypatch.setattr(CallSession, "clock", staticmethod(clock))
    return clock


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and their results reach the screen (results can start more work).

    A worker's outcome, failure included, is the app's to show (a refusal raised in a
    worker becomes a message on screen), so the test asserts on the screen, not here.
    Timers (a preview once typing pauses, evidence once the cursor rests) are not
    waited for: wait for what they show with :func:`wait_until`. A worker still running
    after :data:`PATIENCE` fails the test by name instead of hanging it.
    """
    for _ in range(4):
        deadline = time.monotonic() + PATIENCE
        while running := [worker.name for worker in pilot.app.workers if not worker.is_finished]:
            if time.monotonic() > deadline:
                raise AssertionError(f"workers still running after {PATIENCE:.0f} s: {running}")
            await asyncio.sleep(0.01)
        await pilot.pause()
    await keys_taken(pilot)


async def keys_taken(pilot: Pilot[None]) -> None:
    """Let every key pressed so far take effect (a key behind one opening a dialog waits for it)."""
    app = pilot.app
    await pilot.pause()  # keys posted a moment ago reach the app's queue first
    if isinstance(app, CxNotesApp):
        await wait_until(pilot, lambda: app.keys_settled, "the keys pressed to take effect")


async def still(pilot: Pilot[None], looks: int = 40) -> None:
    """Let the app run until its picture stops changing: the same screenshot twice, a pause apart.

    Waiting for the CPU to idle (:meth:`Pilot.pause`) is a guess a busy machine can fool: a table
    drawn a moment before its screen cuts its texts to the new size was pictured so under load.
    A picture the app still changes differs from the one a pause later; after ``looks`` pictures
    that never repeat, the test fails naming the wait.
    """
    before = None
    for _look in range(looks):
        await pilot.pause()
        now = pilot.app.export_screenshot()
        if now == before:
            return
        before = now
    raise AssertionError(f"the picture still changed after {looks} looks")


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], what: str, timeout: float = PATIENCE
) -> None:
    """Let the app run until ``condition()`` holds; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")
        await pilot.pause(0.05)


def palette_hits(app: CxNotesApp) -> list[str]:
    """The command names the open command palette lists (none while it is still searching)."""
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt).split("\n")[0] for i in range(hits.option_count)]


async def run_command(pilot: Pilot[None], search: str, name: str) -> None:
    """Ctrl+P, type ``search``, and once the palette offers ``name`` alone, Enter runs it.

    The palette searches in the background, so what Enter does depends on what it has
    found by then: the test waits for the hit a user would see before pressing it.
    """
    await pilot.press("ctrl+p", *search)
    await wait_until(pilot, lambda: palette_hits(pilot.app) == [name], f"the palette to offer {name!r} alone")
    await pilot.press("enter")


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` key by key, as an operator would."""
    await pilot.press(*text)


def call_screen(app: CxNotesApp) -> CallScreen:
    """The live call on top of the app."""
    screen = app.screen
    assert isinstance(screen, CallScreen), f"expected the call screen, got {screen!r}"
    return screen


def plain(renderable: RenderableType) -> str:
    """What a renderable shows, as plain text without trailing blanks (wide enough never to wrap)."""
    console = Console(width=400, color_system=None, record=True, file=io.StringIO())
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().rstrip("\n").split("\n"))


def prompts(widget: OptionList) -> list[str]:
    """What each row of an option list shows, as plain text."""
    return [plain(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]


def rows(table: DataTable) -> list[list[str]]:
    """What each row of a data table shows, as plain text."""
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def stored(app: CxNotesApp) -> Store:
    """The app's open store."""
    assert app.store is not None
    return app.store


class Notes:
    """A ``message_hook`` keeping every notification the app shows, as (title, message)."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.shown.append((message.notification.title, message.notification.message))


@contextmanager
def reopened(folder: Path) -> Iterator[Store]:
    """The store as a fresh process would read it, after the app has gone."""
    store = Store.open(folder, readonly=True)
    try:
        yield store
    finally:
        store.close()
