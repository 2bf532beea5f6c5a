"""Store reads moved off the UI thread still land where the operator meant (issue 10, deliver 4).

Opening a call, the new-call dialog's customer names and finding the customer a new call (or F4)
names all run in workers now; these tests drive the real app on a real store and check the
screen and the store hold the same as when they ran on the UI thread, keys typed meanwhile included.
"""

from __future__ import annotations

import gc
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pilot_helpers import call_screen, reopened, settle, stored, type_text
from textual.widgets import DataTable, Input

from cxnotes.__main__ import make_app
from cxnotes.collector import OUT_OF_REACH, IdleCollector
from cxnotes.domain.models import Call, Customer, Line
from cxnotes.screens.calls import CallsScreen
from cxnotes.screens.new_call_dialog import StartCallDialog
from cxnotes.storage.store import Store
from cxnotes.widgets.completing import CompletingInput


def seed(folder: Path) -> tuple[Call, Call]:
    """Two unfinished calls: 김민지 (older, one line) and 박서준 (newer), as another process left them."""
    store = Store.open(folder)
    try:
        minji, seojun = Customer(name="김민지", segment="1-year member"), Customer(name="박서준")
        start = datetime(2026, 11, 23, 9, 0).astimezone()
        older = Call(customer_id=minji.id, started_at=start)
        newer = Call(customer_id=seojun.id, started_at=start + timedelta(hours=1))
        line = Line(call_id=older.id, index=0, text="결제가 두 번 됐어요")
        store.put(minji, seojun, older, newer, line)
    finally:
        store.close()
    return older, newer


async def test_keys_typed_right_after_enter_land_in_the_call_it_opens(data_dir: Path) -> None:
    """Enter on a call, then typing at once: the call is read in a worker, and the keys wait for it.

    The store's reads are held up meanwhile, as a long read by another worker (the fix
    review's ranking) holds them. Typed into the calls list, "c" would open the customers
    and the rest would search there; they must be the first words of the call's typing line.
    """
    older, _newer = seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape")  # the newest unfinished call was restored: back to the list
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(older.id))
        reads = stored(app)._storage._rlock  # held, as a long read by another worker holds it
        reads.acquire()
        try:
            await pilot.press("enter", *"call back 환불")
            await pilot.pause(0.5)
            assert isinstance(app.screen, CallsScreen)  # the call is still being read: nothing happened
        finally:
            reads.release()
        await settle(pilot)
        screen = call_screen(app)
        assert screen.session.call.id == older.id
        assert [line.text for line in screen.session.lines] == ["결제가 두 번 됐어요"]
        assert screen.query_one("#line", Input).value == "call back 환불"
        assert screen.title.startswith("Call · 김민지 (1-year member)")


async def test_a_new_call_for_a_known_customer_is_linked_to_the_stored_one(data_dir: Path) -> None:
    """n, a known name typed in another case, Enter: the dialog completes from names read in a worker,
    fills the known segment, and the call is saved with the stored customer, not a second one."""
    seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StartCallDialog)
        assert {"김민지", "박서준"} <= set(dialog.query_one("#customer", CompletingInput).choices)
        await type_text(pilot, "김민")
        await pilot.press("tab")  # completes the known name
        assert dialog.query_one("#segment", Input).value == "1-year member"
        await pilot.press("enter", *"첫 줄", "enter")
        await settle(pilot)
        screen = call_screen(app)
        assert screen.session.customer is not None and screen.session.customer.name == "김민지"
        call_id = screen.session.call.id
        await pilot.press("ctrl+q")
    with reopened(data_dir) as store:
        [minji] = [c for c in store.all(Customer) if c.name == "김민지"]
        assert len(store.all(Customer)) == 2
        call = store.get(Call, call_id)
        assert call is not None and call.customer_id == minji.id
        assert [line.text for line in store.lines_of(call_id)] == ["첫 줄"]


async def test_f4_naming_another_known_customer_links_the_call_to_them(data_dir: Path) -> None:
    """F4 in a call, another stored customer's name: found off the UI thread, the call moves to them."""
    older, newer = seed(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = call_screen(app)  # the newest unfinished call, restored: 박서준's
        assert screen.session.call.id == newer.id
        await pilot.press("f4", *"김민지", "enter", *"다시 연락", "enter")
        await settle(pilot)
        assert screen.title.startswith("Call · 김민지 (1-year member)")
        await pilot.press("ctrl+q")
    with reopened(data_dir) as store:
        call = store.get(Call, newer.id)
        assert call is not None and call.customer_id == older.customer_id
        assert [line.text for line in store.lines_of(newer.id)] == ["다시 연락"]
        assert len(store.all(Customer)) == 2


async def test_the_app_takes_full_collections_over_and_gives_them_back(data_dir: Path) -> None:
    """While the app runs, Python makes no full garbage collection pass of its own; after, it does again."""
    before = gc.get_threshold()
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == OUT_OF_REACH
        assert gc.get_threshold()[:2] == before[:2]
    assert gc.get_threshold() == before


def test_an_idle_collector_frees_young_cycles_at_once_and_old_ones_once_the_operator_is_away(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cycle dropped while young is freed by the pass after two idle seconds; one dropped once old
    (walking the old objects was the long stall) waits, frozen, for the pass made when nobody types."""
    import weakref

    import cxnotes.collector as collector

    class Node:
        """Two of these pointing at each other: only the collector frees them."""

        other: object = None

    def cycle() -> Node:
        a, b = Node(), Node()
        a.other, b.other = b, a
        return a

    idle = IdleCollector()
    idle.start()
    try:
        held = cycle()
        gc.collect(1)
        gc.collect(1)  # old now: only a full pass looks at it
        old = weakref.ref(held)
        del held
        monkeypatch.setattr(collector, "IDLE_AFTER", 0.0)  # no waiting two seconds in a test
        while gc.get_count()[2] < collector.WORTH_IT:
            gc.collect(1)
        assert old() is not None  # young passes do not look at it
        young = weakref.ref(cycle())
        assert idle.tick() == "recent"
        assert young() is None
        assert old() is not None  # frozen, not walked
        monkeypatch.setattr(collector, "THOROUGH_AFTER", 0.0)  # the operator has been away a while
        assert idle.tick() == "thorough"
        assert old() is None
    finally:
        idle.stop()
        gc.unfreeze()
