"""A whole live call driven through the real app on a real store, then found again after a restart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pilot_helpers import call_screen, prompts, rows, settle, stored, type_text, use_clock
from textual.widgets import DataTable, Input, Label, OptionList

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise
from cxnotes.screens.calls import CallsScreen
from cxnotes.screens.confirm import ConfirmRemoval
from cxnotes.screens.dialogs import EndCallDialog, PainPointPicker, PromiseDialog
from cxnotes.screens.new_call_dialog import StartCallDialog
from cxnotes.storage.store import Store

KOREAN = "요금이 두 번 청구됐어요"


def seed(folder: Path) -> None:
    """A known customer and a known fix, for completion."""
    store = Store.open(folder)
    store.put(Customer(name="김민지", segment="1-year member"), Fix(title="Double charge"))
    store.close()


async def test_start_call_in_a_few_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """n, two letters, Tab (completes the name and fills the segment), Ctrl+→ (chat), Enter."""
    use_clock(monkeypatch)
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, StartCallDialog)
        await type_text(pilot, "김")
        await pilot.pause()
        await pilot.press("tab")
        assert app.screen.query_one("#customer", Input).value == "김민지"
        assert app.screen.query_one("#segment", Input).value == "1-year member"
        await pilot.press("ctrl+right", "enter")
        screen = call_screen(app)
        assert screen.title == "Call · 김민지 (1-year member) · chat"
        assert screen.focused is screen.query_one("#line")
        known = stored(app).customer_named("김민지")
        assert known is not None and screen.session.call.customer_id == known.id


async def test_tab_moves_on_when_nothing_completes(tmp_path: Path) -> None:
    """An unknown name is not completed: Tab goes to the segment, and the call starts with a new customer."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "Ann Lee")
        await pilot.press("tab")
        dialog = app.screen
        assert dialog.query_one("#customer", Input).value == "Ann Lee"
        assert dialog.focused is dialog.query_one("#segment")
        await type_text(pilot, "trial")
        await pilot.press("enter")
        assert call_screen(app).title == "Call · Ann Lee (trial) · phone"


async def test_whole_call_then_found_after_restart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Type, toggle speakers, mark, attach, edit, remove, promise, end, quit; a new app finds it all."""
    clock = use_clock(monkeypatch)
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "김")
        await pilot.press("tab", "enter")
        screen = call_screen(app)
        transcript = screen.query_one("#transcript", OptionList)

        # Lines, stamped with the call time at which each was begun.
        await type_text(pilot, KOREAN)
        clock.advance(3)
        await pilot.press("enter")
        clock.advance(2)
        await pilot.press("ctrl+t")
        await type_text(pilot, "Sorry, let me check [b]that[/b]")
        await pilot.press("enter")
        clock.advance(7)
        await pilot.press("ctrl+t")
        await type_text(pilot, "I want my money back")
        assert str(screen.query_one("#stamp", Label).content) == "00:12 C"

        # Mark the line being typed: digit for the step (7 billing), digit for the severity, Enter.
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, PainPointPicker)
        await pilot.press("7", "5", "enter")
        assert screen.focused is screen.query_one("#line")
        await pilot.press("enter")
        assert prompts(transcript) == [
            f"00:00 C {KOREAN}",
            "00:05 O Sorry, let me check [b]that[/b]",
            "00:12 C I want my money back ⚑1",
        ]

        # Esc cancels a mark: nothing is added.
        await pilot.press("ctrl+g", "2", "escape")
        assert not isinstance(app.screen, PainPointPicker)
        assert len(screen.session.pain_points) == 1

        # F2 marks the last line; Tab, Tab to the fix title, which completes to the existing fix.
        await pilot.press("f2", "8", "4", "tab", "tab")
        await type_text(pilot, "dou")
        await pilot.press("tab")
        assert app.screen.query_one("#fix", Input).value == "Double charge"
        await pilot.press("enter")

        # Up walks into the transcript; the highlighted (first) line is marked, with a new fix.
        await pilot.press("up", "up", "up")
        assert transcript.highlighted == 0
        await pilot.press("ctrl+g", "7", "3", "tab", "tab")
        await type_text(pilot, "환불 지연")
        await pilot.press("enter")
        assert prompts(transcript)[0] == f"00:00 C {KOREAN} ⚑3"
        points = screen.query_one("#points", OptionList)
        assert prompts(points) == [
            "1. Billing / renewal ●●●●●\n   I want my money back",
            "2. Cancel / refund ●●●●○\n   I want my money back\n   → Double charge",
            f"3. Billing / renewal ●●●○○\n   {KOREAN}\n   → 환불 지연",
        ]

        # Edit point 2 in the side panel (support, severity 2), then remove point 1.
        assert screen.focused is screen.query_one("#line")
        await pilot.press("tab")
        assert screen.focused is points and points.highlighted == 0
        await pilot.press("down", "enter")
        assert isinstance(app.screen, PainPointPicker)
        await pilot.press("6", "2", "enter")
        assert points.highlighted == 1, "the edited point stays highlighted"
        await pilot.press("up", "delete")
        assert isinstance(app.screen, ConfirmRemoval), "Delete asks before removing"
        await pilot.press("y")
        assert prompts(points) == [
            "1. Support ●●○○○\n   I want my money back\n   → Double charge",
            f"2. Billing / renewal ●●●○○\n   {KOREAN}\n   → 환불 지연",
        ]
        assert prompts(transcript)[2] == "00:12 C I want my money back ⚑1"

        # Promises with relative due dates; "3 days ago" is refused and nothing is saved.
        screen.query_one("#line").focus()
        for text, due in [
            ("Refund the double charge", "tomorrow"),
            ("Call back", "in 3 days"),
            ("Send the invoice", "next friday"),
            ("Check the renewal", "12/1"),
        ]:
            await pilot.press("ctrl+r")
            await type_text(pilot, text)
            await pilot.press("enter")
            await type_text(pilot, due)
            await pilot.press("enter")
        await pilot.press("ctrl+r")
        await type_text(pilot, "Too late")
        await pilot.press("enter")
        await type_text(pilot, "3 days ago")
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, PromiseDialog)
        assert "in the past" in str(dialog.query_one("#error", Label).content)
        await pilot.press("escape")
        assert prompts(screen.query_one("#promises", OptionList)) == [
            "☐ Refund the double charge · due Tue Nov 24",
            "☐ Call back · due Thu Nov 26",
            "☐ Send the invoice · due Fri Nov 27",
            "☐ Check the renewal · due Tue Dec 1",
        ]

        # End the call: outcome "refund requested" (Ctrl+→ twice, from the summary box), summary.
        await pilot.press("f10")
        assert isinstance(app.screen, EndCallDialog)
        await pilot.press("ctrl+right", "ctrl+right")
        await type_text(pilot, "Refund agreed; 환불 3일 내")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallsScreen)
        call_id = screen.session.call.id
        await pilot.press("ctrl+q")

    again = make_app(tmp_path)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, CallsScreen), "a finished call is not reopened at start"
        table = again.screen.query_one("#calls", DataTable)
        assert rows(table) == [
            ["2026-11-23 10:00", "김민지", "refund requested", "—", "2", "1-year member", "phone", ""]
        ]
        await pilot.press("enter")
        await settle(pilot)
        screen = call_screen(again)
        assert prompts(screen.query_one("#transcript", OptionList)) == [
            f"00:00 C {KOREAN} ⚑2",
            "00:05 O Sorry, let me check [b]that[/b]",
            "00:12 C I want my money back ⚑1",
        ]
        assert len(prompts(screen.query_one("#points", OptionList))) == 2
        assert len(prompts(screen.query_one("#promises", OptionList))) == 4
        assert screen.sub_title == "ended 2026-11-23 10:00 · refund requested"

        store = stored(again)
        call = store.get(Call, call_id)
        assert call is not None
        assert (call.outcome, call.summary) == ("refund requested", "Refund agreed; 환불 3일 내")
        assert [(ln.offset, ln.speaker, ln.text) for ln in store.lines_of(call_id)] == [
            (0.0, "customer", KOREAN),
            (5.0, "operator", "Sorry, let me check [b]that[/b]"),
            (12.0, "customer", "I want my money back"),
        ]
        by_quote = {p.quote: p for p in store.pain_points_of(call_id)}
        assert set(by_quote) == {"I want my money back", KOREAN}
        support, billing = by_quote["I want my money back"], by_quote[KOREAN]
        assert (support.step, support.severity) == ("support", 2)
        assert (billing.step, billing.severity) == ("billing", 3)
        assert store.get(Fix, support.fix_id) == store.fix_titled("Double charge")
        new_fix = store.fix_titled("환불 지연")
        assert new_fix is not None and billing.fix_id == new_fix.id
        assert store.count(PainPoint) == 2
        assert sorted((p.text, p.due) for p in store.promises_of(call_id)) == [
            ("Call back", date(2026, 11, 26)),
            ("Check the renewal", date(2026, 12, 1)),
            ("Refund the double charge", date(2026, 11, 24)),
            ("Send the invoice", date(2026, 11, 27)),
        ]
        assert store.count(Promise) == 4
        assert all(line.call_id == call_id for line in store.all(Line))
