"""Delete in the live call asks before a pain point or promise goes: a stray key must not lose one.

Each test drives the real app on a real store: the side panel, the dialog, and what the
store holds once the autosave (or leaving the call) has written it.
"""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import Notes, call_screen, prompts, reopened, settle, stored, type_text, wait_until
from textual.pilot import Pilot
from textual.widgets import Label, OptionList

from cxnotes.__main__ import make_app
from cxnotes.app import CxNotesApp, StartCall
from cxnotes.domain.text import one_line
from cxnotes.screens.call import CallScreen
from cxnotes.screens.calls import CallsScreen
from cxnotes.screens.confirm import QUOTE_CELLS, ConfirmRemoval

KOREAN = "환불이 너무 늦어요 벌써 삼 주째 기다리는데 아무 연락도 없고 전화도 안 받아요"
"""A complaint wider than the dialog's quote: it must be cut, on a character, to one line."""


def new_call(folder: Path) -> CxNotesApp:
    """The app as `cxnotes call --customer Ann` starts it, on the store in ``folder``."""
    return make_app(folder, start_call=StartCall(customer="Ann", segment="trial", channel="phone"))


async def mark_two(app: CxNotesApp, pilot: Pilot[None], first: str, second: str) -> CallScreen:
    """Two lines, each marked as a pain point while typed (billing, severity 4), saved."""
    await settle(pilot)
    screen = call_screen(app)
    for words in (first, second):
        await type_text(pilot, words)
        await pilot.press("ctrl+g", "7", "4", "enter", "enter")
    assert len(screen.session.pain_points) == 2
    await wait_until(pilot, lambda: not screen.session.dirty, "the autosave of both points")
    return screen


async def add_promise(pilot: Pilot[None], text: str) -> None:
    """Ctrl+R, what was promised, no due date."""
    await pilot.press("ctrl+r")
    await type_text(pilot, text)
    await pilot.press("enter", "enter")


def question(app: CxNotesApp) -> str:
    """What the open removal dialog asks, as drawn (markup would have been read by now)."""
    dialog = app.screen
    assert isinstance(dialog, ConfirmRemoval), f"expected the removal question, got {dialog!r}"
    return dialog.query_one(".dialog-title", Label).visual.plain


async def test_esc_or_n_keeps_the_pain_point(tmp_path: Path) -> None:
    """Delete asks; Esc and n both keep the point, on screen and in the store after leaving."""
    app = new_call(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await mark_two(app, pilot, "first complaint", KOREAN)
        points = screen.query_one("#points", OptionList)
        shown = prompts(points)
        await pilot.press("tab", "down")
        assert screen.focused is points and points.highlighted == 1
        for keep in ("escape", "n"):
            await pilot.press("delete")
            assert question(app) == f"Remove pain point 2 “{one_line(KOREAN, QUOTE_CELLS)}”?"
            await pilot.press(keep)
            assert app.screen is screen, f"{keep} left the dialog open"
            assert prompts(points) == shown
        call_id = screen.session.call.id
        await pilot.press("escape", "escape")  # back to the typing line, then out of the call (it saves)
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
        assert app.screen_stack == [app.screen] and not screen.is_attached, "the left call stays behind"
    with reopened(tmp_path) as store:
        assert [p.quote for p in store.pain_points_of(call_id)] == ["first complaint", KOREAN]


async def test_y_removes_the_pain_point_from_screen_and_store(tmp_path: Path) -> None:
    """Delete then y removes the highlighted point only, says so, and the autosave deletes it on disk."""
    notes = Notes()
    app = new_call(tmp_path)
    async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
        screen = await mark_two(app, pilot, "first complaint", KOREAN)
        points = screen.query_one("#points", OptionList)
        await pilot.press("tab", "delete")
        assert question(app) == "Remove pain point 1 “first complaint”?"
        await pilot.press("y")
        assert app.screen is screen
        assert prompts(points) == [f"1. Billing / renewal ●●●●○\n   {KOREAN}"]
        assert ("", "Removed.") in notes.shown
        call_id = screen.session.call.id
        # "Not dirty" means the batch was taken, not that its write has finished: wait for the disk.
        on_disk = lambda: [p.quote for p in stored(app).pain_points_of(call_id)] == [KOREAN]  # noqa: E731
        await wait_until(pilot, on_disk, "the autosave of the removal")
    with reopened(tmp_path) as store:
        assert [p.quote for p in store.pain_points_of(call_id)] == [KOREAN]


async def test_a_promise_is_kept_on_esc_and_removed_on_enter(tmp_path: Path) -> None:
    """The same question guards a promise: Esc keeps it, Enter removes it, from screen and store."""
    app = new_call(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = call_screen(app)
        await add_promise(pilot, "Refund the double charge")
        await add_promise(pilot, "환불 확인 후 다시 전화")
        promises = screen.query_one("#promises", OptionList)
        call_id = screen.session.call.id
        await wait_until(pilot, lambda: len(stored(app).promises_of(call_id)) == 2, "both promises saved")
        await pilot.press("tab", "tab", "down")
        assert screen.focused is promises and promises.highlighted == 1

        await pilot.press("delete")
        assert question(app) == "Remove promise “환불 확인 후 다시 전화”?"
        await pilot.press("escape")
        assert prompts(promises) == ["☐ Refund the double charge", "☐ 환불 확인 후 다시 전화"]

        await pilot.press("delete", "enter")
        assert app.screen is screen
        assert prompts(promises) == ["☐ Refund the double charge"]
        await wait_until(pilot, lambda: not screen.session.dirty, "the autosave of the removal")
    with reopened(tmp_path) as store:
        assert [p.text for p in store.promises_of(call_id)] == ["Refund the double charge"]


async def test_the_question_shows_markup_in_a_quote_literally_on_one_line(tmp_path: Path) -> None:
    """A quote holding ``[bold]`` shows those characters; a long Korean one is cut to one line at 80x24."""
    app = new_call(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await mark_two(app, pilot, "it said [bold]paid[/bold] twice", KOREAN)
        await pilot.press("tab", "delete")
        assert question(app) == "Remove pain point 1 “it said [bold]paid[/bold] twice”?"
        await pilot.press("escape", "down", "delete")
        asked = question(app)
        assert asked.endswith("…”?") and KOREAN not in asked
        assert app.screen.query_one(".dialog-title", Label).region.height == 1
        await pilot.press("escape")
        assert len(screen.session.pain_points) == 2
