"""The complaint form driven through the real app on a real store: several in a row, refusals, failures."""

from __future__ import annotations

import os
import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from textual import events
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import Static

from cxnotes.__main__ import make_app
from cxnotes.app import CxNotesApp
from cxnotes.domain.models import Customer, Fix, PainPoint
from cxnotes.screens.calls import CallsScreen
from cxnotes.screens.log import LogScreen
from cxnotes.storage.sqlite import DB_NAME
from cxnotes.storage.store import Store
from tests.pilot_helpers import run_command, settle

HOSTILE = "[@click=app.quit]x[/] \x1b]0;pwned\x07[/b] =SUM(A1)\nsecond line"


class Notes:
    """Collects the app's notifications (title, message) through ``message_hook``."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.shown.append((message.notification.title, message.notification.message))


def seed(folder: Path) -> None:
    """A known customer and a fix with an agreed answer, to complete to."""
    store = Store.open(folder)
    store.put(
        Customer(name="Ann Lee", segment="1-year member"),
        Fix(title="Double charge", answer="Refund within 3 days."),
    )
    store.close()


def read(folder: Path) -> Store:
    return Store.open(folder, readonly=True)


async def open_form(pilot: Pilot[None]) -> LogScreen:
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LogScreen)
    assert screen.focused is screen.box("text")
    return screen


async def fill(pilot: Pilot[None], **fields: str) -> None:
    """Type into the named fields, moving with Tab as an operator would."""
    screen = pilot.app.screen
    assert isinstance(screen, LogScreen)
    for name, text in fields.items():
        screen.box(name).focus()
        await pilot.pause()
        await pilot.press(*text)
    await pilot.pause()


def hint(screen: LogScreen, name: str) -> str:
    return str(screen.query_one(f"#{name}-hint", Static).content)


def stored(app: CxNotesApp) -> Store:
    assert app.store is not None
    return app.store


async def test_three_complaints_in_a_row(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    seed(folder)
    notes = Notes()
    app = make_app(folder)
    async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
        screen = await open_form(pilot)

        # 1: Korean, known customer and fix by completion, Enter through every field.
        await pilot.press(*"환불이 너무 늦어요", "tab", *"ann", "tab")
        assert screen.box("customer").value == "Ann Lee"
        assert hint(screen, "customer") == "known · 1-year member"
        await pilot.press("tab", "tab", "tab", *"bil", "tab")
        assert screen.box("step").value == "Billing / renewal"
        await pilot.press("tab", "4", "enter", *"dou", "tab")
        assert screen.box("fix").value == "Double charge"
        assert "Refund within 3 days." in hint(screen, "fix")
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert all(screen.box(name).value == "" for name in ("text", "customer", "step", "fix", "when"))
        assert screen.box("severity").value == "3"
        assert screen.focused is screen.box("text")
        assert ("Agreed answer · Double charge", "Refund within 3 days.") in notes.shown

        # 2: hostile text pasted; a new customer with a segment, a new fix, the step by number.
        screen.box("text").post_message(events.Paste(HOSTILE))
        await pilot.pause()
        await fill(
            pilot, customer="박지민", segment="trial", channel="ch", step="2", severity="2", fix="환불 안내"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.box("text").value == ""

        # 3: the least there is: words and a step; "when" through the shared parser.
        await fill(pilot, text="No answer from support", step="support", when="2 hours ago")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.box("text").value == "" and screen.box("when").value == ""
        assert sum(title == "Complaint saved" for title, _ in notes.shown) == 3
        assert app.is_running

        store = stored(app)
        points = sorted(store.all(PainPoint), key=lambda p: p.quote)
        assert len(points) == 3
        by_quote = {p.quote: p for p in points}
        first = by_quote["환불이 너무 늦어요"]
        assert (first.step, first.severity, first.channel) == ("billing", 4, None)
        ann = store.customer_named("Ann Lee")
        assert ann is not None and first.customer_id == ann.id and ann.segment == "1-year member"
        double = store.fix_titled("Double charge")
        assert double is not None and first.fix_id == double.id

        hostile = next(p for p in points if p.quote.startswith("[@click"))
        assert hostile.quote == "[@click=app.quit]x[/] [/b] =SUM(A1) second line"
        assert (hostile.step, hostile.severity, hostile.channel) == ("evaluate", 2, "chat")
        park = store.customer_named("박지민")
        assert park is not None and park.segment == "trial" and hostile.customer_id == park.id
        new_fix = store.fix_titled("환불 안내")
        assert new_fix is not None and hostile.fix_id == new_fix.id

        last = by_quote["No answer from support"]
        assert last.step == "support" and last.customer_id is None and last.fix_id is None
        age = (first.created_at - last.created_at).total_seconds()
        assert 2 * 3600 - 60 < age < 2 * 3600 + 60

        # What was just created completes in the next complaint.
        await pilot.press(*"박", "tab")
        assert screen.box("text").value == "박"  # the text field does not complete
        await pilot.press(*"박", "tab")
        assert screen.box("customer").value == "박지민"
    again = read(folder)
    try:
        assert again.count(PainPoint) == 3
    finally:
        again.close()


async def test_unreadable_when_keeps_everything_typed(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    app = make_app(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(pilot)
        await fill(pilot, text="앱이 멈춰요 [b]x", step="use", severity="5", when="soon")
        assert hint(screen, "when") == "not a time I can read yet"
        await pilot.press("enter")
        await settle(pilot)
        error = str(screen.query_one("#log-error", Static).content)
        assert error.startswith('Cannot read "soon" as a time')
        assert screen.focused is screen.box("when")
        values = {name: screen.box(name).value for name in ("text", "step", "severity", "when")}
        assert values == {"text": "앱이 멈춰요 [b]x", "step": "use", "severity": "5", "when": "soon"}
        assert stored(app).count(PainPoint) == 0

        await pilot.press(*"tomorrow", "enter")
        await settle(pilot)
        assert "in the future" in str(screen.query_one("#log-error", Static).content)
        assert screen.box("text").value == "앱이 멈춰요 [b]x"

        screen.box("when").value = "yesterday 14:30"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.box("text").value == ""
        assert str(screen.query_one("#log-error", Static).content) == ""
        (point,) = stored(app).all(PainPoint)
        assert (point.quote, point.severity, f"{point.created_at:%H:%M}") == ("앱이 멈춰요 [b]x", 5, "14:30")


async def test_missing_step_or_segment_without_customer_is_refused(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(pilot)
        await fill(pilot, text="x", step="zzz")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(screen.query_one("#log-error", Static).content).startswith("Pick a step by number or name")
        assert screen.focused is screen.box("step")
        await fill(pilot, step="8", segment="trial")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "A segment needs a customer" in str(screen.query_one("#log-error", Static).content)
        assert screen.box("text").value == "x"
        assert stored(app).count(PainPoint) == 0


@contextmanager
def files_cannot_grow_past(size: int) -> Iterator[None]:
    """A real write failure: the kernel refuses to let any file grow beyond ``size`` bytes."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old_handler)


async def test_a_failed_write_keeps_the_form(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    notes = Notes()
    app = make_app(folder)
    async with app.run_test(size=(120, 40), message_hook=notes) as pilot:
        screen = await open_form(pilot)
        await fill(pilot, text="환불 언제 되나요", customer="New Person", step="cancel")
        wal = folder / f"{DB_NAME}-wal"  # a write appends to the write-ahead log
        with files_cannot_grow_past(os.path.getsize(wal)):
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert screen.box("text").value == "환불 언제 되나요"
        assert screen.box("customer").value == "New Person"
        assert str(screen.query_one("#log-error", Static).content).startswith("Not saved; the form keeps it.")
        assert any(title == "Not saved" for title, _ in notes.shown)
        assert stored(app).count(PainPoint) == 0 and stored(app).customer_named("New Person") is None

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert screen.box("text").value == ""
        (point,) = stored(app).all(PainPoint)
        assert point.quote == "환불 언제 되나요" and point.step == "cancel"


async def test_esc_leaves_and_f5_brings_the_draft_back(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_form(pilot)
        await fill(pilot, text="half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CallsScreen)
        await pilot.press("f5")
        await settle(pilot)
        assert app.screen is screen and screen.box("text").value == "half a thought"
        await pilot.press("escape")
        await run_command(pilot, "log a compl", "Log a complaint")
        await settle(pilot)
        assert app.screen is screen
        assert stored(app).count(PainPoint) == 0


async def test_quitting_with_a_typed_complaint_asks_again(tmp_path: Path) -> None:
    """Ctrl+Q with an unsaved complaint in the form warns and stays; a second Ctrl+Q leaves."""
    notes = Notes()
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(120, 40), message_hook=notes, notifications=True) as pilot:
        await open_form(pilot)
        await fill(pilot, text="환불이 늦어요")
        await pilot.press("escape", "ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert any(title == "Not quitting" and "complaint" in text for title, text in notes.shown)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
