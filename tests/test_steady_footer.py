"""The footer keeps its keys while the bindings it shows stay, and follows them when they change:
on the fix review of the sample store, driven as a user does (focus moves, a dialog comes and
goes, the terminal narrows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pilot_helpers import settle
from sample_store import hold_time, sample_store
from screen_scenarios import in_review, keys
from textual.widgets._footer import FooterKey

from cxnotes.__main__ import make_app
from cxnotes.app import CxNotesApp


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample store of the screen pictures, every clock held still."""
    hold_time(monkeypatch)
    sample_store(tmp_path)
    return tmp_path


def drawn(app: CxNotesApp) -> list[tuple[str, str, bool]]:
    """The keys the footer holds, as drawn: key, description, whether it is greyed out."""
    return [(key.key, key.description, key.has_class("-disabled")) for key in app.screen.query(FooterKey)]


def expected(app: CxNotesApp) -> list[tuple[str, str, bool]]:
    """The keys the screen's bindings ask the footer for, the palette's key last."""
    palette = app.COMMAND_PALETTE_BINDING
    shown, actions = [], set()
    for key, active in app.screen.active_bindings.items():
        if active.binding.show and key != palette and active.binding.action not in actions:
            actions.add(active.binding.action)
            shown.append((active.binding.key, active.binding.description, not active.enabled))
    on_palette = app.screen.active_bindings[palette]
    return [*shown, (on_palette.binding.key, on_palette.binding.description, not on_palette.enabled)]


async def test_moving_focus_and_closing_a_dialog_keep_the_footers_keys(sample: Path) -> None:
    """Tab through the review and open and close the merge dialog: the same keys, not built again."""
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await in_review(pilot)
        review, before = app.screen, list(app.screen.query(FooterKey))
        assert drawn(app) == expected(app) and len(before) > 5
        await keys(pilot, "tab", "tab", "m")
        assert app.screen is not review, "the merge dialog is up"
        await keys(pilot, "escape")
        assert drawn(app) == expected(app)
        assert app.screen is review
        assert list(app.screen.query(FooterKey)) == before, "the footer was built again for the same keys"


async def test_the_footer_follows_its_keys_when_the_terminal_narrows_and_widens(sample: Path) -> None:
    """At 80 columns the keys that do not fit leave the footer; back at 120 they return."""
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await in_review(pilot)
        wide = drawn(app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await keys(pilot)
        narrow = drawn(app)
        assert narrow == expected(app) and len(narrow) < len(wide), (wide, narrow)
        await pilot.resize_terminal(120, 40)
        await keys(pilot)
        assert drawn(app) == wide


async def test_the_calls_list_keeps_its_footers_keys_when_it_comes_back(sample: Path) -> None:
    """The calls list comes back after every screen an operator opens from it: same keys, not rebuilt."""
    app = make_app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await keys(pilot, "escape")
        calls, before = app.screen, list(app.screen.query(FooterKey))
        assert drawn(app) == expected(app) and len(before) > 5
        await keys(pilot, "t")
        assert app.screen is not calls, "the trends are up"
        await keys(pilot, "escape")
        assert app.screen is calls
        assert drawn(app) == expected(app)
        assert list(app.screen.query(FooterKey)) == before, "the footer was built again for the same keys"
