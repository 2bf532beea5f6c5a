"""Keys reaching the transcript in one burst, as a terminal delivers fast typing."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input

from cxnotes.app import CxNotesApp, StartCall
from cxnotes.screens.call import CallScreen


def burst(app: CxNotesApp, text: str) -> None:
    """Queue every key at once, the way the terminal driver posts a burst of input."""
    for character in text:
        key = "enter" if character == "\r" else character
        app.post_message(events.Key(key, character))


async def test_a_burst_of_lines_stays_apart(data_dir: Path) -> None:
    """Enter ends its own line even when the next line's keys are already queued."""
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, "one\rtwo\r환불해 주세요\rfour")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CallScreen)
        assert [line.text for line in screen.session.lines] == ["one", "two", "환불해 주세요"]
        assert screen.query_one("#line", Input).value == "four"
