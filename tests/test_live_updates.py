"""What another process writes reaches the open app as a change, not as a reload from scratch.

The triage queue, its suggestions and the fix ranking are kept up to date point by point
(:mod:`cxnotes.services.triage_queue`, :mod:`cxnotes.services.evidence_kept`): after any mix
of writes from another process they must hold exactly what a fresh pass over the store
gives. On screen, a lead working down the queue keeps their place while the shell logs
complaints, and the calls list is read through its indexes, with many calls.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from textual.widgets import DataTable, Static

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call, Customer, Fix, PainPoint, now
from cxnotes.screens.calls import CallsScreen
from cxnotes.services import ranking, ranking_charts, triage, triage_queue
from cxnotes.services.calls_list import SHOWN
from cxnotes.storage.changes import KEPT, UNKNOWN, ChangeLog
from cxnotes.storage.store import Store
from tests.pilot_helpers import PATIENCE, plain, rows, settle, wait_until
from tests.test_fixes_screen import open_triage


def cxnotes_log(folder: Path, *args: str) -> str:
    """``cxnotes log`` in its own process, as from a shell beside the app; the new pain point's id."""
    command = [sys.executable, "-m", "cxnotes", "--data-dir", str(folder), "log", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=PATIENCE)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout.strip()


def what_triage_shows(store: Store) -> tuple[list[tuple[int, object]], int, dict[str, object], list[object]]:
    """The queue's order (severity, noted), its size, the suggestions and the alike fixes."""
    points, total = triage_queue.top(store, 50)
    suggested, merges = triage_queue.suggested(store, points)
    return [(p.severity, p.created_at) for p in points], total, suggested, merges


def what_triage_gives(store: Store) -> tuple[list[tuple[int, object]], int, dict[str, object], list[object]]:
    """The same, from :mod:`cxnotes.services.triage`'s passes over every pain point."""
    points = triage.queue(store)
    index = triage.suggestion_index(store)
    titles = {fix.id: fix.title for fix in index.fixes}
    merges = [(titles[d.source_id], titles[d.target_id]) for d in triage.duplicate_fixes(index)]
    top = points[:50]
    return [(p.severity, p.created_at) for p in top], len(points), triage.suggestions(index, top), merges


def what_the_review_shows(store: Store) -> tuple[object, ...]:
    """The ranking (scores, evidence, customers) and both charts."""
    ranked = [(r.fix.id, r.score, r.customers, sorted(r.pain_point_ids)) for r in ranking.rank(store)]
    return ranked, ranking_charts.counts_by_step(store), ranking_charts.counts_by_week(store)


def test_the_kept_queue_and_ranking_match_a_fresh_pass_after_another_process_writes(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    app_store = Store.open(folder)
    refund, login = Fix(title="환불 지연"), Fix(title="Login fails")
    kim = Customer(name="김민지", segment="trial")
    old = now() - timedelta(days=3)
    points = [
        PainPoint(
            quote="환불이 너무 느려요", severity=4, fix_id=refund.id, customer_id=kim.id, step="billing"
        ),
        PainPoint(quote="로그인이 안 돼요", severity=3, fix_id=login.id, step="use", created_at=old),
        PainPoint(quote="환불 언제 돼요", severity=5, step="billing"),
        PainPoint(quote="password reset mail never came", severity=2, step="use", created_at=old),
    ]
    app_store.put(refund, login, kim, *points)
    assert what_triage_shows(app_store) == what_triage_gives(app_store)  # built, and kept from now on
    shown_before = what_the_review_shows(app_store)

    other = Store.open(folder)  # another process's connection: only refresh() tells the app
    triage.attach(other, [points[2].id], refund.id)  # one leaves the queue, evidence of an open fix
    triage.detach(other, [points[0].id])  # one comes back
    split = triage.create_fix(other, "Reset mail", [points[3].id])
    triage.set_status(other, login.id, "shipped")  # its evidence no longer suggests it
    other.delete(other.get(Fix, split.id))  # its point is queued again: its fix is gone
    other.close()
    cxnotes_log(folder, "결제가 두 번 됐어요", "--step", "billing", "--severity", "5")
    cxnotes_log(folder, "환불 또 늦어요", "--step", "billing", "--fix", "환불 지연", "--customer", "김민지")

    assert app_store.refresh() >= {PainPoint.TABLE, Fix.TABLE}
    kept = what_triage_shows(app_store), what_the_review_shows(app_store)
    assert kept[1] != shown_before, "the review changed"
    fresh = Store.open(folder, readonly=True)
    assert kept == (what_triage_gives(fresh), what_the_review_shows(fresh))
    assert kept[0][1] == 3  # the detached, the one whose fix was deleted, the one logged without a fix
    fresh.close()
    app_store.close()


def test_the_change_log_says_what_each_record_was_and_is_and_when_it_lost_track() -> None:
    log = ChangeLog()
    first, second, third = {"quote": "1"}, {"quote": "2"}, {"quote": "3"}
    log.note({"pain_points": [("a", None, first), ("b", None, second)], "fixes": [("f", None, {})]})
    log.note({"pain_points": [("a", first, third), ("b", second, None)]})
    assert log.since("pain_points", 0) == (2, {"a": (None, third), "b": (None, None)})
    assert log.since("pain_points", 1) == (2, {"a": (first, third), "b": (second, None)})
    assert log.since("pain_points", 2) == (2, {})
    log.note({"customers": [("c", UNKNOWN, {})]})  # a table not held as it changed: nothing to go by
    assert log.since("customers", 0) == (1, None)
    log.note({"pain_points": [(f"p{n}", None, {}) for n in range(2 * KEPT + 1)]})  # an import: let go
    assert log.since("pain_points", 1) == (3, None)
    assert log.since("fixes", 0) == (1, {"f": (None, {})})


async def test_a_lead_keeps_their_place_in_the_triage_queue_while_the_shell_logs(data_dir: Path) -> None:
    """Every write from another process reloads the queue: it used to jump back to the top."""
    store = Store.open(data_dir)
    waiting = [PainPoint(quote=f"불만 {n}", severity=5, step="billing") for n in range(6)]
    store.put(*waiting)
    store.close()
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_triage(pilot)
        table = screen.query_one("#queue", DataTable)
        await pilot.press("down", "down", "down")
        await settle(pilot)
        place = screen.current_id
        assert place is not None and table.cursor_row == 3

        def count() -> str:
            return plain(screen.query_one("#queue-status", Static).content)

        logged = cxnotes_log(data_dir, "가끔 느려요", "--step", "use", "--severity", "1")
        await wait_until(pilot, lambda: count().startswith("7 pain points"), "the count to grow")
        assert (screen.current_id, table.cursor_row) == (place, 3)
        assert list(table.rows)[-1].value == logged  # the mildest, at the bottom


async def test_the_calls_list_shows_the_unfinished_and_the_newest_of_many_calls(data_dir: Path) -> None:
    store = Store.open(data_dir)
    start = now() - timedelta(days=30)
    kim = Customer(name="김민지", segment="1년 회원")
    finished = [
        Call(customer_id=kim.id, started_at=start + timedelta(hours=n), ended_at=start + timedelta(hours=n))
        for n in range(SHOWN + 20)
    ]
    unfinished = Call(customer_id=kim.id, started_at=start - timedelta(days=1))  # the oldest, listed first
    store.put(kim, unfinished, *finished)
    store.close()
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen_stack[0]  # under the unfinished call, restored on top
        assert isinstance(screen, CallsScreen)
        table = screen.query_one("#calls", DataTable)
        await wait_until(pilot, lambda: table.row_count == SHOWN + 1, "every row listed")
        newest = sorted(finished, key=lambda c: c.started_at, reverse=True)[:SHOWN]
        assert [key.value for key in table.rows] == [unfinished.id] + [c.id for c in newest]
        assert rows(table)[1][1:6:4] == ["김민지", "1년 회원"]
        status = plain(screen.query_one("#status").render())
        assert status.startswith(f"{SHOWN + 21} calls (newest {SHOWN + 1} shown) · 1 unfinished")


def test_a_store_made_before_the_calls_indexes_gets_them_and_lists_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = Store.open(folder)
    calls = [Call(started_at=now() - timedelta(hours=n), ended_at=now()) for n in range(5)]
    store.put(Call(started_at=now() - timedelta(days=9)), *calls)
    expected = [doc["id"] for doc in store.newest_calls(3)[0]]
    store.close()
    database = sqlite3.connect(folder / "cxnotes.db")
    database.execute("DROP INDEX docs_calls_started")
    database.execute("DROP INDEX docs_calls_open")
    database.close()
    store = Store.open(folder, readonly=True)
    assert [doc["id"] for doc in store.newest_calls(3)[0]] == expected
    assert store.newest_calls(3)[1] == 6
    store.close()
    database = sqlite3.connect(folder / "cxnotes.db")
    found = {n for (n,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    database.close()
    assert {"docs_calls_started", "docs_calls_open"} <= found
