"""What has to fit at 80x24 and stay readable: the footer keys whole, the score breakdown, the
customer's value, quotes and Korean typing; asserted on the real app over the sample store."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import rows, settle, wait_until
from sample_store import hold_time, sample_store
from screen_scenarios import in_review, keys
from test_screen_snapshots import speak
from textual.widgets import DataTable, Input, Static
from textual.widgets._footer import FooterKey

from cxnotes.__main__ import make_app
from cxnotes.app import CxNotesApp

SMALL = (80, 24)


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample store of the screen pictures, every clock held still."""
    hold_time(monkeypatch)
    sample_store(tmp_path)
    return tmp_path


def footer_keys(app: CxNotesApp) -> list[tuple[str, bool]]:
    """Each key the footer shows, and whether it lies whole inside the terminal and left of the
    palette's key (docked right, it covers a key running under it)."""
    shown = [key for key in app.screen.query(FooterKey) if key.display and key.region.width]
    edge = min([k.region.x for k in shown if k.has_class("-command-palette")], default=app.size.width)
    return [(key.key, key.region.right <= edge) for key in shown if not key.has_class("-command-palette")]


SCREENS = {
    "call": [],
    "calls": ["escape"],
    "fixes": ["escape", "f6"],
    "triage": ["escape", "f6", "t"],
    "customers": ["escape", "c"],
    "followups": ["escape", "b"],
    "trends": ["escape", "t"],
    "week": ["escape", "w"],
    "inbox": ["escape", "i"],
}
"""The keys from start-up to each screen whose footer must fit at 80 columns."""


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", [SMALL, (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("screen_keys", list(SCREENS.values()), ids=list(SCREENS))
async def test_every_footer_key_shown_is_whole(
    sample: Path, screen_keys: list[str], size: tuple[int, int], lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No key is cut at the footer's edge (``m Merge in``, ``f7 내보``) in either language: the keys
    that do not fit are left out whole (F1 and the palette list them); F1 is among those shown."""
    speak(lang, sample, monkeypatch)
    app = make_app(sample)
    async with app.run_test(size=size) as pilot:
        await keys(pilot, *screen_keys)
        shown = footer_keys(app)
        assert shown and all(whole for _, whole in shown), shown
        assert "f1" in [key for key, _whole in shown], "F1 is always shown"


async def test_the_fix_review_at_80x24_shows_the_score_breakdown_without_scrolling(sample: Path) -> None:
    """The first fix's breakdown (every term and the score) is drawn inside its panel as the review opens."""
    app = make_app(sample)
    async with app.run_test(size=SMALL) as pilot:
        await keys(pilot, "escape", "f6")
        breakdown = app.screen.query_one("#breakdown", Static)
        info = app.screen.query_one("#fix-info")
        assert breakdown.region.height >= 5 and info.region.contains_region(breakdown.region)


async def test_the_evidence_at_80x24_shows_whole_quotes_and_no_sliver_of_the_next_one(sample: Path) -> None:
    """Severity and the quote fill the evidence panel exactly: the "Noted" column starts past its edge."""
    app = make_app(sample)
    async with app.run_test(size=SMALL) as pilot:
        await keys(pilot, "escape", "f6")
        table = app.screen.query_one("#evidence", DataTable)
        shown = [column.get_render_width(table) for column in table.columns.values()]
        assert table.row_count == 3
        assert sum(shown[:2]) == table.scrollable_content_region.width


async def test_the_calls_list_shows_each_customers_value(sample: Path) -> None:
    """The value column beside the status: 2M for 김민지, 12M for Bob, a dash for Ann (none known)."""
    app = make_app(sample)
    async with app.run_test(size=SMALL) as pilot:
        await keys(pilot, "escape")
        table = app.screen.query_one("#calls", DataTable)
        value = {row[1]: row[3] for row in rows(table)}
        assert value["김민지"] == "2M" and value["Bob [b]Stone[/b]"] == "12M" and value["Ann Lee"] == "—"


async def test_a_long_korean_line_never_shows_half_a_character_at_the_left_edge(sample: Path) -> None:
    """Typed key by key at 80 columns, the typing box always shows a piece of the line as typed,
    ending with the last syllable: never a blank where half of a syllable scrolled out."""
    line = "환불은 언제 되나요 벌써 세 번째 전화예요 정말 화가 납니다 빨리 처리해 주세요 부탁드립니다"
    app = make_app(sample)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#line", Input)
        seen = []
        for char in line:
            await pilot.press(char)
            await pilot.pause()
            shown = "".join(segment.text for segment in box.render_line(0)).rstrip()
            seen.append(shown)
            assert box.value.rstrip().endswith(shown), seen
        assert box.value == line and seen[-1].endswith("부탁드립니다")


@pytest.mark.parametrize("size", [SMALL, (120, 40)], ids=["80x24", "120x40"])
async def test_after_a_merge_the_evidence_keeps_readable_quotes(sample: Path, size: tuple[int, int]) -> None:
    """F6, m, ↓, Enter merges the first fix into another: the merged evidence (four quotes) keeps a quote
    column of 24 cells or more, severity and quote (and at 120x40 the whole "Noted" date) in view."""
    app = make_app(sample)
    async with app.run_test(size=size) as pilot:
        await keys(pilot, "escape", "f6")
        evidence = app.screen.query_one("#evidence", DataTable)
        await wait_until(pilot, lambda: evidence.row_count == 3, "the first fix's evidence")
        await keys(pilot, "m", "down", "enter")
        await wait_until(pilot, lambda: evidence.row_count == 4, "the merged fix's evidence")
        widths = [column.get_render_width(evidence) for column in evidence.columns.values()]
        in_view = 3 if size == (120, 40) else 2
        assert widths[1] >= 24 and sum(widths[:in_view]) <= evidence.scrollable_content_region.width
        assert [str(c.label) for c in evidence.columns.values()][:3] == ["Sev", "Quote", "Noted"]


async def test_the_evidence_date_is_in_view_beside_the_quote_at_120x40(sample: Path) -> None:
    """At 120x40 the evidence shows severity, quote and the whole "Noted" date without scrolling."""
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await in_review(pilot)
        table = app.screen.query_one("#evidence", DataTable)
        used = sum(column.get_render_width(table) for column in list(table.columns.values())[:3])
        assert table.row_count == 3 and used <= table.scrollable_content_region.width
        assert [str(cell) for cell in table.get_column("noted")] == ["2026-11-23", "2026-11-19", "2026-11-13"]
