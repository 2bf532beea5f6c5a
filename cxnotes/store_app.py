"""An app holding one store: opened off the UI thread, kept up with other processes, closed on quit.

The first screen paints at once; the store opens in a worker thread meanwhile, and
:class:`StoreReady` tells every screen when it can read. A live call can be
typed into before that: its autosave simply waits for the store.

Other processes write to the same store (``cxnotes log`` in a shell, a second
window, a browser tab). Ten times a second a worker asks the store what they changed;
the screen on top gets a :class:`StoreChanged` and reloads what it shows.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App
from textual.worker import Worker, WorkerState

from cxnotes.collector import IdleCollector
from cxnotes.i18n import _
from cxnotes.messages import StoreChanged, StoreReady
from cxnotes.services.store_opening import StoreOpening
from cxnotes.storage.errors import StoreError

if TYPE_CHECKING:
    from cxnotes.storage.store import Store
    from cxnotes.team.background import TeamLoop

WARM_AFTER = 1.0
"""Seconds after the store opens before the ranking is warmed (every pain point read) in the background."""

POLL_EVERY = 0.1
"""Seconds between looks for what other processes wrote to the store (one indexed query when
nothing changed): a complaint logged from a shell shows within a second, poll included."""


class StoreApp(App[None]):
    """The part of the app that owns the store and the team sync beside it."""

    def __init__(self, data_dir: Path, opening: StoreOpening[object] | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.opening: StoreOpening[object] = opening or StoreOpening(data_dir)
        """The store being opened: started with the process, before Textual was imported (``cxnotes``),
        or run by the store worker (:meth:`opens_early`); the first screen may find its rows in it."""
        self.store: Store | None = None
        """The open store; None while it loads (or if it could not be opened)."""
        self._leaving = False
        """The store is closed and the app exiting: a worker failing now is no news."""
        self._team: TeamLoop | None = None
        """The background sync with the team server, when this store has joined one."""
        self._collector = IdleCollector()
        """Runs the garbage collector's full passes while no key is typed (they stalled the UI)."""
        self._painted = False
        """The first screen is painted: the store is announced (:class:`StoreReady`) once open."""
        self._unannounced: Store | None = None
        """The store, opened before the first paint and announced after it."""

    def opens_early(self) -> bool:
        """Whether the store opens as the app starts, while the first screen is made, or after its
        first paint. Early, it and the first screen's read are done by the time the screen is up;
        but they take turns with the UI thread, and the paint comes later."""
        return True

    def on_load(self) -> None:
        """Open the store off the UI thread as the app starts, if :meth:`opens_early`."""
        if self.opens_early():
            self._open_store()

    def on_mount(self) -> None:
        """After the first paint, open the store or announce it (see :meth:`_first_painted`)."""
        self.call_after_refresh(self._first_painted)

    def _first_painted(self) -> None:
        """Open the store now, or announce it if it opened early: after the first paint either way,
        so the first screen is made without one (it reads through :attr:`opening` meanwhile)."""
        self._painted = True
        if not self.opens_early():
            self._open_store()
        elif self._unannounced is not None:
            self._use_store(self._unannounced)

    def store_opened(self, store: Store) -> None:
        """Called in the worker that opened ``store``, before the screens hear of it: what else to read."""

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _open_store(self) -> Store | None:
        """Open the store here, or wait for the opening started with the process; its error is raised here."""
        from cxnotes.team import background

        if not self.opening.started:
            self.opening.run()
        store = self.opening.store()
        if self.opening.error is not None:
            raise self.opening.error
        if store is not None:  # None: the app left first
            self._team = background.started(self.data_dir, store.operator)  # its own thread, if joined
            self.store_opened(store)
        return store

    async def wait_for_store(self) -> None:
        """Take the store being opened, if it is: its announcement may wait behind the caller."""
        if self._unannounced is not None:  # opened early, the first paint not yet done
            self._use_store(self._unannounced)
        for worker in [w for w in self.workers if w.group == "store" and self.store is None]:
            await worker.wait()
            if worker.state == WorkerState.SUCCESS:
                self._use_store(worker.result)

    def close_store(self) -> None:
        """Stop the team sync and close the store, for good: the app is leaving."""
        if self._team is not None:
            self._team.stop()
        self._leaving = True  # workers still reading meet a closed store: nothing to say then
        if self.store is not None:
            self.store.close()

    @work(thread=True, exclusive=True, group="warm", exit_on_error=False)
    def _warm_ranking(self, store: Store) -> None:
        """Rank once in the background, so the first F6 finds the heavy pass over the evidence done."""
        from cxnotes.config import ConfigError, load_weights
        from cxnotes.services import ranking, ranking_charts

        try:
            weights = load_weights()
        except ConfigError:
            weights = ranking.Weights()  # the review screen says what is wrong with the file
        ranking.rank(store, weights=weights)
        ranking_charts.counts_by_step(store, ranking.Filters())
        ranking_charts.counts_by_week(store, ranking.Filters())
        gc.freeze()  # the memos it made live as long as the store: see _store_opened

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """The one policy for a worker that fails: a one-line notice; the app and the typing go on.

        Every worker runs with ``exit_on_error=False``: a read that fails (the store damaged or
        closed as the app quits) must never end a call with a traceback.
        """
        if event.state != WorkerState.ERROR or event.worker.group == "store" or self._leaving:
            return
        error = event.worker.error
        oops = _("Something went wrong: {error}.").format(error=repr(error))
        message = str(error) if isinstance(error, StoreError) else oops
        self.notify(message, title=_("Not done"), severity="error", markup=False)

    @on(Worker.StateChanged)
    def _store_opened(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "store":
            return
        if event.state == WorkerState.SUCCESS:
            if self._painted:
                self._use_store(event.worker.result)
            else:
                self._unannounced = event.worker.result
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            failed = _("Could not open the store: {error}").format(error=repr(error))
            self.exit(return_code=1, message=str(error) if isinstance(error, StoreError) else failed)

    def _use_store(self, store: Store | None) -> None:
        """The store is open: tell the screens, warm the ranking, look for others' writes (once)."""
        if self.store is None and store is not None:
            self.store = store
            # What the store holds lives as long as the app: frozen, the garbage collector's
            # full passes skip it (one walking it, landing on a key press, was the slowest key).
            gc.freeze()
            self._collector.start()
            self.set_interval(1.0, self._collector.tick)
            for screen in self.screen_stack:
                screen.post_message(StoreReady())
            # After the first screen has read what it shows: both at once would slow that down.
            self.set_timer(WARM_AFTER, lambda: self._warm_ranking(store))
            self.set_interval(POLL_EVERY, self._poll_store)
            if self._team is not None:
                self._show_team()
                self.set_interval(1.0, self._show_team)

    def on_unmount(self) -> None:
        """Give the garbage collector's full passes back to Python; wake whoever waits for the store.

        An app closed before its store opened (a browser tab shut at once) would otherwise keep a
        screen's first load waiting in :meth:`StoreOpening.store`, and the process alive, for a minute.
        """
        self._collector.stop()
        self.opening.give_up()

    def _poll_store(self) -> None:
        """Look for other processes' writes, unless the last look is still going (a big import)."""
        if self.store is not None and not any(w.group == "poll" and w.is_running for w in self.workers):
            self._take_in_changes(self.store)

    @work(thread=True, group="poll", exit_on_error=False)
    def _take_in_changes(self, store: Store) -> None:
        """Read what other processes wrote; tell the screens, and say what the store noticed."""
        changed = store.refresh()  # a failure is reported as every worker's is (_worker_failed)
        notices = store.take_notices()
        if changed:
            self.call_from_thread(self._store_changed, frozenset(changed))
        for notice in notices:
            self.call_from_thread(self.notify, notice, severity="warning", timeout=15, markup=False)

    def _show_team(self) -> None:
        """The header's subtitle: "Team: 3 members, synced 3 s ago" or "Offline since 14:02, ..."."""
        if self._team is not None:
            self.sub_title = self._team.state.line()
            for merged in self._team.take_merged():
                self.notify(_("Team sync: {what}.").format(what=merged), markup=False)

    def _store_changed(self, tables: frozenset[str]) -> None:
        """Only the screen on top reloads now; the others reload when they come back into view."""
        self.screen.post_message(StoreChanged(tables))
