"""Opening the store in a thread of its own, and reading what the first screen shows, as the app starts.

``cxnotes`` (the calls list) starts this before it imports Textual: importing Textual keeps the
main thread busy for most of the time to the first frame, and opening the store and reading the
newest calls (SQLite releasing the GIL as it reads) fits beside it. The calls list then finds its
rows made when it is mounted, and its first frame is the filled list.

No Textual here. Nothing waits for this on the UI thread: the app's store worker waits for
the store (an error opening it is raised there, and shown as any store error is), and the first
screen takes the rows only if they are already read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from cxnotes.storage.store import Store

Read = TypeVar("Read", covariant=True)


class StoreOpening(Generic[Read]):
    """The store of ``folder`` being opened, then ``first_read`` of it made, once.

    :meth:`run` does it in the calling thread; :meth:`start` in a new daemon thread.
    """

    def __init__(self, folder: Path, first_read: Callable[[Store], Read] | None = None) -> None:
        self.folder = folder
        self._first_read = first_read
        self.started = False
        """:meth:`run` has begun, here or in the thread :meth:`start` made."""
        self._opened = threading.Event()
        """Set once the store is open or failed to open, or :meth:`give_up` was called."""
        self._read_done = threading.Event()
        """Set once the first read is made or dropped, or :meth:`give_up` was called."""
        self._store: Store | None = None
        self._error: Exception | None = None
        self._read: Read | None = None

    def start(self) -> StoreOpening[Read]:
        """Open the store, then make the first read, in a daemon thread (a process leaving does not wait)."""
        self.started = True
        threading.Thread(target=self.run, name="cxnotes-store-opening", daemon=True).start()
        return self

    def run(self) -> None:
        """Open the store, signed by the configured operator, its value chain held; then the first read.

        A first read that fails is dropped: the screen that wanted it reads again itself, and
        reports the error as any of its reads does.
        """
        self.started = True
        try:
            self._store = self._open()
        except Exception as error:  # raised again in the thread that asks for the store
            self._error = error
        finally:
            self._opened.set()
        try:
            if self._store is not None and self._first_read is not None:
                self._read = self._first_read(self._store)
        except Exception:  # noqa: S110 - read again by the screen, which reports it
            pass
        finally:
            self._read_done.set()

    def _open(self) -> Store:
        from cxnotes.storage.store import Store
        from cxnotes.team import connect

        operator, problems = connect.signing()  # a broken config file: shown with what the store found
        store = Store.open(self.folder, operator=operator)
        store.damage += problems
        store.steps()  # held from now on: a new call names its pain points' steps from memory
        return store

    def store(self, timeout: float | None = None) -> Store | None:
        """The open store, waiting for it up to ``timeout`` s; None if it failed, is not open by then,
        or was given up on."""
        self._opened.wait(timeout)
        return self._store

    @property
    def error(self) -> Exception | None:
        """What opening the store raised (a :class:`StoreError` says what is wrong), if it failed."""
        return self._error

    def take_first_read(self, timeout: float = 0.0) -> Read | None:
        """The first read, waiting for it up to ``timeout`` s, once: whoever asks later reads anew.

        None if it is not made by then, failed, or the store did not open.
        """
        self._read_done.wait(timeout)
        read, self._read = self._read, None
        return read

    def give_up(self) -> None:
        """Wake whoever waits: the app is leaving, perhaps before the store opened."""
        self._opened.set()
        self._read_done.set()
