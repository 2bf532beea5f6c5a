"""The fix review's rough edges a lead meets, through the real app on a real store.

Charts that count what the filtered table ranks, an effort dialog that keeps what was
typed when it is not a number, the agreed answer shown where the fix is, and evidence
rows that stay visible at 80x24.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label, Static

from cxnotes.__main__ import make_app
from cxnotes.models import Fix
from cxnotes.screens.fixes_dialogs import AskText
from tests.pilot_helpers import Notes, settle
from tests.test_fixes_screen import open_fixes, seed, shown, stored


@pytest.mark.parametrize("typed", ["abc", "-2", "0", "nan", "1e999"])
async def test_an_effort_that_is_no_number_keeps_the_dialog_and_the_text(tmp_path: Path, typed: str) -> None:
    """Enter on a bad effort: the dialog stays, says why, keeps the text; Esc leaves it unsaved."""
    ids = seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_fixes(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AskText)
        await pilot.press(*typed, "enter")
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one("#text", Input).value == typed
        error = str(dialog.query_one("#error", Label).content)
        assert error and "\n" not in error
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AskText)
        assert stored(app).get(Fix, ids["top"]).effort is None  # type: ignore[union-attr]


async def test_an_effort_corrected_in_the_dialog_saves_and_an_empty_one_clears(tmp_path: Path) -> None:
    """Letters first, then a number in the same dialog: the number is saved; emptied, it is cleared."""
    ids = seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_fixes(pilot)
        await pilot.press("e", "a", "b", "enter")
        await settle(pilot)
        await pilot.press("backspace", "backspace", "2", ".", "5", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert stored(app).get(Fix, ids["top"]).effort == 2.5  # type: ignore[union-attr]
        assert "effort 2.5" in shown(screen.query_one("#fix-facts", Static))
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#text", Input).value == "2.5"
        await pilot.press("backspace", "backspace", "backspace", "enter")
        await settle(pilot)
        assert stored(app).get(Fix, ids["top"]).effort is None  # type: ignore[union-attr]


async def test_the_agreed_answer_stays_in_the_detail_and_an_empty_one_clears_it(tmp_path: Path) -> None:
    """a sets the answer shown under the fix, kept when the cursor comes back; emptied, it is cleared."""
    ids = seed(tmp_path / "store")
    notes = Notes()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(100, 30), message_hook=notes) as pilot:
        screen = await open_fixes(pilot)
        answer = screen.query_one("#fix-answer", Static)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+u", *"환불은 3일 안에", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Answer: 환불은 3일 안에" in shown(answer)
        await pilot.press("down", "up")
        await settle(pilot)
        assert "Answer: 환불은 3일 안에" in shown(answer)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+u", "enter")
        await settle(pilot)
        assert stored(app).get(Fix, ids["top"]).answer == ""  # type: ignore[union-attr]
        assert "no agreed answer yet" in shown(answer)
        assert ("", "Answer cleared.") in notes.shown
