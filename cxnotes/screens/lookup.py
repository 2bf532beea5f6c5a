"""Asking the store a question from a screen or dialog without the UI thread waiting for it.

The store reads through one connection under a lock: a query asked on the UI thread
(a customer by name, every customer's name) waits behind whatever a worker is reading
at that moment, the fix review's ranking for instance, for hundreds of milliseconds at
100,000 pain points. So screens and dialogs ask here: the question runs in a thread
worker of the asking node, and the answer comes back on the UI thread, to a node that
is still mounted. A failure is reported by the app's one worker policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from cxnotes.screens.typed_app import cx_app

if TYPE_CHECKING:
    from textual.widget import Widget

    from cxnotes.storage.store import Store

T = TypeVar("T")


def look_up(node: Widget, question: Callable[[Store], T], then: Callable[[T], None], *, group: str) -> None:
    """Ask ``question(store)`` in a worker of ``node``; ``then(answer)`` runs on the UI thread.

    Nothing is asked before the store is open. ``group`` is exclusive: a newer question of
    the same group replaces one still running (its answer is dropped). ``then`` is not
    called once ``node`` has left the screen (a dialog closed meanwhile).
    """
    store = cx_app(node).store
    if store is None:
        return

    def answered(answer: T) -> None:
        if node.is_attached and worker.state.name != "CANCELLED":
            then(answer)

    def ask() -> None:
        answer = question(store)
        node.app.call_from_thread(answered, answer)

    worker = node.run_worker(ask, thread=True, group=group, exclusive=True, exit_on_error=False)
