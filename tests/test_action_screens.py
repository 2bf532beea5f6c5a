"""From ranking to action in the app: follow-ups, the customer screen, trends and an operator's week.

The real app on a real store, driven key by key; assertions on what the screens show
and what the store holds afterwards.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call, Customer, Fix, PainPoint, Promise, StatusChange
from cxnotes.screens.calls import CallsScreen
from cxnotes.screens.customer_dialog import CustomerDialog
from cxnotes.screens.customers import CustomerScreen
from cxnotes.screens.followups import FollowupsScreen
from cxnotes.screens.trends import TrendsScreen
from cxnotes.screens.week import WeekScreen
from cxnotes.services.trends import week_of
from cxnotes.storage.store import Store
from tests.pilot_helpers import call_screen, plain, reopened, rows, run_command, settle, type_text

NOW = datetime.now().astimezone()


def seed(folder: Path, *records: object) -> None:
    store = Store.open(folder)
    try:
        store.put(*records)  # type: ignore[arg-type]
    finally:
        store.close()


def shown(screen: object, selector: str) -> str:
    return plain(screen.query_one(selector, Static).content)  # type: ignore[attr-defined]


async def test_a_churned_customer_leaves_the_follow_ups_once_a_call_is_held(tmp_path: Path) -> None:
    ann = Customer(
        name="Ann Lee", value=2_500_000, statuses=[StatusChange("churned", NOW - timedelta(days=2))]
    )
    park = Customer(
        name="박지민", segment="연간 회원", statuses=[StatusChange("at-risk", NOW - timedelta(days=5))]
    )
    promise = Promise(text="환불 확인 전화", due=(NOW - timedelta(days=1)).date(), customer_id=park.id)
    namesake = Customer(name="Ann Lee", segment="trial")  # found first by name: the call must not take her
    seed(tmp_path, namesake, ann, park, promise)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FollowupsScreen)
        queue = rows(screen.query_one("#followups-queue", DataTable))
        assert [row[1:4] for row in queue] == [["churned", "Ann Lee", "2.5M"], ["at-risk", "박지민", "—"]]
        promises = rows(screen.query_one("#followups-promises", DataTable))
        assert promises[0][1:] == ["환불 확인 전화", "박지민"] and promises[0][0].endswith("OVERDUE")
        assert "2 to call back (1 left, 1 at risk)" in shown(screen, "#followups-status")

        await pilot.press("n")  # call Ann back
        await settle(pilot)
        call = call_screen(app)
        await type_text(pilot, "가격이 너무 올라서 해지했어요")
        await pilot.press("enter", "f10")
        await type_text(pilot, "Exit interview")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert [row[2] for row in rows(screen.query_one("#followups-queue", DataTable))] == ["박지민"]
        assert call.session.customer is not None and call.session.customer.id == ann.id
        await pilot.press("ctrl+q")
    with reopened(tmp_path) as store:
        assert [c.customer_id for c in store.all(Call)] == [ann.id]
        assert store.count(Customer) == 3, "the call went to the churned Ann; it made no other Ann"


async def test_the_customer_screen_finds_shows_and_edits_a_customer(tmp_path: Path) -> None:
    minji = Customer(name="김민지", segment="1년 회원", value=1200.0)
    call = Call(customer_id=minji.id, started_at=NOW - timedelta(days=3), ended_at=NOW, outcome="retained")
    point = PainPoint(
        quote="환불이 2주째 안 됐어요", step="cancel", severity=5, customer_id=minji.id, call_id=call.id
    )
    seed(tmp_path, minji, Customer(name="Bob [b]Stone[/b]"), call, point)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await run_command(pilot, "Customers", "Customers")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CustomerScreen)
        assert screen.focused is screen.query_one("#customer-search", Input)
        await type_text(pilot, "민지")
        await settle(pilot)
        assert [row[0] for row in rows(screen.query_one(DataTable))] == ["김민지"]
        detail = shown(screen, "#customer-detail")
        assert "status active" in detail and "value 1.2K" in detail
        assert "sev 5 cancel: 환불이 2주째 안 됐어요" in detail and "retained" in detail

        await pilot.press("f2")
        dialog = app.screen
        assert isinstance(dialog, CustomerDialog)
        dialog.query_one("#status", Input).value = "churned"
        dialog.query_one("#at", Input).value = "tomorrow"
        dialog.query_one("#plan", Input).focus()
        await pilot.press("enter")
        assert app.screen is dialog, "a status dated in the future is refused in the dialog"
        assert "in the future" in plain(dialog.query_one("#error").render())
        dialog.query_one("#at", Input).value = "yesterday"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Status history: churned" in shown(screen, "#customer-detail")
        await pilot.press("ctrl+q")
    with reopened(tmp_path) as store:
        stored = store.customer_named("김민지")
        assert stored is not None and stored.status == "churned"
        assert stored.status_since.date() == (NOW - timedelta(days=1)).date()


async def test_the_trends_chart_flags_the_planted_spike_only(tmp_path: Path) -> None:
    monday = datetime.combine(week_of(NOW.date()), datetime.min.time()).astimezone()
    points = []
    for back, n in enumerate([20, 2, 2, 3, 2, 1, 2, 3, 2, 2, 2]):
        moment = min(monday - timedelta(weeks=back) + timedelta(hours=1), NOW)
        points += [PainPoint(quote=f"청구 오류 {i}", step="billing", created_at=moment) for i in range(n)]
        points += [PainPoint(quote="No answer", step="support", created_at=moment) for _ in range(6)]
    seed(tmp_path, *points)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        chart = shown(screen, "#trends-chart")
        assert "▲ Billing / renewal (step): 20 complaints in the week of" in chart
        assert "“청구 오류" in chart
        assert "Support (step)" not in chart and "Support" in chart
        await pilot.press("c")
        await settle(pilot)
        assert "by channel" in shown(screen, "#trends-status")
        assert "no channel" in shown(screen, "#trends-chart")


async def test_an_operator_sees_their_own_week(tmp_path: Path) -> None:
    fix = Fix(title="Double charge", status="planned")
    mine = Call(operator="민수", started_at=NOW, ended_at=NOW, outcome="resolved")
    other = Call(operator="유진", started_at=NOW, ended_at=NOW, outcome="resolved")
    seed(
        tmp_path, fix, mine, other,
        PainPoint(quote="두 번 결제", step="billing", call_id=mine.id, fix_id=fix.id, created_at=NOW),
        Promise(text="Refund", call_id=mine.id, due=NOW.date(), done=True, created_at=NOW),
    )  # fmt: skip
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WeekScreen)
        week = shown(screen, "#week")
        assert week.startswith("민수 · week of")
        assert "Calls held: 1" in week and "Pain points captured on your calls: 1" in week
        assert "Promises due this week kept: 1" in week
        assert "Double charge · planned · 1 pain point(s)" in week
        await pilot.press("o")
        await settle(pilot)
        assert shown(screen, "#week").startswith("유진") and "Calls held: 1" in shown(screen, "#week")
        await pilot.press("left")
        await settle(pilot)
        before = week_of(NOW.date()) - timedelta(weeks=1)
        assert f"week of {before.isoformat()}" in shown(screen, "#week")
        assert "Calls held: 0" in shown(screen, "#week")
        await pilot.press("escape")
        assert isinstance(app.screen, CallsScreen)
