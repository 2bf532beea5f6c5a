"""The screens' stylesheets are read while the calls list is up, and the screens shown later use them.

Textual reads a screen's stylesheet file when the screen is first shown, parsing every rule
of the app again then (cxnotes/screens/warm_up.py): the warm-up reads them once the calls list
is filled instead. A file missed (a screen's CSS_PATH not found, a name Textual spells
otherwise) would be read at the key press again; a file read wrongly would leave a screen
unstyled.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from cxnotes.__main__ import make_app
from cxnotes.screens import warm_up
from cxnotes.screens.fixes import FixesScreen


async def test_the_screens_stylesheets_are_read_before_any_screen_is_shown(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        files = warm_up.stylesheets()
        assert {path.name for path in files} >= {"fixes.tcss", "export.tcss", "log.tcss", "action.tcss"}
        for _wait in range(200):
            if all(app.stylesheet.has_source(str(path)) for path in files):
                break
            await pilot.pause(0.05)
        assert [p.name for p in files if not app.stylesheet.has_source(str(p))] == []

        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, FixesScreen)
        assert [path for path in app.screen.css_path if not app.stylesheet.has_source(str(path))] == []
        status = app.screen.query_one("#fixes-status", Static)
        assert status.styles.height is not None and status.styles.height.value == 1  # fixes.tcss applies
