"""The command palette finds every action of the screen it is opened on, by the name the footer gives it."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import call_screen, palette_hits, run_command, settle, wait_until
from textual.pilot import Pilot

from cxnotes.app import CxNotesApp, StartCall
from cxnotes.screens.fixes import FixesScreen


async def find(pilot: Pilot[None], search: str, name: str) -> None:
    """Ctrl+P and ``search``: ``name`` is among the hits; Esc closes the palette again."""
    await pilot.press("ctrl+p", *search)
    await wait_until(pilot, lambda: name in palette_hits(pilot.app), f"{name!r} for {search!r}")
    await pilot.press("escape")


async def test_the_calls_actions_are_found_by_name_and_run(data_dir: Path) -> None:
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for search, name in [
            ("pain", "Pain point"),
            ("promise", "Promise"),
            ("speaker", "Speaker"),
            ("end", "End call"),
            ("custom", "Customer"),
            ("fixes", "Fixes"),
        ]:
            await find(pilot, search, name)
        screen = call_screen(app)
        await run_command(pilot, "speaker", "Speaker")
        await pilot.pause()
        assert screen.session.speaker == "operator"


async def test_the_fix_reviews_actions_are_found_by_name(data_dir: Path) -> None:
    app = CxNotesApp(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, FixesScreen)
        for search, name in [
            ("merge", "Merge into…"),
            ("triage", "Triage queue"),
            ("status", "Status"),
            ("answer", "Answer"),
            ("effort", "Effort"),
            ("open call", "Open call"),
        ]:
            await find(pilot, search, name)
