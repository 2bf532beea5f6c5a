"""The triage queue shows each pain point's likely fixes; s attaches to the first; nothing attaches itself."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from cxnotes.__main__ import make_app
from cxnotes.domain.models import PainPoint
from cxnotes.screens.fixes_triage import TriageScreen
from tests.pilot_helpers import settle
from tests.test_fixes_screen import open_fixes, seed, shown, stored


async def test_likely_fix_is_shown_and_s_accepts_it(tmp_path: Path) -> None:
    ids = seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(140, 40)) as pilot:
        await open_fixes(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        text = shown(app.screen.query_one("#suggestions", Static))
        assert "Likely fix: s) Double charge [bold]now[/bold]" in text  # its evidence says "charged twice!"
        assert stored(app).get(PainPoint, ids["waiting"]).fix_id is None  # shown, not attached
        await pilot.press("3")
        await settle(pilot)
        assert stored(app).get(PainPoint, ids["waiting"]).fix_id is None
        await pilot.press("s")
        await settle(pilot)
        assert stored(app).get(PainPoint, ids["waiting"]).fix_id == ids["top"]
        assert app.screen.query_one(DataTable).row_count == 0
