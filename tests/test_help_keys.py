"""F1 in a live call: the call's own keys come first, the text box's editing keys after them."""

from __future__ import annotations

from pathlib import Path

from cxnotes.app import CxNotesApp, StartCall
from tests.pilot_helpers import plain, settle


async def test_f1_lists_the_call_keys_before_the_editing_keys(data_dir: Path) -> None:
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        listed = plain(app.screen.query_one("BindingsTable").render())
        assert listed.index("Pain point") < listed.index("End call") < listed.index("Move cursor left")
        assert "Log complaint" in listed  # hidden from the call's footer, still listed here
        await pilot.press("f1")
        await pilot.pause()
        assert not app.screen.query("BindingsTable")
