"""What the fix review screens share: running a triage operation off the UI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.screen import Screen

from cxnotes.domain.models import Call, Customer, Fix, PainPoint
from cxnotes.messages import StoreChanged
from cxnotes.screens.footer import APP_PAGES, QuietFooter
from cxnotes.screens.typed_app import cx_app
from cxnotes.services.customers import CustomerError
from cxnotes.services.triage import TriageError
from cxnotes.storage.errors import StoreError
from cxnotes.storage.store import Store


class ReviewScreen(QuietFooter, Screen[None]):
    """A screen of the fix review; subclasses define :meth:`action_reload`."""

    FOOTER_HIDES = frozenset()
    FOOTER_HIDES_NARROW = APP_PAGES | {"quit"}
    """At 80 columns a review screen's own keys and F1 fit whole; F1 lists F5-F8 and Ctrl+Q."""

    @property
    def store(self) -> Store | None:
        """The app's open store; None while it loads."""
        return cx_app(self).store

    def action_reload(self) -> None:
        """Read the store again (in a worker)."""
        raise NotImplementedError

    def on_store_changed(self, event: StoreChanged) -> None:
        """Another process changed evidence, fixes or customers: rank again."""
        if event.tables & {PainPoint.TABLE, Fix.TABLE, Customer.TABLE, Call.TABLE}:
            self.action_reload()

    @work(thread=True, group="triage", exit_on_error=False)
    def run_op(
        self,
        operation: Callable[..., Any],
        *args: Any,
        done: str = "",
        then: Callable[[Any], None] | None = None,
    ) -> None:
        """Run ``operation(store, *args)`` in a thread, then report and reload.

        A refused request (:class:`TriageError`, :class:`CustomerError`) or a failed write becomes a one-line
        notification; nothing is half-written because every operation is one batch.
        """
        self._run(operation, args, done, then, reload=True)

    @work(thread=True, group="lookup", exit_on_error=False)
    def look_up(self, question: Callable[..., Any], *args: Any, then: Callable[[Any], None]) -> None:
        """Ask ``question(store, *args)`` in a thread (never on the UI thread), then ``then(answer)``."""
        self._run(question, args, "", then, reload=False)

    def _run(
        self,
        operation: Callable[..., Any],
        args: tuple[Any, ...],
        done: str,
        then: Callable[[Any], None] | None,
        *,
        reload: bool,
    ) -> None:
        if self.store is None:
            return
        try:
            result = operation(self.store, *args)
        except (TriageError, CustomerError, StoreError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="warning", markup=False)
            return
        if done:
            self.app.call_from_thread(self.notify, done, markup=False)
        if then is not None:
            self.app.call_from_thread(then, result)
        if reload:
            self.app.call_from_thread(self.action_reload)
