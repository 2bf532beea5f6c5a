"""The app open while ``cxnotes log`` runs in a shell on the same store: the app shows it, untouched.

Each test opens the real app on a real store, runs the real ``cxnotes log`` in a
subprocess, then presses nothing: what the shell wrote must reach the screen by the
app's own polling. The wait is bounded (:data:`NO_KEY_WITHIN`) so a poll that never
comes fails the test; how soon it comes (the 1 s target) is measured by ``make bench``.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call, Customer, Fix, PainPoint, now
from cxnotes.screens.calls import CallsScreen
from cxnotes.screens.fixes import FixesScreen
from cxnotes.storage.store import Store
from cxnotes.store_app import POLL_EVERY
from tests.pilot_helpers import PATIENCE, plain, rows, settle, wait_until
from tests.test_fixes_screen import open_triage

NO_KEY_WITHIN = 10.0
"""Seconds the app gets to show another process's write with no key pressed (20 polls)."""


def seeded(folder: Path) -> Customer:
    """A store with one finished call of a customer, and one ranked fix."""
    store = Store.open(folder)
    customer = Customer(name="김민지", segment="trial")
    fix = Fix(title="환불 지연")
    store.put(
        customer,
        fix,
        Call(customer_id=customer.id, ended_at=now(), outcome="resolved"),
        PainPoint(quote="환불이 느려요", severity=3, customer_id=customer.id, fix_id=fix.id, step="billing"),
    )
    store.close()
    return customer


async def cxnotes_log(folder: Path, *args: str) -> str:
    """Run ``cxnotes log`` in its own process, as from a shell beside the app; return the new id."""
    command = [sys.executable, "-m", "cxnotes", "--data-dir", str(folder), "log", *args]
    result = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=PATIENCE
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout.strip()


async def shown_without_a_key(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run, pressing nothing, until ``condition`` holds (at most :data:`NO_KEY_WITHIN` s)."""
    assert NO_KEY_WITHIN >= 10 * POLL_EVERY
    await wait_until(pilot, condition, what, timeout=NO_KEY_WITHIN)


async def test_a_complaint_logged_from_the_shell_shows_in_the_open_fix_list(data_dir: Path) -> None:
    seeded(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FixesScreen)
        table = screen.query_one("#fixes", DataTable)

        def titles() -> list[str]:
            return [cell.plain for cell in table.get_column("title")]

        assert titles() == ["환불 지연"]
        await cxnotes_log(
            data_dir, "결제가 두 번 됐어요", "--step", "billing", "--severity", "5", "--fix", "이중 결제"
        )
        await shown_without_a_key(pilot, lambda: "이중 결제" in titles(), "the new fix in the open fix list")
        assert sorted(titles()) == sorted(["환불 지연", "이중 결제"])


async def test_a_complaint_logged_from_the_shell_counts_in_the_open_triage_queue(data_dir: Path) -> None:
    seeded(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_triage(pilot)

        def status() -> str:
            return plain(screen.query_one("#queue-status", Static).content)

        assert status().startswith("0 pain points without a fix")
        logged = await cxnotes_log(data_dir, "앱이 자꾸 멈춰요", "--step", "use")
        await shown_without_a_key(
            pilot, lambda: status().startswith("1 pain point without a fix"), "the triage count to grow"
        )
        assert [key.value for key in screen.query_one("#queue", DataTable).rows] == [logged]


async def test_a_complaint_logged_from_the_shell_shows_in_the_open_calls_list(data_dir: Path) -> None:
    """The shell logs a complaint for the customer of a listed call, moving them to a new segment."""
    customer = seeded(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CallsScreen)
        table = screen.query_one("#calls", DataTable)

        def who() -> list[list[str]]:
            """The customer and segment columns of the calls list."""
            return [[row[1], row[5]] for row in rows(table)]

        assert who() == [["김민지", "trial"]]
        await cxnotes_log(
            data_dir,
            "해지하고 싶어요",
            "--step",
            "cancel",
            "--customer",
            customer.name,
            "--segment",
            "1년 회원",
        )
        await shown_without_a_key(pilot, lambda: who() == [["김민지", "1년 회원"]], "the new segment")
