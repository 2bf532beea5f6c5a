"""Hostile text typed or pasted anywhere in a call: shown literally, stored clean, triggers nothing."""

from __future__ import annotations

import re
from pathlib import Path

from pilot_helpers import call_screen, prompts, reopened, rows, settle, stored, type_text, wait_until
from textual import events
from textual.widgets import DataTable, Input, Label, OptionList

from cxnotes.__main__ import make_app
from cxnotes.app import CxNotesApp, StartCall
from cxnotes.domain.models import Customer, Fix, Line, PainPoint, Promise
from cxnotes.screens.calls import CallsScreen
from cxnotes.screens.dialogs import LineEditDialog, PromiseDialog
from cxnotes.screens.new_call_dialog import StartCallDialog
from cxnotes.storage.store import Store

MARKUP = ["[/b]", "[@click=app.quit]x[/]", "[red]x", "[bold]굵게[/bold] [link=https://evil.example]y[/link]"]
"""Rich and Textual markup that would close tags, call an action, restyle or link if parsed."""

ESCAPES = (
    "a\x1b[31mred\x1b[0m b"  # colour
    "\x1b]0;pwned\x07c"  # window title
    "\x1b]52;c;aGVsbG8=\x07d"  # OSC 52: write the clipboard
    "\x00e\x07f\x08\x7f\x9b31mg"  # NUL, BEL, backspace, DEL, a C1 CSI
)
"""Terminal control sequences and control characters, as a paste could carry them."""

ESCAPES_CLEANED = "ared bcdefg"

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def paste(app: CxNotesApp, text: str) -> None:
    """Paste ``text`` into the focused widget, the way the terminal driver delivers a paste."""
    app.post_message(events.Paste(text))


def assert_clean(store: Store) -> None:
    """No stored text of any kind holds a control character (tab and newline aside)."""
    texts = [line.text for line in store.all(Line)]
    texts += [c.name for c in store.all(Customer)] + [c.segment for c in store.all(Customer)]
    texts += [p.quote for p in store.all(PainPoint)] + [p.text for p in store.all(Promise)]
    texts += [f.title for f in store.all(Fix)]
    assert texts and not [t for t in texts if CONTROL.search(t)]


async def still_running(app: CxNotesApp) -> None:
    """The app did not quit, and the call is still on screen."""
    assert app.is_running and app.return_code is None
    call_screen(app)


async def test_typed_markup_shows_literally_and_clicks_trigger_nothing(data_dir: Path) -> None:
    """Markup typed into the transcript is text: shown as typed, stored as typed; clicking it does nothing."""
    app = make_app(data_dir, StartCall("Ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for text in MARKUP:
            await type_text(pilot, text)
            await pilot.press("enter")
        screen = call_screen(app)
        transcript = screen.query_one("#transcript", OptionList)
        assert [p.split(" ", 2)[2] for p in prompts(transcript)] == MARKUP
        for index in range(len(MARKUP)):
            styles = {str(span.style) for span in transcript.get_option_at_index(index).prompt.spans}
            assert styles <= {"dim", "bold yellow"}, "only the stamp and the speaker tag are styled"
        await pilot.click("#transcript", offset=(12, 1))
        assert isinstance(app.screen, LineEditDialog), "a click opens the line to correct it"
        assert app.screen.query_one("#text", Input).value == MARKUP[1]
        await pilot.press("escape")
        await settle(pilot)
        await still_running(app)
        await pilot.press("ctrl+q")
    with reopened(data_dir) as store:
        assert [line.text for line in store.lines_of(screen.session.call.id)] == MARKUP


async def test_pasted_escapes_and_controls_are_stripped(data_dir: Path) -> None:
    """ANSI colours, title and clipboard (OSC 52) escapes, NUL and BEL never reach the box or the disk."""
    app = make_app(data_dir, StartCall("Ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = call_screen(app)
        box = screen.query_one("#line", Input)
        paste(app, ESCAPES)
        await pilot.pause()
        assert box.value == ESCAPES_CLEANED
        await pilot.press("enter")
        paste(app, "one\x1b[2J\r\ntwo\x07\x1b]0;x\x07\nthree\x00")
        await pilot.pause()
        assert box.value == "three"
        await pilot.press("enter")
        await settle(pilot)
        texts = [p.split(" ", 2)[2] for p in prompts(screen.query_one("#transcript", OptionList))]
        assert texts == [ESCAPES_CLEANED, "one", "two", "three"]
        await still_running(app)
        await pilot.press("ctrl+q")
    with reopened(data_dir) as store:
        assert [line.text for line in store.lines_of(screen.session.call.id)] == texts


async def test_typed_control_keys_insert_nothing(data_dir: Path) -> None:
    """NUL (Ctrl+@) and other control keys typed in the transcript add no character."""
    app = make_app(data_dir, StartCall("Ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_text(pilot, "ab")
        for key, character in [("ctrl+@", "\x00"), ("ctrl+backslash", "\x1c"), ("ctrl+underscore", "\x1f")]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await type_text(pilot, "c")
        await pilot.press("enter")
        await settle(pilot)
        screen = call_screen(app)
        assert [line.text for line in screen.session.lines] == ["abc"]
        await still_running(app)


async def test_hostile_customer_names(data_dir: Path) -> None:
    """A name from the command line or pasted into the new-call dialog: literal on screen, clean on disk."""
    name = "[@click=app.quit]Eve[/]\x1b]0;owned\x07"
    app = make_app(data_dir, StartCall(name, segment="[red]vip\x07"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = call_screen(app)
        assert screen.title == "Call · [@click=app.quit]Eve[/] ([red]vip) · phone"
        await pilot.click("#title")
        await still_running(app)
        await type_text(pilot, "hello")
        await pilot.press("enter")

        await pilot.press("f10", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
        await pilot.press("n")
        assert isinstance(app.screen, StartCallDialog)
        paste(app, "[b]Mallory\x1b[31m\x07[/b]\r\nnext line")
        await pilot.pause()
        assert app.screen.query_one("#customer", Input).value == "[b]Mallory[/b] next line"
        await pilot.press("enter")
        await type_text(pilot, "hi")
        await pilot.press("enter", "f10", "enter")
        await settle(pilot)
        assert sorted(r[1] for r in rows(app.screen.query_one("#calls", DataTable))) == [
            "[@click=app.quit]Eve[/]",
            "[b]Mallory[/b] next line",
        ]
        await pilot.click("#calls", offset=(20, 1))
        assert app.is_running
        assert_clean(stored(app))


async def test_hostile_promises_points_and_fix_titles(data_dir: Path) -> None:
    """Promise text, a due date that cannot be read, a quote and a fix title with markup and escapes."""
    app = make_app(data_dir, StartCall("Ann"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = call_screen(app)
        await type_text(pilot, "refund [/b] please")
        await pilot.press("ctrl+g", "7", "4", "tab")
        paste(app, " [@click=app.quit]now[/]\x1b]52;c;eA==\x07")
        await pilot.press("tab")
        paste(app, "[red]Refunds\x07 slow")
        await pilot.press("enter", "enter")

        await pilot.press("ctrl+r")
        paste(app, "[@click=app.quit]call back[/]\x1b[31m")
        await pilot.press("enter")
        paste(app, "[red]x\x1b]0;t\x07")
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, PromiseDialog)
        error = str(dialog.query_one("#error", Label).content)
        assert '"[red]x"' in error and not CONTROL.search(error)
        await pilot.press("ctrl+u")
        await type_text(pilot, "tomorrow")
        await pilot.press("enter")

        points = prompts(screen.query_one("#points", OptionList))
        assert points == [
            "1. Billing / renewal ●●●●○\n"
            "   refund [/b] please [@click=app.quit]now[/]\n"
            "   → [red]Refunds slow"
        ]
        promises = prompts(screen.query_one("#promises", OptionList))
        assert len(promises) == 1 and promises[0].startswith("☐ [@click=app.quit]call back[/] · due ")
        await pilot.click("#promises", offset=(4, 0))
        await pilot.click("#points", offset=(8, 1))
        await pilot.press("escape")
        await settle(pilot)
        await still_running(app)
        store = stored(app)
        await wait_until(pilot, lambda: not screen.session.dirty, "the autosave of everything typed")
        assert [f.title for f in store.all(Fix)] == ["[red]Refunds slow"]
        assert_clean(store)
