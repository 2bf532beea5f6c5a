"""A screen whose unsaved work is written to disk continuously, off the UI thread.

A background thread wakes every :data:`SAVE_EVERY` seconds and writes what
changed in one durable batch, so a ``kill -9`` loses at most that much
typing. If writing fails (disk full, read-only folder) the work stays in memory,
one warning shows, the next tick tries again, and a notice says when it worked.
Leaving the screen, ending the call or quitting saves synchronously: Textual
cancels running workers on exit, so the last save must not be one.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from textual import on
from textual.message import Message
from textual.screen import Screen

from cxnotes.i18n import _
from cxnotes.screens.typed_app import cx_app

if TYPE_CHECKING:
    from cxnotes.storage.store import Store


SAVE_EVERY = 0.5
"""Seconds between autosaves: a kill loses at most this much typing (plus one write)."""


class Saveable(Protocol):
    """What an autosaving screen keeps: work that knows whether it changed and how to save it."""

    @property
    def dirty(self) -> bool:
        """Whether something is not on disk yet."""
        ...

    def save(self, store: Store) -> str | None:
        """Write the changes; None once on disk, else why not (the changes are kept)."""
        ...


class AutosavingScreen(Screen[None]):
    """Saves ``self.session`` every :data:`SAVE_EVERY` seconds once :meth:`start_autosave` ran."""

    session: Saveable

    def __init__(self) -> None:
        super().__init__()
        self._stop = threading.Event()
        """Set when the screen goes: the saver thread ends at its next wake-up."""
        self._warned = False

    @property
    def store(self) -> Store | None:
        """The app's store, once open."""
        return cx_app(self).store

    def start_autosave(self) -> None:
        """Begin saving: one background thread for the screen's life, waking every half second.

        One long-lived thread, not a worker per tick: typing meets no thread start-ups and
        no messages while everything saves fine; the UI hears only when saving starts or
        stops failing. A plain daemon thread rather than a Textual worker, which would
        count as work in progress for the screen's whole life; it ends when the screen
        goes, and quitting saves synchronously first, so dying with the process loses
        nothing.
        """
        threading.Thread(target=self._autosave_loop, name="cxnotes-autosave", daemon=True).start()

    def on_unmount(self) -> None:
        """Leaving the screen by any path stops the saver and saves what is left."""
        self._stop.set()
        self.save_now()

    def save_now(self) -> bool:
        """Save synchronously (ending a call, quitting). Returns whether it all reached disk."""
        problem = self._write()
        self._report(problem)
        return problem is None

    @dataclass
    class SaveOutcome(Message):
        """The background saver's writes started or stopped failing."""

        problem: str | None

    def _autosave_loop(self) -> None:
        failing = False
        while not self._stop.wait(SAVE_EVERY):
            if self.session.dirty and self.store is not None:
                problem = self._write()
                if bool(problem) != failing:
                    failing = bool(problem)
                    self.post_message(self.SaveOutcome(problem))

    @on(SaveOutcome)
    def _saver_says(self, event: SaveOutcome) -> None:
        self._report(event.problem)

    def _write(self) -> str | None:
        if self.store is None:
            return _("The store is not open yet.")
        return self.session.save(self.store)

    def _report(self, problem: str | None) -> None:
        if problem and not self._warned:
            self._warned = True
            self.notify(problem, title=_("Not saved"), severity="error", timeout=30, markup=False)
        elif problem is None and self._warned:
            self._warned = False
            self.notify(_("Saved again: everything typed is on disk."), markup=False)
