"""A screen whose unsaved work is written to disk continuously, off the UI thread.

A timer hands what changed to a worker thread every :data:`SAVE_EVERY` seconds,
which writes it in one durable batch, so a ``kill -9`` loses at most that much
typing. If writing fails (disk full, read-only folder) the work stays in memory,
one warning shows, the next tick tries again, and a notice says when it worked.
Leaving the screen, ending the call or quitting saves synchronously: Textual
cancels running workers on exit, so the last save must not be one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from textual import work
from textual.screen import Screen

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
        self._saving = False
        self._warned = False

    @property
    def store(self) -> Store | None:
        """The app's store, once open."""
        return getattr(self.app, "store", None)

    def start_autosave(self) -> None:
        """Begin saving on a timer."""
        self.set_interval(SAVE_EVERY, self._autosave)

    def on_unmount(self) -> None:
        """Leaving the screen by any path saves what is left."""
        self.save_now()

    def save_now(self) -> bool:
        """Save synchronously (ending a call, quitting). Returns whether it all reached disk."""
        problem = self._write()
        self._report(problem)
        return problem is None

    def _autosave(self) -> None:
        if self.session.dirty and self.store is not None and not self._saving:
            self._saving = True
            self._save_in_background()

    @work(thread=True, group="autosave", exit_on_error=False)
    def _save_in_background(self) -> None:
        try:
            problem = self._write()
        finally:
            self._saving = False
        self.app.call_from_thread(self._report, problem)

    def _write(self) -> str | None:
        if self.store is None:
            return "The store is not open yet."
        return self.session.save(self.store)

    def _report(self, problem: str | None) -> None:
        if problem and not self._warned:
            self._warned = True
            self.notify(problem, title="Not saved", severity="error", timeout=30, markup=False)
        elif problem is None and self._warned:
            self._warned = False
            self.notify("Saved again: everything typed is on disk.", markup=False)
