"""Helpers the live-call Pilot tests share: a call clock the test moves, typing, reading the screen."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from rich.console import Console, RenderableType
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from cxnotes.app import CxNotesApp
from cxnotes.screens.call import CallScreen
from cxnotes.session import CallSession
from cxnotes.storage.store import Store

MONDAY = datetime(2026, 11, 23, 10, 0).astimezone()
"""The day the tests' calls happen: Monday 23 November 2026, 10:00 local time."""


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
    """Let workers finish and their results reach the screen (results can start more work)."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


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
