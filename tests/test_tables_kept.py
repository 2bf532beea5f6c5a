"""Tables shown again change only what changed: the rows stay right, the cursor stays put.

The fix review ranks again and the call-backs read again on every return to them; their
tables used to be refilled whole each time (and held the UI thread doing it). Driven
through the real app on a real store.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import DataTable

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call, Customer, Fix, PainPoint, Promise, now
from cxnotes.screens.calls import CallsScreen
from cxnotes.screens.fixes import FixesScreen
from cxnotes.screens.fixes_triage import TriageScreen
from cxnotes.screens.followups import FollowupsScreen
from cxnotes.storage.store import Store
from tests.pilot_helpers import settle, wait_until


def cursor_key(table: DataTable) -> str | None:
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def column(table: DataTable, key: str) -> list[str]:
    return [cell.plain for cell in table.get_column(key)]


async def test_back_from_triage_the_review_keeps_its_rows_and_cursor_and_shows_a_rename(
    tmp_path: Path,
) -> None:
    """A fix renamed meanwhile (to a title as wide) shows its new title; the other rows are the very
    rows drawn before."""
    store = Store.open(tmp_path / "store")
    kim = Customer(name="김민지", segment="trial")
    fixes = [Fix(title=f"고칠 것 {n}") for n in range(3)]
    store.put(kim, *fixes)
    for severity, fix in zip((5, 4, 3), fixes, strict=True):
        store.put(PainPoint(quote=f"불편 {severity}", severity=severity, customer_id=kim.id, fix_id=fix.id))
    store.put(PainPoint(quote="아직 없음", severity=2, customer_id=kim.id))
    store.close()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FixesScreen)
        table = screen.query_one("#fixes", DataTable)
        await pilot.press("down")
        await settle(pilot)
        assert cursor_key(table) == fixes[1].id
        first_row = table.get_row(fixes[0].id)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        assert app.store is not None
        app.store.put(Fix(id=fixes[2].id, title="고칠 것 9"))
        await pilot.press("escape")
        await settle(pilot)
        await wait_until(pilot, lambda: "고칠 것 9" in column(table, "title"), "the renamed fix")
        assert column(table, "title") == ["고칠 것 0", "고칠 것 1", "고칠 것 9"]
        assert cursor_key(table) == fixes[1].id
        assert table.get_row(fixes[0].id) == first_row
        assert all(a is b for a, b in zip(table.get_row(fixes[0].id), first_row, strict=True))
        evidence = screen.query_one("#evidence", DataTable)
        await wait_until(pilot, lambda: column(evidence, "quote") == ["불편 4"], "its evidence")


async def test_call_backs_show_every_due_promise_in_order_and_keep_the_cursor(tmp_path: Path) -> None:
    """More promises than one batch all arrive, most overdue first; a return leaves the cursor put."""
    store = Store.open(tmp_path / "store")
    kim = Customer(name="김민지")
    today = date.today()
    promises = [
        Promise(text=f"약속 {n:03d}", due=today - timedelta(days=300 - n), customer_id=kim.id)
        for n in range(250)
    ]
    store.put(kim, *promises)
    store.close()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowupsScreen)
        table = screen.query_one("#followups-promises", DataTable)
        await wait_until(pilot, lambda: table.row_count == 250, "every promise")
        assert [cell.plain for cell in table.get_column_at(1)] == [p.text for p in promises]
        table.focus()
        await pilot.press("down", "down", "down")
        assert cursor_key(table) == promises[3].id
        await pilot.press("f1")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert table.row_count == 250
        assert cursor_key(table) == promises[3].id


async def test_a_new_call_goes_on_top_of_the_calls_list_and_the_cursor_stays_on_its_call(
    tmp_path: Path,
) -> None:
    """A call started elsewhere is listed first; the rest keep their rows, the cursor its call."""
    store = Store.open(tmp_path / "store")
    kim = Customer(name="김민지")
    start = now() - timedelta(days=3)
    calls = [
        Call(customer_id=kim.id, started_at=start + timedelta(hours=n), ended_at=now()) for n in range(120)
    ]
    store.put(kim, *calls)
    store.close()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallsScreen)
        table = screen.query_one("#calls", DataTable)
        await wait_until(pilot, lambda: table.row_count == 120, "every call")
        newest = [c.id for c in reversed(calls)]
        await pilot.press("down", "down", "down")
        assert cursor_key(table) == newest[3]
        drawn = table.get_row(newest[0])
        started = Call(customer_id=kim.id, started_at=now())
        other = Store.open(tmp_path / "store")  # the shell, say: the app sees it within a second
        other.put(started)
        other.close()
        await wait_until(pilot, lambda: table.row_count == 121, "the new call")
        assert [row.key.value for row in table.ordered_rows] == [started.id, *newest]
        assert cursor_key(table) == newest[3]
        assert all(a is b for a, b in zip(table.get_row(newest[0]), drawn, strict=True))


async def test_back_on_the_calls_list_it_shows_what_changed_while_away(tmp_path: Path) -> None:
    """The list is not read again on a return when nothing changed; a pain point noted meanwhile
    (here by this app, which sends no change notice to a screen underneath) still shows."""
    store = Store.open(tmp_path / "store")
    kim = Customer(name="김민지")
    call = Call(customer_id=kim.id, started_at=now() - timedelta(hours=1), ended_at=now())
    store.put(kim, call)
    store.close()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallsScreen)
        table = screen.query_one("#calls", DataTable)
        await wait_until(pilot, lambda: table.row_count == 1, "the call")
        assert table.get_row(call.id)[4].plain == "0"
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert table.get_row(call.id)[4].plain == "0"
        await pilot.press("c")
        await settle(pilot)
        assert app.store is not None
        app.store.put(PainPoint(quote="두 번 결제됐어요", severity=4, customer_id=kim.id, call_id=call.id))
        await pilot.press("escape")
        await settle(pilot)
        await wait_until(pilot, lambda: table.get_row(call.id)[4].plain == "1", "the new count")
