"""The export screen through the real app: F7 and the palette, the preview, a real file written."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from cxnotes.__main__ import make_app
from cxnotes.app import CxNotesApp
from cxnotes.screens.export import ExportScreen
from cxnotes.widgets.markdown_lines import MarkdownLines
from tests.pilot_helpers import run_command, settle, wait_until
from tests.test_export_store import make_store


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder with Documents, and a current folder without: the default file goes to Documents."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return home


@pytest.fixture
def app(tmp_path: Path) -> CxNotesApp:
    make_store(tmp_path / "store").close()
    return make_app(tmp_path / "store")


async def open_export(pilot: Pilot[None]) -> ExportScreen:
    await settle(pilot)
    await pilot.press("f7")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExportScreen)
    return pilot.app.screen


async def fill(pilot: Pilot[None], selector: str, text: str) -> None:
    """Type into a field, key by key, as a user would."""
    box = pilot.app.screen.query_one(selector, Input)
    box.focus()
    box.value = ""
    await pilot.press(*text)


def paste(pilot: Pilot[None], selector: str, text: str) -> None:
    """Put a long path into a field at once (typing it key by key only makes the test slow)."""
    box = pilot.app.screen.query_one(selector, Input)
    box.focus()
    box.value = text


async def toasts(pilot: Pilot[None]) -> list[str]:
    """The notifications on screen, as plain text, once one has been drawn."""

    def shown() -> list[str]:
        return [str(toast.render()) for toast in pilot.app.screen.query("Toast")]

    await wait_until(pilot, lambda: bool(shown()), "a notification on screen")
    return shown()


async def wait_preview(pilot: Pilot[None], screen: ExportScreen, showing: str) -> str:
    """The preview's markdown once it shows ``showing``: it is rendered once typing has paused."""
    preview = screen.query_one("#export-markdown", MarkdownLines)
    await wait_until(pilot, lambda: showing in preview.source, f"the preview to show {showing!r}")
    return preview.source


def status(screen: ExportScreen) -> str:
    return str(screen.query_one("#export-status", Static).render())


async def test_f7_previews_the_period_and_writes_html_to_documents(app: CxNotesApp, home: Path) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_export(pilot)
        await fill(pilot, "#export-since", "2026-03-02")
        await fill(pilot, "#export-until", "2026-03-31")
        preview = await wait_preview(pilot, screen, "| Customers heard | 4 | 1 | +3 |")
        assert "김민지" not in preview, "names stay out unless asked for"
        path = Path(screen.query_one("#export-path", Input).value)
        assert path == home / "Documents" / "cxnotes-summary-2026-03-02-to-2026-03-31.html"

        await pilot.press("ctrl+s")
        await settle(pilot)

        assert status(screen) == f"Wrote {path}"
        assert any(f"Wrote {path}" in toast for toast in await toasts(pilot))
        page = path.read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>")
        assert "Export &lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert path.stat().st_mode & 0o777 == 0o600


async def test_palette_json_with_names_and_a_chosen_path(app: CxNotesApp, home: Path, tmp_path: Path) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await run_command(pilot, "Export summary", "Export summary")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        await fill(pilot, "#export-since", "2026-03-02")
        await fill(pilot, "#export-until", "2026-03-31")
        screen.query_one("#export-format", Select).value = "csv"
        await pilot.click("#export-names")
        await wait_preview(pilot, screen, "김민지 (1년 회원)")
        assert screen.query_one("#export-path", Input).value.endswith(
            "pain-points-2026-03-02-to-2026-03-31.csv"
        )
        chosen = tmp_path / "mine.csv"
        paste(pilot, "#export-path", str(chosen))
        await pilot.press("enter")
        await settle(pilot)
        text = chosen.read_text(encoding="utf-8-sig")
        assert text.splitlines()[0].startswith("pain_point,created_at,call,")
        assert "김민지" in text


async def test_bad_dates_and_paths_are_one_line_and_write_nothing(
    app: CxNotesApp, home: Path, tmp_path: Path
) -> None:
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        screen = await open_export(pilot)
        await fill(pilot, "#export-since", "someday")
        refusal = 'Since: Cannot read "someday" as a date'
        await wait_until(pilot, lambda: status(screen).startswith(refusal), "the refusal once typing pauses")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await fill(pilot, "#export-since", "2026-03-10")
        await fill(pilot, "#export-until", "2026-03-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(screen) == "The end date 2026-03-01 is before the start date 2026-03-10."
        await fill(pilot, "#export-until", "2026-03-31")
        paste(pilot, "#export-path", str(tmp_path / "missing" / "s.md"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert status(screen).endswith(f"the folder {tmp_path / 'missing'} does not exist.")
        assert any("does not exist" in toast for toast in await toasts(pilot))
        assert list((home / "Documents").iterdir()) == []
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportScreen)
