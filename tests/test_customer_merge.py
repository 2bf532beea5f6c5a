"""The lead corrects who is who in the customer screen: split a customer wrongly joined, merge two."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, SelectionList

from cxnotes.__main__ import make_app
from cxnotes.app import CxNotesApp
from cxnotes.domain.models import Call, Customer, Fix, PainPoint, Promise, now
from cxnotes.screens.customer_merge_dialogs import MergeDialog, SplitDialog
from cxnotes.screens.customers import CustomerScreen
from cxnotes.services import ranking
from cxnotes.storage.ledger import Ledger
from cxnotes.storage.store import Store
from tests.pilot_helpers import Notes, reopened, stored, wait_until
from tests.team_pg import Cluster, pg_cluster, team_url  # noqa: F401  # fixtures
from tests.test_team_sync import joined


def add_call(folder: Path, name: str, summary: str, *, days_ago: int, promise: str = "") -> None:
    """A finished call with ``name`` (made if new on this store), one pain point on it, maybe a promise."""
    store = Store.open(folder)
    try:
        customer = store.customer_named(name) or Customer(name=name, segment="1-year member")
        started = now() - timedelta(days=days_ago)
        call = Call(customer_id=customer.id, started_at=started, ended_at=started, outcome="resolved")
        call.summary = summary
        point = PainPoint(quote=summary, step="use", customer_id=customer.id, call_id=call.id)
        extra = [Promise(text=promise, customer_id=customer.id, call_id=call.id)] if promise else []
        store.put(customer, call, point, *extra)
    finally:
        store.close()


def waiting(folder: Path) -> int:
    """Local changes the team server has not taken yet."""
    ledger = Ledger(folder)
    try:
        return ledger.waiting()
    finally:
        ledger.close()


async def open_customer(pilot, app: CxNotesApp, search: str) -> CustomerScreen:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: app.store is not None, "the store")
    await pilot.press("c")
    await wait_until(pilot, lambda: isinstance(app.screen, CustomerScreen), "the customer screen")
    screen = app.screen
    assert isinstance(screen, CustomerScreen)
    await pilot.press(*search)
    table = screen.query_one("#customer-list", DataTable)
    await wait_until(pilot, lambda: table.row_count == 1 and screen.shown is not None, f"{search} alone")
    return screen


async def test_a_customer_joined_by_the_sync_is_split_and_stays_split(
    tmp_path: Path,
    team_url: str,  # noqa: F811
) -> None:
    """Two members' 김민준 were two people; the sync made them one. The lead splits B's call off
    with a name telling them apart; after the next syncs both members hold two customers."""
    a, b = joined(tmp_path / "a", team_url, "Mina"), joined(tmp_path / "b", team_url, "Jun")
    add_call(a.folder, "김민준", "서울 매장 환불 문의", days_ago=3)
    add_call(b.folder, "김민준", "부산 배송 지연", days_ago=1, promise="내일 재배송")
    for member in (a, b, a, b):
        member.sync()
    with reopened(b.folder) as store:
        assert len([c for c in store.all(Customer) if not c.merged_into]) == 1  # joined as one
    a.close()
    notes = Notes()
    app = make_app(a.folder)
    async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
        screen = await open_customer(pilot, app, "김민준")
        assert screen.shown is not None and len(screen.shown.calls) == 2
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(app.screen, SplitDialog), "the split dialog")
        assert app.screen.focused is app.screen.query_one(SelectionList)
        await pilot.press("space")  # the newest call first: B's
        await pilot.press("tab", *"김민준", "enter")
        await wait_until(
            pilot, lambda: any("exists" in text for _, text in notes.shown), "the same name refused"
        )
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(app.screen, SplitDialog), "the split dialog again")
        assert app.screen.focused is app.screen.query_one(SelectionList)
        await pilot.press("space")
        await pilot.press("tab", *"김민준 (부산)", "enter")
        await wait_until(
            pilot, lambda: any("Split 1 call off" in text for _, text in notes.shown), "the split"
        )
        other = stored(app).customer_named("김민준 (부산)")
        assert other is not None
        await wait_until(pilot, lambda: app.sub_title.startswith("Team: "), "the app's sync")
        await wait_until(pilot, lambda: waiting(a.folder) == 0, "the split pushed")
        await pilot.press("ctrl+q")
    b.sync()
    b.sync()  # a second round: the fold must not join them again
    for folder in (a.folder, b.folder):
        with reopened(folder) as store:
            live = {c.name: c for c in store.all(Customer) if not c.merged_into}
            assert sorted(live) == ["김민준", "김민준 (부산)"]
            moved = live["김민준 (부산)"].id
            assert [c.summary for c in store.all(Call) if c.customer_id == moved] == ["부산 배송 지연"]
            assert [p.quote for p in store.all(PainPoint) if p.customer_id == moved] == ["부산 배송 지연"]
            assert [p.text for p in store.all(Promise) if p.customer_id == moved] == ["내일 재배송"]
            assert len([c for c in store.all(Call) if c.customer_id == live["김민준"].id]) == 1
    b.close()


async def test_two_records_of_one_person_are_merged(tmp_path: Path) -> None:
    """'Lee, Ann' merged into 'Ann Lee': her call and pain point move; the ranking counts one customer."""
    folder = tmp_path / "store"
    add_call(folder, "Ann Lee", "Refund is slow", days_ago=2)
    add_call(folder, "Lee, Ann", "Still no refund", days_ago=1)
    store = Store.open(folder)
    fix = Fix(title="환불 지연")
    points = store.all(PainPoint)
    for point in points:
        point.fix_id = fix.id
    store.put(fix, *points)
    assert [row.customers for row in ranking.rank(store)] == [2]
    store.close()
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_customer(pilot, app, "Lee, Ann")
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, MergeDialog), "the merge dialog")
        await pilot.press(*"ann lee")
        matches = app.screen.query_one(OptionList)
        await wait_until(pilot, lambda: matches.option_count == 1, "Ann Lee offered alone")
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CustomerScreen), "back on the customers")
        kept = stored(app).customer_named("Ann Lee")
        assert kept is not None
        await wait_until(
            pilot, lambda: screen.shown is not None and len(screen.shown.calls) == 2, "her two calls"
        )
        assert screen.query_one("#customer-search", Input).value == "Ann Lee"  # the one left, shown
        await pilot.press("ctrl+q")
    with reopened(folder) as store:
        gone = [c for c in store.all(Customer) if c.name == "Lee, Ann"][0]
        assert gone.merged_into == kept.id
        assert {c.customer_id for c in store.all(Call)} == {kept.id}
        assert {p.customer_id for p in store.all(PainPoint)} == {kept.id}
        assert [row.customers for row in ranking.rank(store)] == [1]
