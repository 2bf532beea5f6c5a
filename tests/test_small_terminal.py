"""What a newcomer at an 80x24 terminal must still be able to reach and read, through the real app."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Label, Log
from textual.widgets._toast import Toast

from cxnotes.__main__ import make_app
from cxnotes.app import StartCall
from cxnotes.domain.models import Customer, Fix, PainPoint
from cxnotes.screens.fixes_dialogs import GetBackDialog
from cxnotes.storage.store import Store
from tests.pilot_helpers import call_screen
from tests.test_fixes_screen import open_fixes

SMALL = (80, 24)


def seed(folder: Path) -> None:
    """One planned fix with two customers behind it."""
    store = Store.open(folder)
    ann, bob = Customer(name="Ann", segment="trial"), Customer(name="민지", segment="연간 회원")
    fix = Fix(title="Double charge", status="planned")
    store.put(ann, bob, fix)
    store.put(
        PainPoint(quote="charged twice", severity=5, customer_id=ann.id, fix_id=fix.id),
        PainPoint(quote="두 번 결제됐어요", severity=4, customer_id=bob.id, fix_id=fix.id),
    )
    store.close()


def on_screen(region: Region) -> bool:
    """Whether a widget's region lies wholly inside the 80x24 terminal."""
    return Region(0, 0, *SMALL).contains_region(region)


async def open_get_back(pilot: Pilot[None]) -> GetBackDialog:
    """The fix review, then g on its first fix: the customers to get back to."""
    await open_fixes(pilot)
    await pilot.press("g")
    await pilot.pause()
    assert isinstance(pilot.app.screen, GetBackDialog)
    return pilot.app.screen


async def test_a_long_get_back_list_scrolls_to_its_end_at_80x24(tmp_path: Path) -> None:
    """Thirty customers are taller than 24 rows: the list scrolls inside the dialog (End shows the
    last customer) while the dialog's help line stays on screen."""
    store = Store.open(tmp_path)
    fix = Fix(title="Slow refunds")
    people = [Customer(name=f"Customer {n}", segment="trial") for n in range(30)]
    store.put(fix, *people)
    store.put(*(PainPoint(quote="still waiting", customer_id=c.id, fix_id=fix.id) for c in people))
    store.close()
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_get_back(pilot)
        await pilot.pause()
        listed = dialog.query_one("#get-back", Log)
        assert on_screen(dialog.query_one(".dialog-help", Label).region)
        assert on_screen(listed.region) and listed.scroll_y == 0
        last = len(listed.lines)
        assert listed.scroll_y + listed.scrollable_content_region.height < last  # the end is out of view
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert listed.scroll_y + listed.scrollable_content_region.height >= last
        assert listed.lines[-1].startswith("• Customer 29")


async def test_customers_to_get_back_to_of_a_planned_fix_do_not_say_shipped(tmp_path: Path) -> None:
    """g lists whom to tell for any fix; the dialog names the fix, not a status it does not have."""
    seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        dialog = await open_get_back(pilot)
        title = str(dialog.query_one(".dialog-title", Label).content)
        assert title == "Get back to: Double charge"
        assert "2 customers to tell:" in [str(label.content) for label in dialog.query(Label)]
        listed = "\n".join(dialog.query_one("#get-back", Log).lines)
        assert "Ann" in listed and "(1 pain point)" in listed and "pain point(s)" not in listed


async def test_a_notification_in_a_call_leaves_the_typing_line_visible(tmp_path: Path) -> None:
    """An agreed answer or "Removed." shows while the operator types: it must not cover the line."""
    app = make_app(tmp_path, start_call=StartCall(customer="Ann", segment="trial", channel="phone"))
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause(0.2)
        screen = call_screen(app)
        screen.notify("Tell the customer to update to 4.2; it keeps them signed in.", title="Agreed answer")
        await pilot.pause(0.3)
        line = screen.query_one("#line").region
        toasts = [toast.region for toast in screen.query(Toast)]
        assert toasts, "the notification was not shown"
        assert all(not toast.overlaps(line) for toast in toasts), (toasts, line)
