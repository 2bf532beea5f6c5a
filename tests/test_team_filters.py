"""The lead looks at one operator: the fix list, the triage queue and the summary filtered by who logged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from cxnotes.__main__ import main, make_app
from cxnotes.screens.export import ExportScreen
from cxnotes.screens.fixes import FixesScreen
from cxnotes.screens.fixes_dialogs import FilterDialog
from cxnotes.screens.fixes_triage import TriageScreen
from cxnotes.services import complaints
from cxnotes.storage.store import Store
from tests.pilot_helpers import plain, rows, wait_until


def seed(folder: Path) -> None:
    """Two operators, each with a fix of their own, one shared fix and one point not triaged yet."""
    for operator, own_fix, loose in (
        ("김민지", "환불 지연", "포장이 찢어졌어요"),
        ("Jun", "Login fails", "Slow app"),
    ):
        store = Store.open(folder, operator=operator)
        try:
            for quote, fix in (
                (f"{operator}: own", own_fix),
                (f"{operator}: shared", "결제 오류"),
                (loose, None),
            ):
                complaints.record(
                    store, complaints.Complaint(quote, "billing", 4, f"고객 {operator}", fix=fix)
                )
        finally:
            store.close()


async def test_the_fix_list_and_triage_queue_show_one_operators_evidence(tmp_path: Path) -> None:
    """Operator "  김민지 " in the filters: her two fixes, not Jun's; the queue then holds her point only."""
    seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_until(pilot, lambda: app.store is not None, "the store")
        await pilot.press("f6")
        await wait_until(pilot, lambda: isinstance(app.screen, FixesScreen), "the fix review")
        fixes = app.screen.query_one("#fixes", DataTable)
        await wait_until(pilot, lambda: fixes.row_count == 3, "three fixes")
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterDialog), "the filters")
        await pilot.click("#filter-operator")
        await pilot.press(*"  김민지 ", "enter")
        await wait_until(
            pilot, lambda: isinstance(app.screen, FixesScreen) and fixes.row_count == 2, "two fixes"
        )
        listed = " ".join(" ".join(row) for row in rows(fixes))
        assert "환불 지연" in listed and "결제 오류" in listed and "Login fails" not in listed
        assert "operator 김민지" in plain(app.screen.query_one("#fixes-status", Static).render())
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TriageScreen), "the triage queue")
        queue = app.screen.query_one("#queue", DataTable)
        await wait_until(pilot, lambda: queue.row_count == 1, "her point alone")
        assert rows(queue)[0][-2:] == ["포장이 찢어졌어요", "김민지"]
        assert "logged by 김민지" in plain(app.screen.query_one("#queue-status", Static).render())
        await pilot.press("escape", "escape")
        await pilot.press("ctrl+q")


def test_the_summary_counts_one_operator_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`cxnotes export --by Jun`: his pain points and fixes only, and the page says so; without it, all."""
    folder = tmp_path / "store"
    seed(folder)
    assert main(["--data-dir", str(folder), "export", "--format", "summary-json", "--by", "jun"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["operator"] == "jun"
    assert sorted(fix["title"] for fix in data["top_fixes"]) == ["Login fails", "결제 오류"]
    assert all(fix["pain_points"] == 1 for fix in data["top_fixes"])
    assert main(["--data-dir", str(folder), "export", "--format", "md", "--by", "Jun*"]) == 0
    assert "Only what Jun\\* logged." in capsys.readouterr().out  # markdown in a name stays literal
    assert main(["--data-dir", str(folder), "export", "--format", "summary-json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "operator" not in data
    assert sorted(fix["title"] for fix in data["top_fixes"]) == ["Login fails", "결제 오류", "환불 지연"]


async def test_the_export_screen_previews_one_operators_summary(tmp_path: Path) -> None:
    """The Operator field narrows the preview to what that operator logged."""
    seed(tmp_path / "store")
    app = make_app(tmp_path / "store")
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_until(pilot, lambda: app.store is not None, "the store")
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export screen")
        preview = app.screen.query_one("#export-markdown")
        await wait_until(pilot, lambda: "Login fails" in preview.source, "the team's preview")
        await pilot.click("#export-operator")
        await pilot.press(*"김민지")
        await wait_until(
            pilot,
            lambda: "Only what 김민지 logged." in preview.source and "Login fails" not in preview.source,
            "her preview",
        )
        assert app.screen.query_one("#export-operator", Input).value == "김민지"
        await pilot.press("escape")
        await pilot.press("ctrl+q")
