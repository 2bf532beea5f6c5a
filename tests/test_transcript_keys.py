"""Keys reaching the transcript in one burst, as a terminal delivers fast typing."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import DataTable, Input

from cxnotes.app import CxNotesApp, StartCall
from cxnotes.domain.models import Line, PainPoint
from cxnotes.screens.call import CallScreen
from cxnotes.screens.calls import CallsScreen
from cxnotes.storage.store import Store
from tests.pilot_helpers import keys_taken


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
        await keys_taken(pilot)
        screen = app.screen
        assert isinstance(screen, CallScreen)
        assert [line.text for line in screen.session.lines] == ["one", "two", "환불해 주세요"]
        assert screen.query_one("#line", Input).value == "four"


async def test_an_earlier_line_can_be_corrected_and_its_pain_point_follows(data_dir: Path) -> None:
    """Up walks back to a line; Enter opens it; the fixed text replaces it on screen and on disk."""
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CallScreen)
        await pilot.press(*"refnd please", "enter", *"ok", "enter")
        await pilot.press("up", "up", "ctrl+g", "8", "4", "enter")
        await pilot.press("up", "up", "enter")
        await pilot.pause()
        box = app.screen.query_one("#text", Input)
        assert box.value == "refnd please"
        box.value = "환불 please"
        await pilot.press("enter")
        await pilot.pause()
        assert [line.text for line in screen.session.lines] == ["환불 please", "ok"]
        assert "환불 please" in str(screen.query_one("#transcript").get_option_at_index(0).prompt)
        assert screen.session.pain_points[0].quote == "환불 please"
        await app.action_quit()
    store = Store.open(data_dir, readonly=True)
    assert sorted(line.text for line in store.all(Line)) == ["ok", "환불 please"]
    assert [point.quote for point in store.all(PainPoint)] == ["환불 please"]


async def test_leaving_a_call_started_from_the_shell_shows_the_calls_list(data_dir: Path) -> None:
    """`cxnotes call` opens on the call alone; Esc builds the calls list, which shows the call."""
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [type(screen) for screen in app.screen_stack] == [CallScreen]
        await pilot.press(*"여보세요", "enter", "escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CallsScreen)
        table = app.screen.query_one("#calls", DataTable)
        assert table.row_count == 1 and "김민지" in [str(cell) for cell in table.get_row_at(0)]


async def test_correcting_a_line_starts_at_its_end_not_replacing_it(data_dir: Path) -> None:
    """The edit box opens with the line unselected: the first key adds to it, never replaces it."""
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CallScreen)
        await pilot.press(*"refund", "enter", "up", "enter")
        await pilot.pause()
        await pilot.press(*" now", "enter")
        await pilot.pause()
        assert [line.text for line in screen.session.lines] == ["refund now"]


async def test_a_paste_in_a_burst_keeps_its_place_among_the_keys(data_dir: Path) -> None:
    """Keys, a two-line paste, keys, all queued at once: the paste lands between them, in order."""
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        burst(app, "one\r")
        app.post_message(events.Paste("two\nthree"))
        burst(app, " four\rfive")
        screen = app.screen
        assert isinstance(screen, CallScreen)
        box = screen.query_one("#line", Input)
        await keys_taken(pilot)
        assert [line.text for line in screen.session.lines] == ["one", "two", "three four"]
        assert box.value == "five"
