"""The fix review's rough edges a lead meets, through the real app on a real store.

Charts that count what the filtered table ranks, an effort dialog that keeps what was
typed when it is not a number, the agreed answer shown where the fix is, and evidence
rows that stay visible at 80x24.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Label, Static

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call, Customer, Fix, PainPoint, now
from cxnotes.screens.fixes_dialogs import AskText
from cxnotes.storage.store import Store
from tests.pilot_helpers import Notes, settle, wait_until
from tests.test_fixes_screen import open_fixes, seed, shown, stored


@pytest.mark.parametrize("typed", ["abc", "-2", "0", "nan", "1e999", "1e300", "1e-300"])
async def test_an_effort_that_is_no_number_keeps_the_dialog_and_the_text(tmp_path: Path, typed: str) -> None:
    """Enter on a bad effort: the dialog stays, says why, keeps the text; Esc leaves it unsaved."""
    ids = seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_fixes(pilot)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AskText)
        await pilot.press(*typed, "enter")
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one("#text", Input).value == typed
        error = str(dialog.query_one("#error", Label).content)
        assert error and "\n" not in error
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AskText)
        assert stored(app).get(Fix, ids["top"]).effort is None  # type: ignore[union-attr]


async def test_an_effort_corrected_in_the_dialog_saves_and_an_empty_one_clears(tmp_path: Path) -> None:
    """Letters first, then a number in the same dialog: the number is saved; emptied, it is cleared."""
    ids = seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_fixes(pilot)
        await pilot.press("e", "a", "b", "enter")
        await settle(pilot)
        await pilot.press("backspace", "backspace", "2", ".", "5", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert stored(app).get(Fix, ids["top"]).effort == 2.5  # type: ignore[union-attr]
        assert "effort 2.5" in shown(screen.query_one("#fix-facts", Static))
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#text", Input).value == "2.5"
        await pilot.press("backspace", "backspace", "backspace", "enter")
        await settle(pilot)
        assert stored(app).get(Fix, ids["top"]).effort is None  # type: ignore[union-attr]


async def test_the_agreed_answer_stays_in_the_detail_and_an_empty_one_clears_it(tmp_path: Path) -> None:
    """a sets the answer shown under the fix, kept when the cursor comes back; emptied, it is cleared."""
    ids = seed(tmp_path / "store")
    notes = Notes()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(100, 30), message_hook=notes) as pilot:
        screen = await open_fixes(pilot)
        answer = screen.query_one("#fix-answer", Static)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+u", *"환불은 3일 안에", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Answer: 환불은 3일 안에" in shown(answer)
        await pilot.press("down", "up")
        await settle(pilot)
        assert "Answer: 환불은 3일 안에" in shown(answer)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+u", "enter")
        await settle(pilot)
        assert stored(app).get(Fix, ids["top"]).answer == ""  # type: ignore[union-attr]
        assert "no agreed answer yet" in shown(answer)
        assert ("", "Answer cleared.") in notes.shown


async def test_the_evidence_keeps_five_rows_beside_the_facts_and_the_answer(tmp_path: Path) -> None:
    """At 80x24 five quotes show under the facts and the answer; at 120x40 and 160x50 everything fits."""
    seed(tmp_path / "store")
    store = Store.open(tmp_path / "store")
    busy = Fix(title="Slow refunds", answer="Refund within 3 days.", effort=2)
    people = [Customer(name=f"고객 {i}", value=5000) for i in range(8)]
    lost = Call(customer_id=people[0].id, ended_at=now(), outcome="churned")
    quotes = [f"환불 {i}번째 문의" for i in range(8)]
    old = now() - timedelta(days=10)
    store.put(busy, lost, *people, PainPoint(quote="늦어요", severity=1, fix_id=busy.id, involuntary=True))
    for quote, who in zip(quotes, people, strict=True):
        store.put(PainPoint(quote=quote, severity=5, fix_id=busy.id, customer_id=who.id, created_at=old))
    store.close()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_fixes(pilot)
        assert screen.current_id == busy.id
        evidence = screen.query_one("#evidence", DataTable)
        await wait_until(pilot, lambda: evidence.row_count == len(quotes) + 1, "the evidence of the top fix")
        for size in ((80, 24), (120, 40), (160, 50)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            # The quotes are cut again once the new layout is known (after a refresh): wait for it.
            least = 5 if size == (80, 24) else 8
            await wait_until(
                pilot, partial(enough_quotes, evidence, quotes, least), f"{least} quotes at {size}"
            )
            assert shown(screen.query_one("#fix-answer", Static)).startswith("Answer: Refund")
            assert screen.query_one("#fix-answer", Static).region.height >= 1
            if size != (80, 24):
                assert screen.query_one("#fix-info").max_scroll_y == 0, size


def enough_quotes(evidence: DataTable[object], quotes: list[str], least: int) -> bool:
    """Whether at least ``least`` of the evidence table's drawn lines show one of ``quotes``."""
    lines = ["".join(s.text for s in evidence.render_line(y)) for y in range(evidence.region.height)]
    return sum(any(q in line for q in quotes) for line in lines) >= least


async def test_with_a_text_filter_the_charts_count_the_evidence_the_table_ranks(tmp_path: Path) -> None:
    """The words 환불 pick 환불 지연 by its title: the charts count its pain point, not a queued quote."""
    seed(tmp_path / "store")
    store = Store.open(tmp_path / "store")
    store.put(PainPoint(quote="환불해 주세요", severity=3, step="billing"))
    store.close()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_fixes(pilot)
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#filter-text", Input).value = "환불"
        app.screen.query_one("#filter-text", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert [row.fix.title for row in screen.rows.values()] == ["환불 지연"]
        by_step = shown(screen.query_one("#by-step", Static))
        assert by_step.strip() == 'By step (matching "환불"): cancel 1'
        by_week = shown(screen.query_one("#by-week", Static))
        assert by_week.startswith('By week (matching "환불"): ') and "this week 1, max 1" in by_week
