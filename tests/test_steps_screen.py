"""The value-chain editor driven through the real app: rename, add, reorder, retire; pickers follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static

from cxnotes.__main__ import main, make_app
from cxnotes.app import CxNotesApp
from cxnotes.domain.models import Call, PainPoint, Step, now
from cxnotes.screens.call import CallScreen
from cxnotes.screens.dialogs import PainPointPicker
from cxnotes.screens.log import LogScreen
from cxnotes.screens.new_call_dialog import StartCallDialog
from cxnotes.screens.steps import StepDialog, StepsScreen
from cxnotes.services import value_chain
from cxnotes.services.value_chain import StepError
from cxnotes.storage.store import Store
from tests.pilot_helpers import prompts, settle

DEFAULT = ["discover", "evaluate", "purchase", "onboarding", "use", "support", "billing", "cancel"]


def seed(folder: Path) -> str:
    """A finished call with a billing pain point; returns the call's id."""
    store = Store.open(folder)
    call = Call(ended_at=now(), outcome="resolved")
    store.put(call, PainPoint(quote="charged twice", step="billing", severity=4, call_id=call.id))
    store.close()
    return call.id


def stored(app: CxNotesApp) -> Store:
    assert app.store is not None
    return app.store


def shown_slugs(screen: StepsScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [table.get_row_at(i)[1].plain for i in range(table.row_count)]


def column(screen: StepsScreen, index: int) -> list[str]:
    table = screen.query_one(DataTable)
    return [table.get_row_at(i)[index].plain for i in range(table.row_count)]


async def cursor_to(pilot: Pilot[None], screen: StepsScreen, slug: str) -> None:
    """Walk the cursor to a step with the arrow keys."""
    table = screen.query_one(DataTable)
    while screen.current_slug != slug:
        await pilot.press("down" if shown_slugs(screen).index(slug) > table.cursor_row else "up")


async def dialog_fields(pilot: Pilot[None], *values: str) -> None:
    """Type each value over a field of the step dialog; Enter after each."""
    for value in values:
        await pilot.press("end", "ctrl+u", *value, "enter") if value else await pilot.press("enter")
        await pilot.pause()
    await settle(pilot)


async def test_rename_add_reorder_retire_then_the_pickers_follow(tmp_path: Path) -> None:
    call_id = seed(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StepsScreen)
        assert shown_slugs(screen) == DEFAULT
        assert column(screen, 3)[DEFAULT.index("billing")] == "1"

        # Rename: the name and description change, the slug stays.
        await cursor_to(pilot, screen, "use")
        await pilot.press("e")
        assert isinstance(app.screen, StepDialog)
        await dialog_fields(pilot, "Everyday use [b]", "매일 쓰는 중")
        use = next(s for s in stored(app).steps() if s.slug == "use")
        assert (use.name, use.description) == ("Everyday use [b]", "매일 쓰는 중")
        assert column(screen, 2)[DEFAULT.index("use")] == "Everyday use [b]"

        # A taken name is refused, and the dialog comes back with what was typed.
        await pilot.press("e")
        await dialog_fields(pilot, "support", "")
        assert isinstance(app.screen, StepDialog)
        assert app.screen.query_one("#step-name", Input).value == "support"
        assert "already used" in str(app.screen.query_one(".dialog-error", Static).content)
        await pilot.press("escape")

        # Add: at the end, slug typed; Korean name.
        await pilot.press("a")
        await dialog_fields(pilot, "배송", "Parcel arrives late or broken", "delivery")
        assert shown_slugs(screen) == [*DEFAULT, "delivery"]
        assert screen.current_slug == "delivery"

        # Reorder: delivery up three places, discover down one; the cursor follows the step.
        await pilot.press("ctrl+up", "ctrl+up", "shift+up")
        await settle(pilot)
        await cursor_to(pilot, screen, "discover")
        await pilot.press("shift+down")
        await settle(pilot)
        order = [
            "evaluate",
            "discover",
            "purchase",
            "onboarding",
            "use",
            "delivery",
            "support",
            "billing",
            "cancel",
        ]
        assert shown_slugs(screen) == order
        assert screen.current_slug == "discover"
        assert [s.slug for s in stored(app).steps()] == order

        # Retire billing: it keeps its row (and count) but loses its digit.
        await cursor_to(pilot, screen, "billing")
        await pilot.press("x")
        await settle(pilot)
        assert column(screen, 0)[order.index("billing")] == "—"
        assert column(screen, 4)[order.index("billing")] == "retired"
        assert column(screen, 3)[order.index("billing")] == "1"
        active = [slug for slug in order if slug != "billing"]
        assert stored(app).step_slugs() == active

        # A new call's picker shows the new order without the retired step.
        await pilot.press("escape", "n")
        assert isinstance(app.screen, StartCallDialog)
        await pilot.press("enter")
        assert isinstance(app.screen, CallScreen)
        await pilot.press(*"too slow", "ctrl+g")
        picker = app.screen
        assert isinstance(picker, PainPointPicker)
        assert [s.slug for s in picker.steps] == active
        assert "Everyday use [b]" in str(picker.query_one("#steps", Static).content)
        await pilot.press("escape", "escape")
        await settle(pilot)

        # The old call still names its billing point, and editing it keeps the retired step
        # (reopened as unfinished first: an ended call opens read-only).
        reopen = stored(app).get(Call, call_id)
        assert reopen is not None
        reopen.ended_at = None
        stored(app).put(reopen)
        app.open_call(call_id)
        await settle(pilot)
        old = app.screen
        assert isinstance(old, CallScreen)
        points = old.query_one("#points", OptionList)
        assert "Billing / renewal" in prompts(points)[0]
        points.focus()
        points.highlighted = 0
        await pilot.press("enter")
        edit = app.screen
        assert isinstance(edit, PainPointPicker)
        assert edit.kept_step == "billing" and edit.step_index is None
        await pilot.press("enter")
        await settle(pilot)
        (point,) = [p for p in stored(app).all(PainPoint) if p.call_id == call_id]
        assert point.step == "billing"


async def test_retired_steps_leave_the_form_and_the_shell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(tmp_path)
    value_chain.set_retired(store, "billing", True)
    store.close()
    assert main(["--data-dir", str(tmp_path), "log", "x", "--step", "billing"]) == 2
    err = capsys.readouterr().err
    active = ", ".join(slug for slug in DEFAULT if slug != "billing")
    assert err == f'cxnotes: Unknown step "billing"; use one of: {active}.\n'

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogScreen)
        assert "Billing" not in str(form.query_one("#step-list", Static).content)
        form.box("text").value = "x"
        form.box("step").value = "billing"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert str(form.query_one("#log-error", Static).content).startswith("Pick a step")
        assert stored(app).count(PainPoint) == 0


def test_value_chain_rules(tmp_path: Path) -> None:
    """What the editor refuses, each with a one-line reason."""
    store = Store.open(tmp_path)
    try:
        assert value_chain.add_step(store, "After sales!").slug == "after-sales"
        for name, slug, reason in (
            ("", "", "Give the step a name"),
            ("Delivery", "has space", "cannot be a slug"),
            ("Delivery", "billing", 'slug "billing" is already used'),
            ("BILLING / renewal", "", "already used"),
            ("Use", "x", "already used"),
        ):
            with pytest.raises(StepError, match=reason):
                value_chain.add_step(store, name, slug=slug)
        with pytest.raises(StepError, match="needs a name"):
            value_chain.rename_step(store, "use", "  ", "")
        for step in store.steps()[:-1]:
            value_chain.set_retired(store, step.slug, True)
        (last,) = store.steps()
        with pytest.raises(StepError, match="at least one active step"):
            value_chain.set_retired(store, last.slug, True)
        value_chain.move_step(store, last.slug, -100)
        assert store.steps(include_retired=True)[0].slug == last.slug
        assert [s.order for s in store.steps(include_retired=True)] == list(range(9))
        assert all(isinstance(s, Step) for s in store.steps(include_retired=True))
    finally:
        store.close()
