"""The inbox of imported conversations, driven through the real app on a real store."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, OptionList, Static

from cxnotes.__main__ import main, make_app
from cxnotes.domain.models import Call, PainPoint
from cxnotes.screens.conversation import ConversationScreen
from cxnotes.screens.dialogs import PainPointPicker
from cxnotes.screens.inbox import InboxScreen
from tests.pilot_helpers import settle
from tests.test_fixes_screen import shown, stored

DATA = Path(__file__).parent / "data"


def imported(folder: Path) -> Path:
    """A store holding the Zendesk and Intercom samples, imported as a user would."""
    for name in ("zendesk_tickets.jsonl", "intercom_conversations.json"):
        assert main(["--data-dir", str(folder), "import", str(DATA / name)]) == 0
    return folder


async def test_low_satisfaction_first_then_newest_and_marking_a_line(tmp_path: Path) -> None:
    app = make_app(imported(tmp_path / "store"))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        table = app.screen.query_one(DataTable)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [(row[0].plain, row[2].plain) for row in rows] == [
            ("!", "intercom"),  # rated 2/5, 2026-12-02
            ("!", "zendesk"),  # rated bad, 2026-11-20
            ("", "intercom"),  # 2026-12-03
            ("", "zendesk"),  # 2026-11-22
            ("", "zendesk"),  # 2026-11-21
        ]
        assert rows[1][6].plain == "연간 회원권을 해지했는데 환불이 아직 안 들어왔어요."
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
        assert "rated bad" in shown(app.screen.query_one("#conversation-facts", Static))
        assert app.screen.query_one(OptionList).option_count == 3
        await pilot.press("down", "down", "f2")
        await settle(pilot)
        assert isinstance(app.screen, PainPointPicker)
        await pilot.press("7", "4", "enter")
        await settle(pilot)
        store = stored(app)
        (call,) = store.where(Call, source="zendesk", source_id="35436")
        marked = [p for p in store.pain_points_of(call.id) if not p.source]
        assert [(p.quote, p.step, p.severity, p.customer_id) for p in marked] == [
            ("벌써 일주일째인데 너무 늦어요.", "billing", 4, call.customer_id)
        ]
        assert "⚑1" in str(app.screen.query_one(OptionList).get_option_at_index(2).prompt)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert store.get(Call, call.id).reviewed
        assert app.screen.query_one(DataTable).row_count == 4


async def test_an_empty_inbox_says_how_to_fill_it(tmp_path: Path) -> None:
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert "cxnotes import FILE" in shown(app.screen.query_one("#inbox-status", Static))
        assert stored(app).count(PainPoint) == 0
