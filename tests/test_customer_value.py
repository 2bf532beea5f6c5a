"""A customer's value, typed in the call's F4 dialog or given to `cxnotes log --value`, shown with them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import call_screen, settle, type_text
from textual.widgets import Input, Label

from cxnotes.__main__ import main
from cxnotes.app import CxNotesApp, StartCall
from cxnotes.domain.models import Customer
from cxnotes.domain.money import ValueTextError, parse_value
from cxnotes.screens.new_call_dialog import StartCallDialog
from cxnotes.storage.store import Store


@pytest.mark.parametrize(
    ("text", "value"),
    [("2000000", 2e6), ("2,000,000", 2e6), ("₩2,000,000", 2e6), ("200만", 2e6), ("1.5억", 1.5e8), ("", None)],
)
def test_values_as_people_type_them(text: str, value: float | None) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize("text", ["-5", "abc", "12,34", "1e999", "₩"])
def test_what_is_not_a_value_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(ValueTextError, match="not a value"):
        parse_value(text)


def test_log_value_sets_the_customers_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "store"
    complaint = ["--data-dir", str(folder), "log", "위약금이 너무 커요", "--step", "cancel"]
    assert main([*complaint, "--customer", "박지훈", "--value", "₩2,000,000"]) == 0
    assert main([*complaint, "--customer", "박지훈"]) == 0, "a later complaint without --value keeps it"
    store = Store.open(folder, readonly=True)
    assert [(c.name, c.value) for c in store.all(Customer)] == [("박지훈", 2_000_000)]
    store.close()
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main([*complaint, "--customer", "박지훈", "--value", "a lot"])
    assert "not a value" in capsys.readouterr().err
    assert main([*complaint, "--value", "5"]) != 0
    assert "--value needs --customer" in capsys.readouterr().err


async def test_f4_starts_from_the_current_customer_and_takes_a_value(data_dir: Path) -> None:
    """F4 shows who is on the call; a value typed there is saved and shown in the title."""
    app = CxNotesApp(data_dir, StartCall("김민지"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        dialog = app.screen
        assert isinstance(dialog, StartCallDialog)
        assert dialog.query_one("#customer", Input).value == "김민지"
        await pilot.press("tab", "tab")
        await type_text(pilot, "2백만")
        await pilot.press("enter")
        assert "not a value" in str(dialog.query_one("#error", Label).content)
        dialog.query_one("#value", Input).value = ""
        await type_text(pilot, "200만")
        await pilot.press("enter")
        await pilot.pause()
        screen = call_screen(app)
        assert screen.title == "Call · 김민지 (2,000,000) · phone"
        assert screen.session.customer is not None and screen.session.customer.value == 2_000_000
        await app.action_quit()
    store = Store.open(data_dir, readonly=True)
    assert [(c.name, c.value) for c in store.all(Customer)] == [("김민지", 2_000_000)]
    store.close()
