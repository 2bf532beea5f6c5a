"""The call's dialogs as an operator meets them: what a due date resolves to, messages read whole."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pilot_helpers import call_screen, plain, prompts, reopened, settle, type_text, use_clock, wait_until
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Label, OptionList

from cxnotes.app import CxNotesApp, StartCall
from cxnotes.domain.filing import TITLE_MAX
from cxnotes.domain.models import OUTCOMES, Fix
from cxnotes.screens.dialogs import EndCallDialog, PainPointPicker, PromiseDialog
from cxnotes.storage.store import Store


async def promise_typed(pilot: Pilot[None], due: str) -> None:
    """Ctrl+R in the call, the promise "환불 처리", Tab, then ``due`` typed into the date box."""
    await pilot.pause()
    await pilot.press("ctrl+r")
    await type_text(pilot, "환불 처리")
    await pilot.press("tab")
    await type_text(pilot, due)


async def test_the_due_date_shows_the_day_it_resolves_to_while_typed(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Monday 23 November, 다음 주 금요일 is Friday 4 December, and the dialog says so before Enter."""
    use_clock(monkeypatch)
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(80, 24)) as pilot:
        await promise_typed(pilot, "다음 주 금요일")
        dialog = app.screen
        assert isinstance(dialog, PromiseDialog)
        assert plain(dialog.query_one("#when", Label).content) == "→ 금 12월 4일"
        await type_text(pilot, "x")
        assert plain(dialog.query_one("#when", Label).content) == ""
        await pilot.press("backspace", "enter")
        await pilot.pause()
        [promise] = call_screen(app).session.promises
        assert (promise.text, str(promise.due)) == ("환불 처리", "2026-12-04")


async def test_a_long_date_message_wraps_inside_the_dialog_at_80x24(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every accepted form is listed, the last one too: the message wraps instead of being cut."""
    use_clock(monkeypatch)
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(80, 24)) as pilot:
        await promise_typed(pilot, "언젠가")
        await pilot.press("enter")
        await pilot.pause()
        error = app.screen.query_one("#error", Label)
        assert plain(error.content).endswith("12월 1일.")
        assert error.size.height >= 2
        assert error.region.right <= app.screen.query_one(".dialog").region.right


async def test_the_outcome_picker_stops_at_its_ends(data_dir: Path) -> None:
    """Ctrl+← on the first outcome stays there: one call was ended as "other" by a wrap to the last."""
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f10", "ctrl+left")
        dialog = app.screen
        assert isinstance(dialog, EndCallDialog)
        assert OUTCOMES[dialog.outcome] == "resolved"
        await pilot.press(*["ctrl+right"] * (len(OUTCOMES) + 2))
        assert OUTCOMES[dialog.outcome] == OUTCOMES[-1]


async def test_the_agreed_answer_shows_in_the_picker_and_stays_under_the_point(data_dir: Path) -> None:
    """Once the fix title completes the picker shows its answer; after Enter it stays in the panel."""
    store = Store.open(data_dir)
    store.put(Fix(title="Double charge", answer="3영업일 안에 환불 안내"))
    store.close()
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "두 번 결제됐어요")
        await pilot.press("ctrl+g", "2", "4", "tab", "tab")
        await type_text(pilot, "dou")
        answer = app.screen.query_one("#answer", Label)
        assert plain(answer.content) == ""
        await pilot.press("tab")
        assert plain(answer.content) == "✔ Agreed answer: 3영업일 안에 환불 안내"
        await pilot.press("enter")
        await pilot.pause()
        points = call_screen(app).query_one("#points", OptionList)
        assert prompts(points) == [
            "1. Evaluate ●●●●○\n   두 번 결제됐어요\n   → Double charge\n   ✔ 3영업일 안에 환불 안내"
        ]


async def test_a_long_quote_ends_in_an_ellipsis_in_the_panel(data_dir: Path) -> None:
    """The panel shows three lines of a quote and says there is more; Enter on it shows it whole."""
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "환불 " * 40)
        await pilot.press("ctrl+g", "2", "4", "enter")
        await pilot.pause()
        points = call_screen(app).query_one("#points", OptionList)
        console = Console(width=points.content_size.width, record=True, file=io.StringIO())
        console.print(points.get_option_at_index(0).prompt)
        shown = console.export_text().rstrip("\n").split("\n")
        assert len(shown) == 4 and shown[-1].rstrip().endswith("…"), shown


async def test_a_fix_title_too_long_is_refused_in_the_picker_as_everywhere(data_dir: Path) -> None:
    """Ctrl+G with a 201-character fix title: the picker stays open and says why (the rule triage and
    ``cxnotes log`` apply); cut to 200, the point is marked and the fix made with that title."""
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await type_text(pilot, "결제가 두 번 됐어요")
        await pilot.press("ctrl+g", "7", "4", "tab", "tab")
        picker = app.screen
        assert isinstance(picker, PainPointPicker) and picker.focused is picker.query_one("#fix")
        await type_text(pilot, "환" * TITLE_MAX + "!")
        await pilot.press("enter")

        def shown() -> list[str]:
            return [str(toast.render()) for toast in app.screen.query("Toast")]

        await wait_until(pilot, lambda: bool(shown()), "the refusal on screen")
        assert app.screen is picker, "a title over the limit was taken"
        assert any(f"{TITLE_MAX + 1}" in toast for toast in shown()), shown()
        await pilot.press("backspace", "enter")
        await settle(pilot)
        [point] = call_screen(app).session.pain_points
        await pilot.press("escape", "escape")  # out of the call: it saves
        await settle(pilot)
    with reopened(data_dir) as store:
        fix = store.get(Fix, point.fix_id)
        assert fix is not None and fix.title == "환" * TITLE_MAX
