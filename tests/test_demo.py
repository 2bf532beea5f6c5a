"""``cxnotes demo`` and the generator behind it, on real stores on disk and through the real app."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable

from cxnotes.__main__ import main, make_app
from cxnotes.domain.models import FIX_STATUSES, Call, Customer, Fix, Line, PainPoint, Promise
from cxnotes.screens.calls import CallsScreen
from cxnotes.services import demo
from cxnotes.services.calls_list import SHOWN
from cxnotes.services.demo_text import AREAS, FIXES, QUOTES
from cxnotes.storage.store import Store
from tests.pilot_helpers import settle

TODAY = date(2026, 11, 23)


def hangul(text: str) -> bool:
    return any("\uac00" <= char <= "\ud7a3" for char in text)


def test_same_seed_same_records_other_seed_other_records() -> None:
    first = [r for batch in demo.generate(300, seed=5, today=TODAY) for r in batch]
    again = [r for batch in demo.generate(300, seed=5, today=TODAY) for r in batch]
    other = [r for batch in demo.generate(300, seed=6, today=TODAY) for r in batch]
    assert first == again
    assert {r.id for r in first}.isdisjoint(r.id for r in other)


def test_fill_makes_a_realistic_store(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "store")
    try:
        written = demo.fill(store, 2_000, seed=3, today=TODAY)
        points = store.all(PainPoint)
        assert len(points) == written["pain_points"] == 2_000
        assert {p.step for p in points} == set(store.step_slugs())
        assert {p.severity for p in points} == {1, 2, 3, 4, 5}
        assert any(p.involuntary for p in points) and any(p.call_id for p in points)
        assert any(p.fix_id is None for p in points), "some pain points wait in the triage queue"
        assert {f.status for f in store.all(Fix)} == set(FIX_STATUSES)
        customers = store.all(Customer)
        assert any(hangul(c.name) for c in customers) and any(not hangul(c.name) for c in customers)
        assert all(c.segment for c in customers) and any((c.value or 0) > 0 for c in customers)
        lines = store.all(Line)
        assert any(hangul(line.text) for line in lines) and any(not hangul(line.text) for line in lines)
        calls = store.all(Call)
        assert all(c.ended_at is not None and c.outcome for c in calls)
        assert {c.outcome for c in calls} >= {"churned", "refund requested", "resolved"}
        assert store.count(Promise) > 0 and store.count(Line) == written["lines"]
        for point in (p for p in points if p.line_id):
            assert store.get(Line, point.line_id).text == point.quote  # type: ignore[union-attr]
        answers = {
            title + area: {quotes[which] for quotes in QUOTES[step]}
            for step, fixes in FIXES.items()
            for title, _, which in fixes
            for area in AREAS
        }
        titles = {f.id: f.title for f in store.all(Fix)}
        attached = [p for p in points if p.fix_id]
        assert attached and all(p.quote in answers[titles[p.fix_id or ""]] for p in attached)
        assert not any(p.fix_id for p in points if p.involuntary), "nothing we could fix"
    finally:
        store.close()


def test_cxnotes_demo_fills_the_default_store_and_reports(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--pain-points", "150", "--seed", "4"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"Demo data in {data_dir}: 150 pain points, ")
    assert "records written" in err
    store = Store.open(data_dir, readonly=True)
    assert store.count(PainPoint) == 150


def test_cxnotes_demo_refuses_a_store_with_notes_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mine"
    assert main(["--data-dir", str(folder), "log", "The app logs me out", "--step", "use"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(folder), "demo", "--pain-points", "100"]) == 2
    _out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "already holds 1 customers, calls and pain points" in err
    assert Store.open(folder, readonly=True).count(PainPoint) == 1

    for _ in range(2):  # the same seed twice replaces its own records
        assert main(["--data-dir", str(folder), "demo", "--pain-points", "100", "--force"]) == 0
    assert Store.open(folder, readonly=True).count(PainPoint) == 101


@pytest.mark.parametrize("value", ["0", "-5", "many", "2000000"])
def test_a_bad_count_is_one_line_and_writes_nothing(
    data_dir: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--pain-points", value])
    assert exit_.value.code == 2
    _out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "must be a whole number from 1 to 1,000,000" in err
    assert not data_dir.exists()


async def test_calls_list_of_a_demo_store_shows_counts_and_sees_new_pain_points(data_dir: Path) -> None:
    store = Store.open(data_dir)
    demo.fill(store, 5_000, seed=2, today=TODAY)
    newest = max(store.all(Call), key=lambda c: c.started_at)
    had = len(store.pain_points_of(newest.id))
    store.close()

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallsScreen)
        table = screen.query_one("#calls", DataTable)
        assert table.row_count == SHOWN
        first = table.get_row_at(0)
        assert str(first[4]) == str(had)
        assert app.store is not None
        app.store.put(PainPoint(quote="추가 불만", call_id=newest.id, customer_id=newest.customer_id))
        screen.action_reload()
        await settle(pilot)
        assert str(table.get_row_at(0)[4]) == str(had + 1)
