"""An ended call opens as a record: its outcome and summary shown, nothing on it changed by a stray key."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pilot_helpers import MONDAY, Notes, call_screen, plain, prompts, settle, stored, type_text, wait_until
from textual.widgets import Label, OptionList

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise, to_doc
from cxnotes.screens.calls import CallsScreen
from cxnotes.storage.store import Store
from tests.test_fixes_screen import open_fixes

KOREAN = "요금이 두 번 청구됐어요 [b]지금[/b]"
NOTICE = ("", "This call has ended: it is read-only.")
EDITING = {"mark", "toggle_speaker", "promise", "customer", "end_call"}
"""Actions the footer shows during a live call and must not show on an ended one."""


def seed(folder: Path) -> str:
    """An ended call with two lines, a pain point in a fix, and a promise; returns the call's id."""
    store = Store.open(folder)
    who = Customer(name="김민지", segment="1-year member")
    call = Call(
        customer_id=who.id,
        started_at=MONDAY,
        ended_at=MONDAY + timedelta(minutes=9),
        outcome="refund requested",
        summary="환불 3일 내\nCall back Friday",
    )
    first = Line(call_id=call.id, index=0, offset=0.0, speaker="customer", text=KOREAN)
    second = Line(call_id=call.id, index=1, offset=5.0, speaker="operator", text="Sorry about that")
    fix = Fix(title="Double charge")
    point = PainPoint(quote=KOREAN, step="billing", severity=4, customer_id=who.id, call_id=call.id)
    point.line_id, point.fix_id = first.id, fix.id
    promise = Promise(text="Refund the charge", due=date(2026, 11, 26), customer_id=who.id, call_id=call.id)
    store.put(who, call, first, second, fix, point, promise)
    store.close()
    return call.id


def on_disk(store: Store) -> list[dict[str, object]]:
    """Every record of the store, as stored, to compare before and after."""
    kinds = (Call, Customer, Fix, Line, PainPoint, Promise)
    return sorted((to_doc(r) for kind in kinds for r in store.all(kind)), key=lambda d: str(d["id"]))


async def test_an_ended_call_opens_read_only(tmp_path: Path) -> None:
    """Enter on a finished call: a banner instead of the typing line, editing keys hidden and inert."""
    call_id = seed(tmp_path)
    notes = Notes()
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
        await pilot.press("enter")
        await settle(pilot)
        screen = call_screen(app)
        assert screen.session.call.id == call_id and screen.read_only
        assert not screen.query("#line")
        banner = plain(screen.query_one("#ended", Label).content)
        assert banner.startswith("Ended, read-only · ")
        assert banner.endswith(" · refund requested\n환불 3일 내\nCall back Friday"), "the whole summary"
        assert screen.focused is screen.query_one("#transcript")
        shown = {active.binding.action for active in screen.active_bindings.values() if active.binding.show}
        assert "back" in shown and not shown & EDITING
        before = on_disk(stored(app))

        # Every editing key, and typing, says the one notice (once) and changes nothing.
        await pilot.press("ctrl+g", "ctrl+r", "ctrl+t", "f4", "f10", "delete")
        await type_text(pilot, "oops 앗")
        for panel in ("#points", "#promises"):
            screen.query_one(panel, OptionList).focus()
            await pilot.press("delete", "ctrl+g")
        await settle(pilot)
        assert app.screen is screen
        assert notes.shown == [NOTICE]
        assert on_disk(stored(app)) == before

        # The panels open read-only: Enter shows the whole entry as plain text, no dialog, nothing toggled.
        transcript = screen.query_one("#transcript", OptionList)
        transcript.focus()
        transcript.highlighted = 0
        await pilot.press("enter")
        points = screen.query_one("#points", OptionList)
        points.focus()
        await pilot.press("enter")
        promises = screen.query_one("#promises", OptionList)
        promises.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert notes.shown[1:] == [
            ("00:00 · customer", KOREAN),
            ("1. Billing / renewal · severity 4 · Double charge", KOREAN),
            ("Open · due Thu Nov 26", "Refund the charge"),
        ]
        assert on_disk(stored(app)) == before
        assert len(prompts(transcript)) == 2

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)


async def test_a_live_call_shows_its_editing_keys(tmp_path: Path) -> None:
    """The other side of the footer check: an unfinished call shows the keys an ended one hides."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n", "enter")
        screen = call_screen(app)
        assert not screen.read_only and screen.query("#line")
        shown = {active.binding.action for active in screen.active_bindings.values() if active.binding.show}
        assert shown >= EDITING


async def test_evidence_opens_an_ended_call_read_only(tmp_path: Path) -> None:
    """o on a quote in the fix review opens its ended call read-only; Esc goes back to the review."""
    call_id = seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(140, 40)) as pilot:
        review = await open_fixes(pilot)
        await wait_until(pilot, lambda: bool(review.evidence), "the evidence, read once the cursor rests")
        await pilot.press("o")
        await settle(pilot)
        screen = call_screen(app)
        assert screen.session.call.id == call_id and screen.read_only
        await type_text(pilot, "x")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is review
        assert [line.text for line in stored(app).lines_of(call_id)] == [KOREAN, "Sorry about that"]
