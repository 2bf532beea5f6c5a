"""Importing the screens opened from the calls list, and reading their stylesheets, before they are asked for;
and a live call's dialogs (:data:`CALL_DIALOGS`).

The app imports each screen when it is first opened, so the first paint does without them
(:meth:`CxNotesApp._show`). But that import then ran on the UI thread at the key press:
the export screen brings a Markdown parser and the export renderers, sampled inside the
stall at the F7 that opened it (``benchmarks/stalls.py --why``); these screens together
take about 170 ms to import, measured alone. Once the calls list is filled, a worker
imports them instead; a screen opened before it is done waits only for the rest of its own
import (Python's per-module import lock), as it waited for all of it before.

A screen's own stylesheet (its ``CSS_PATH``) cost more at the key press that first showed it:
Textual, reading a new stylesheet file then, parses every rule of the app again (its own
widgets' too) and restyles every widget of every screen: 20 ms of the UI thread on an idle
machine, 30 to 55 ms sampled in the stalls benchmark, for each of the six files. Read here
once the screens are imported, all six together are parsed alone (the rules already parsed
are kept): 4 ms, while the operator reads the calls list; a screen shown later finds its file
read and is only styled. Their rules name the widgets of their own screens (ids), so reading
them early changes no other screen's look.
"""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path, PurePath

from textual.app import App
from textual.screen import Screen

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

CALL_DIALOGS = (
    "cxnotes.screens.new_call_dialog",
    "cxnotes.screens.dialogs",
    "cxnotes.screens.confirm",
    "cxnotes.services.customers",
)
"""What a live call opens on a key (F2, F3, F4, F10, Delete) and its customer lookup: `cxnotes call`
paints without them (they bring the store and SQLite with them) and imports them once its store is open."""


def import_modules(modules: tuple[str, ...]) -> None:
    """Import ``modules`` (in a worker thread): a key that needs one later finds it imported."""
    for module in modules:
        importlib.import_module(module)


def import_screens(app: App[object]) -> None:
    """Import :data:`SCREENS`, then have the UI thread read their stylesheets (in a worker thread)."""
    for module in SCREENS:
        importlib.import_module(module)
    app.call_from_thread(read_stylesheets, app)


def stylesheets() -> list[Path]:
    """The stylesheet files of the screens in :data:`SCREENS`, named as Textual names them."""
    paths: set[Path] = set()
    for module in SCREENS:
        for screen in vars(importlib.import_module(module)).values():
            if inspect.isclass(screen) and issubclass(screen, Screen) and screen.__module__ == module:
                named = screen.CSS_PATH or []
                for path in [named] if isinstance(named, (str, PurePath)) else named:
                    paths.add((Path(inspect.getfile(screen)).parent / path).resolve())
    return sorted(paths)


def read_stylesheets(app: App[object]) -> None:
    """Read the screens' stylesheet files not read yet and parse them now (on the UI thread)."""
    sheet = app.stylesheet
    for path in stylesheets():
        if not sheet.has_source(str(path)):
            sheet.read(path)
    sheet.parse()  # the new files: the rules of the others were parsed before and are kept
