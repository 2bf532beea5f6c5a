"""`cxnotes call` paints before it imports what its first frame does not show.

Every module imported before the first frame is CPU the operator waits through, and the
launch is held to 1.25x a bare Textual app's (``benchmarks/terminal.py``). The call's
dialogs, the customer lookup (which brings the store and SQLite) and Textual's TextArea
come after the frame: the dialogs once the store is open, in a worker
(:data:`cxnotes.screens.warm_up.CALL_DIALOGS`), so the first F4 does not import them either.
The app runs with ``python -X importtime`` in a real pty: the import lines are written to
the terminal as they happen, so those before the frame's bottom row came before it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from benchmarks.pty_app import REPO, PtyApp
from benchmarks.terminal import BOTTOM_ROW, SIZE
from cxnotes.screens.warm_up import CALL_DIALOGS

AFTER_THE_FRAME = {
    **dict.fromkeys(CALL_DIALOGS, "the call's dialogs and customer lookup, imported once the store is open"),
    "cxnotes.storage.store": "opened in a worker once the call is painted",
    "sqlite3": "the store's",
    "cxnotes.screens.keys": "the help screen (F1) and the palette's help lines",
    "textual.document": "TextArea's text model (TextArea itself comes by importlib: not logged)",
}
"""Modules the first frame of `cxnotes call` does without."""

IMPORTED = re.compile(rb"import time:\s+\d+ \|\s+\d+ \| *([\w.]+)")


def imported(output: bytes | bytearray) -> set[str]:
    """The modules whose import lines are in ``output``."""
    return {name.decode() for name in IMPORTED.findall(output)}


def test_the_first_frame_comes_before_the_dialogs_and_f4_finds_them_imported(data_dir: Path) -> None:
    argv = [sys.executable, "-X", "importtime", "-m", "cxnotes", "--data-dir", str(data_dir), "call"]
    with PtyApp(argv, SIZE, cwd=REPO) as app:
        app.wait_for(BOTTOM_ROW, timeout=60)
        first_frame = BOTTOM_ROW.search(app.output)
        assert first_frame is not None
        before = imported(app.output[: first_frame.start()])
        assert "cxnotes.screens.call" in before, "the import lines were not seen"
        assert sorted(before & set(AFTER_THE_FRAME)) == []

        # The warm-up, once the store is open (importlib.import_module is not logged: what it imports is).
        app.wait_for(re.compile(rb"import time:.*\| *cxnotes\.services\.customers\r?\n"), timeout=60)
        app.wait_quiet()
        pressed = app.mark()
        app.write("\x1bOS")  # F4: who is on the call
        app.wait_for(b"Who is on the call?", pressed, timeout=30)
        assert sorted(imported(app.output[pressed:]) & set(CALL_DIALOGS)) == []
