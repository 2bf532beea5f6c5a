"""Keys typed while `cxnotes call` starts are kept: the operator may type before the first frame.

The app runs in a real pseudo-terminal (:mod:`benchmarks.pty_app`), and keys are written
from the moment the process starts, every few milliseconds, until its first frame is
drawn, and a few after. When the call screen was pushed on a blank first screen, the
keys arriving between the two were dropped.
"""

from __future__ import annotations

import time
from pathlib import Path

from textual.screen import Screen

from benchmarks.pty_app import REPO, PtyApp, PtyTimeout, cxnotes_argv, unique_keys
from benchmarks.terminal import BOTTOM_ROW, SIZE, wait_saved
from cxnotes import app as app_module
from cxnotes.app import CxNotesApp
from cxnotes.domain.models import Line
from cxnotes.screens.keys import KeysScreen
from cxnotes.storage.store import Store

AFTER_FIRST_FRAME = 5
"""Keys typed once the first frame is drawn."""


def test_keys_typed_before_the_first_frame_land_in_the_call(data_dir: Path) -> None:
    keys = iter(unique_keys(2000))
    typed: list[str] = []
    with PtyApp(cxnotes_argv("--data-dir", str(data_dir), "call", "김민지"), SIZE, cwd=REPO) as app:
        painted = False
        deadline = time.monotonic() + 60
        while not painted and time.monotonic() < deadline:
            key = next(keys)
            app.write(key)
            typed.append(key)
            try:
                app.wait_for(BOTTOM_ROW, timeout=0.01)
                painted = True
            except PtyTimeout:
                assert app.alive(), bytes(app.output[-600:])
        assert painted, "no first frame within a minute"
        for _ in range(AFTER_FIRST_FRAME):
            typed.append(next(keys))
            app.write(typed[-1])
        app.write("\r")
        wait_saved(data_dir, typed[-1], timeout=60)
    assert len(typed) > AFTER_FIRST_FRAME + 1, "the frame came before any key was typed"

    store = Store.open(data_dir, readonly=True)
    lines = [line.text for line in store.all(Line)]
    store.close()
    assert lines[0] == "".join(typed)


async def test_a_first_screen_with_nothing_to_focus_still_takes_keys(data_dir: Path) -> None:
    """Keys are held only until the first focus; a first screen that can focus nothing gets them at once."""

    class Unfocusable(CxNotesApp):
        CSS_PATH = [Path(app_module.__file__).parent / path for path in CxNotesApp.CSS_PATH]

        def get_default_screen(self) -> Screen:
            return Screen()

    app = Unfocusable(data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
