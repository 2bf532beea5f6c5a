"""Importing the screens a user opens from the calls list before they are asked for.

The app imports each screen when it is first opened, so the first paint does without them
(:meth:`CxNotesApp._show`). But that import then ran on the UI thread at the key press:
the export screen brings a Markdown parser and the export renderers, sampled inside the
stall at the F7 that opened it (``benchmarks/stalls.py --why``); these screens together
take about 170 ms to import, measured alone. Once the calls list is filled, a worker
imports them instead; a screen opened before it is done waits only for the rest of its own
import (Python's per-module import lock), as it waited for all of it before.
"""

from __future__ import annotations

import importlib

SCREENS = (
    "cxnotes.screens.export",
    "cxnotes.screens.fixes",
    "cxnotes.screens.customers",
    "cxnotes.screens.followups",
    "cxnotes.screens.trends",
    "cxnotes.screens.week",
    "cxnotes.screens.steps",
    "cxnotes.screens.inbox",
    "cxnotes.screens.keys",
    "cxnotes.screens.log",
)
"""The modules of the screens opened from the calls list, the heaviest to import first."""


def import_screens() -> None:
    """Import :data:`SCREENS` (in a worker thread: see the module docstring)."""
    for module in SCREENS:
        importlib.import_module(module)
