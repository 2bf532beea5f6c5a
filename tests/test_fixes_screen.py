"""The fix review driven through the real app on a real store: rank, triage, status, filter, merge."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Log, OptionList, Static

from cxnotes.__main__ import make_app
from cxnotes.app import CxNotesApp
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise, now
from cxnotes.screens.fixes import FixesScreen
from cxnotes.screens.fixes_dialogs import FilterDialog, GetBackDialog
from cxnotes.screens.fixes_triage import TriageScreen
from cxnotes.storage.store import Store
from tests.pilot_helpers import settle, wait_until


def seed(folder: Path) -> dict[str, str]:
    """Two ranked fixes, one with an agreed answer; one pain point waiting in the queue."""
    store = Store.open(folder)
    ann, bob = Customer(name="Ann", segment="1-year member"), Customer(name="Bob", segment="trial")
    call = Call(customer_id=ann.id, ended_at=now(), outcome="resolved")
    top = Fix(title="Double charge [bold]now[/bold]", answer="Refund within 3 days.")
    small = Fix(title="환불 지연")
    waiting = PainPoint(quote="I was charged twice", severity=5, customer_id=bob.id, step="billing")
    store.put(ann, bob, call, top, small, waiting)
    store.put(
        PainPoint(quote="charged twice!", severity=5, customer_id=ann.id, call_id=call.id, fix_id=top.id),
        PainPoint(quote="again", severity=4, customer_id=bob.id, fix_id=top.id),
        PainPoint(quote="환불이 느려요", severity=2, customer_id=bob.id, fix_id=small.id, step="cancel"),
        Promise(text="Call Ann back", customer_id=ann.id, call_id=call.id),
    )
    store.close()
    return {"top": top.id, "small": small.id, "waiting": waiting.id}


async def open_fixes(pilot: Pilot[None]) -> FixesScreen:
    await settle(pilot)
    await pilot.press("f6")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FixesScreen)
    return pilot.app.screen


async def open_triage(pilot: Pilot[None]) -> TriageScreen:
    """F6 then t, from the calls list: the triage queue, loaded."""
    await open_fixes(pilot)
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TriageScreen)
    return pilot.app.screen


def titles(screen: FixesScreen) -> list[str]:
    return cells(screen, "#fixes", "title")


def cells(screen: FixesScreen, table_id: str, column: str) -> list[str]:
    """The plain text of one column of a table, found by its key, top to bottom."""
    return [cell.plain for cell in screen.query_one(table_id, DataTable).get_column(column)]


def shown(widget: Static) -> str:
    console = Console(width=100, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(widget.content)
    return console.export_text()


def stored(app: CxNotesApp) -> Store:
    assert app.store is not None
    return app.store


async def test_at_80_columns_rank_score_title_and_customers_are_on_screen(tmp_path: Path) -> None:
    """A lead ranks by score: at 80x24 it is drawn, beside a Korean title cut to fit by cells."""
    seed(tmp_path / "store")
    long_title = "환불이 너무 늦어서 고객이 몇 번이고 다시 전화합니다"
    store = Store.open(tmp_path / "store")
    long, kim = Fix(title=long_title), Customer(name="김민지")
    store.put(long, kim, PainPoint(quote="또 늦어요", severity=5, customer_id=kim.id, fix_id=long.id))
    store.close()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_fixes(pilot)
        table = screen.query_one("#fixes", DataTable)
        assert [str(c.label) for c in table.ordered_columns[:4]] == ["#", "Score", "Fix", "Cust."]
        header = "".join(segment.text for segment in table.render_line(0))
        assert header.split()[:4] == ["#", "Score", "Fix", "Cust."]
        ranked = screen.rows[long.id]
        title = str(table.get_cell(long.id, "title"))
        assert title.endswith("…") and long_title.startswith(title[:-1])
        line = "".join(segment.text for segment in table.render_line(1 + table.get_row_index(long.id)))
        assert cell_len(line) <= table.size.width
        assert line.split()[:2] == [str(ranked.rank), f"{ranked.score:.2f}"]
        assert title in line
        assert line.split()[len(title.split()) + 2] == "1"


async def test_ranked_list_breakdown_and_evidence(tmp_path: Path) -> None:
    ids = seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_fixes(pilot)
        assert titles(screen) == ["Double charge [bold]now[/bold]", "환불 지연"]
        assert screen.current_id == ids["top"]
        breakdown = shown(screen.query_one("#breakdown", Static))
        assert "severity" in breakdown and "+24.00" in breakdown and "24.00" in breakdown
        assert "Refund within 3 days." in shown(screen.query_one("#fix-answer", Static))
        evidence = screen.query_one("#evidence", DataTable)
        await wait_until(pilot, lambda: evidence.row_count > 0, "the evidence, read once the cursor rests")
        assert cells(screen, "#evidence", "quote") == ["charged twice!", "again"]
        assert cells(screen, "#evidence", "segment")[0] == "1-year member"
        assert "billing" in shown(screen.query_one("#by-step", Static))
        await pilot.press("down")
        await settle(pilot)
        assert shown(screen.query_one("#fix-title", Static)).strip() == "환불 지연"


async def test_triage_attach_shows_the_agreed_answer(tmp_path: Path) -> None:
    ids = seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    notes: list[str] = []
    real_notify = app.notify

    def notify(message: str, **kwargs: object) -> None:
        notes.append(message)
        real_notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=(140, 40)) as pilot:
        await open_fixes(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"DOUBLE", "enter")
        await settle(pilot)
        assert stored(app).get(PainPoint, ids["waiting"]).fix_id == ids["top"]
        assert "Refund within 3 days." in notes
        assert app.screen.query_one(DataTable).row_count == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FixesScreen)


async def test_triage_creates_a_new_fix(tmp_path: Path) -> None:
    ids = seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(140, 40)) as pilot:
        await open_fixes(pilot)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"zzz", "enter")
        await settle(pilot)
        fix = stored(app).fix_titled("zzz")
        assert fix is not None
        assert stored(app).get(PainPoint, ids["waiting"]).fix_id == fix.id


async def test_shipping_leaves_the_ranking_and_lists_customers_to_get_back_to(tmp_path: Path) -> None:
    ids = seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_fixes(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        assert stored(app).get(Fix, ids["top"]).status == "shipped"
        assert isinstance(app.screen, GetBackDialog)
        text = "\n".join(app.screen.query_one("#get-back", Log).lines)
        assert "Ann" in text and "Call Ann back" in text and "Bob" in text
        await pilot.press("escape")
        await settle(pilot)
        assert titles(screen) == ["환불 지연"]


async def test_filters_by_korean_text_and_status(tmp_path: Path) -> None:
    seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_fixes(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        app.screen.query_one("#filter-text").value = "환불"
        app.screen.query_one("#filter-text").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert titles(screen) == ["환불 지연"]
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#filter-since").value = "someday"
        app.screen.query_one("#filter-since").focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        assert "Cannot read" in str(app.screen.query_one("#error").content)
        await pilot.press("escape")
        await settle(pilot)
        assert titles(screen) == ["환불 지연"]


async def test_merge_and_undo_from_the_screen(tmp_path: Path) -> None:
    ids = seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_fixes(pilot)
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"double", "enter")
        await settle(pilot)
        assert stored(app).get(Fix, ids["small"]).merged_into == ids["top"]
        assert titles(screen) == ["Double charge [bold]now[/bold]"]
        assert screen.current is not None and screen.current.customers == 2
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert stored(app).get(Fix, ids["small"]).merged_into is None
        assert sorted(titles(screen)) == sorted(["Double charge [bold]now[/bold]", "환불 지연"])


async def test_evidence_opens_its_call(tmp_path: Path) -> None:
    seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_fixes(pilot)
        await wait_until(pilot, lambda: bool(screen.evidence), "the evidence, read once the cursor rests")
        call_id = screen.evidence[0].call_id
        await pilot.press("o")
        await settle(pilot)
        assert type(app.screen).__name__ == "CallScreen"
        assert app.screen.session.call.id == call_id


async def test_evidence_opens_its_call_at_the_line_it_was_marked_on(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    ann = Customer(name="Ann", segment="trial")
    call = Call(customer_id=ann.id, ended_at=now(), outcome="refund requested")
    lines = [
        Line(call_id=call.id, index=n, offset=10.0 * n, speaker="customer", text=text)
        for n, text in enumerate(["hello", "결제가 두 번 됐어요", "bye"])
    ]
    fix = Fix(title="Double charge")
    point = PainPoint(
        quote=lines[1].text, customer_id=ann.id, call_id=call.id, line_id=lines[1].id, fix_id=fix.id
    )
    store.put(ann, call, *lines, fix, point)
    store.close()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_fixes(pilot)
        await wait_until(pilot, lambda: bool(screen.evidence), "the evidence, read once the cursor rests")
        await pilot.press("o")
        await settle(pilot)
        transcript = app.screen.query_one("#transcript", OptionList)
        assert transcript.highlighted == 1 and transcript.has_focus
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
