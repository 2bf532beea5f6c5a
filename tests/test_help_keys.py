"""F1: what each key does on the screen underneath, in cxnotes' words, over it and readable at 80x24."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from cxnotes.app import CxNotesApp, StartCall
from cxnotes.screens.keys import KeysScreen
from tests.pilot_helpers import call_screen, plain, settle


async def test_f1_says_what_the_calls_keys_do_and_closes_again(data_dir: Path) -> None:
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = call_screen(app).query_one("#line", Input)
        width = box.size.width
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        here = plain(app.screen.query_one("#keys-here", Static).content)
        everywhere = plain(app.screen.query_one("#keys-everywhere", Static).content)
        assert here.index("Tab / Shift+Tab") < here.index("Delete") < here.index("Ctrl+G / F2")
        assert "walk back through the transcript" in here
        assert "Scroll Up" not in here and "Move cursor left" not in here, "widgets' own keys are left out"
        assert "Mark the highlighted line" in here, "a bound key says what its action does"
        assert "Open the complaint form" in everywhere and "Save everything" in everywhere
        keys = app.screen.query_one("#keys")
        assert keys.region.bottom <= 24 and keys.region.right <= 80
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, KeysScreen)
        assert box.size.width == width, "the typing box was never squeezed"
