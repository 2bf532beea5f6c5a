"""The transcript keeps the last line in view: in a restored call, after a dialog, beside its scrollbar."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import call_screen, settle
from textual.widgets import OptionList

from cxnotes.__main__ import make_app
from cxnotes.app import CxNotesApp, StartCall
from cxnotes.domain.models import Call, Customer, Line
from cxnotes.storage.store import Store


def at_the_end(transcript: OptionList) -> bool:
    """The transcript is scrolled to its last line (and is long enough to scroll)."""
    return transcript.max_scroll_y > 0 and transcript.scroll_y == transcript.max_scroll_y


async def test_a_restored_call_opens_at_its_last_lines(data_dir: Path) -> None:
    store = Store.open(data_dir)
    who = Customer(name="김민지")
    call = Call(customer_id=who.id)
    lines = [Line(call_id=call.id, index=n, offset=n * 5.0, text=f"{n + 1}번째 줄") for n in range(60)]
    store.put(who, call, *lines)
    store.close()
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        transcript = call_screen(app).query_one("#transcript", OptionList)
        assert at_the_end(transcript)


async def test_the_last_line_is_in_view_after_a_dialog(data_dir: Path) -> None:
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for n in range(30):
            await pilot.press(*f"{n}", "enter")
        transcript = call_screen(app).query_one("#transcript", OptionList)
        transcript.scroll_home(animate=False)
        await pilot.press("ctrl+r", "escape")
        await pilot.pause()
        assert at_the_end(transcript)
        assert transcript.styles.scrollbar_gutter == "stable", "lines wrap beside the scrollbar, not under it"
