"""The cxnotes Textual app: opens the store in the background and wires the screens.

The first screen paints at once; the store loads in a worker thread, and
:class:`StoreReady` tells every screen when it can read. A live call can be
typed into before that: its autosave simply waits for the store.

Other processes write to the same store (``cxnotes log`` in a shell, a second
window, a browser tab). Ten times a second a worker asks the store what they changed;
the screen on top gets a :class:`StoreChanged` and reloads what it shows.
"""

from __future__ import annotations

import gc
import importlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from cxnotes.collector import IdleCollector
from cxnotes.commands import CxCommands, TextualInLanguage
from cxnotes.i18n import N_, _, ngettext
from cxnotes.key_order import KeyOrder
from cxnotes.messages import StoreChanged, StoreReady
from cxnotes.screens.autosave import AutosavingScreen
from cxnotes.screens.call import CallScreen
from cxnotes.services.session import CallSession
from cxnotes.storage.errors import StoreError

if TYPE_CHECKING:
    from cxnotes.screens.log import LogScreen
    from cxnotes.storage.store import Store
    from cxnotes.team.background import TeamLoop


@dataclass
class StartCall:
    """What `cxnotes call` asked for: a new call, straight away."""

    customer: str = ""
    segment: str = ""
    channel: str = "phone"


WARM_AFTER = 1.0
"""Seconds after the store opens before the ranking is warmed (every pain point read) in the background."""

POLL_EVERY = 0.1
"""Seconds between looks for what other processes wrote to the store (one indexed query when
nothing changed): a complaint logged from a shell shows within a second, poll included."""

QUIT_AGAIN_WITHIN = 8.0
"""Seconds in which a second Ctrl+Q quits although notes could not be saved."""


class CxNotesApp(TextualInLanguage, App[None]):
    """Keyboard-first notes for customer-experience teams."""

    TITLE = "cxnotes"
    CSS_PATH = ["app.tcss", "screens/call.tcss", "screens/calls.tcss"]
    """The first screen's rules are read with the app's: a screen's own CSS_PATH, read
    when it is pushed, makes Textual reparse every rule and restyle every widget."""
    COMMANDS = {CxCommands}  # with Textual's system commands, translated (commands.py)
    DEFAULT_MODE = "first"
    """The app starts on :meth:`first_screen`; leaving a first call switches to the ``calls`` mode."""
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    """Screens narrower than 100 columns get ``-narrow``: app.tcss packs the footer tighter there."""
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
        Binding("f1", "show_help", N_("Keys"), id="help"),
        Binding("f5,f9", "log_complaint", N_("Log complaint"), id="log"),
        Binding("f6", "show_fixes", N_("Fixes"), id="fixes"),
        Binding("f7", "show_export", N_("Export"), id="export"),
        Binding("f8", "edit_steps", N_("Value chain"), id="steps"),
    ]

    def __init__(self, data_dir: Path, start_call: StartCall | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.start_call = start_call
        self.add_mode(self.DEFAULT_MODE, self.first_screen)
        if start_call is not None:
            self.add_mode("calls", _calls_screen)
        self.store: Store | None = None
        """The open store; None while it loads (or if it could not be opened)."""
        self._quit_anyway = False
        """Ctrl+Q was pressed while notes could not be saved: a second press leaves anyway."""
        self._leaving = False
        """The store is closed and the app exiting: a worker failing now is no news."""
        self._key_order = KeyOrder(self, super().on_event)
        """Holds keys until the first focus, and behind a key still taking effect."""
        self._team: TeamLoop | None = None
        """The background sync with the team server, when this store has joined one."""
        self._collector = IdleCollector()
        """Runs the garbage collector's full passes while no key is typed (they stalled the UI)."""
        self._opened: tuple[threading.Event, list[Store]] = (threading.Event(), [])
        """Set once the store is open (or failed to open), with it: see :meth:`opened_store`."""

    def first_screen(self) -> Screen:
        """The first screen: the calls list, or the new call `cxnotes call` asked for.

        It is the base of the first mode's stack rather than pushed on Textual's blank
        default screen, which would be built, styled and replaced first: the call
        paints sooner, and keys typed while it starts land in it.
        """
        if self.start_call is None:
            return _calls_screen()
        request = self.start_call
        return CallScreen.new(request.customer, request.segment, request.channel)

    async def on_event(self, event: events.Event) -> None:
        """Keys and pastes from the terminal go through :class:`KeyOrder`, in the order typed.

        It holds them until the first screen has focused its input, and behind any key still
        taking effect (a dialog opening, the focus moving): each lands where it would have,
        typed slowly. Keys on their way back up from a widget (forwarded) go on as usual.
        """
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            if not self.app_focus:
                self.app_focus = True  # a key came, so the window (the browser tab) has focus
            self._collector.key()
            await self._key_order.take(event)
            return
        await super().on_event(event)
        if isinstance(event, events.DescendantFocus):
            self._key_order.start()  # the first focus; later ones change nothing

    def watch_app_focus(self, focused: bool) -> None:
        """The window got focus while keys are held: make sure the first screen focuses something.

        Under ``cxnotes serve`` the web driver starts the app unfocused (the page has not
        said otherwise yet), and a screen composed then skips its auto-focus; Textual gives
        focus back only to a widget that had it, so every key would stay held. Focus
        requests already made (a screen's ``on_mount``) go first.
        """
        if focused and not self._key_order.started:
            self.call_after_refresh(self._auto_focus_first_screen)

    def _auto_focus_first_screen(self) -> None:
        """Focus what the screen's AUTO_FOCUS names, as Textual does for a focused app; or let keys go on."""
        screen = self.screen
        if self._key_order.started or screen.focused is not None:
            return
        selector = self.AUTO_FOCUS if screen.AUTO_FOCUS is None else screen.AUTO_FOCUS
        for widget in screen.query(selector) if selector else []:
            if widget.focusable:
                widget.focus()
                return
        self._key_order.start()

    @property
    def keys_settled(self) -> bool:
        """Every key typed so far has taken effect: none is held behind another still opening a dialog."""
        return self._key_order.settled

    def _pass_held_keys_if_nothing_can_focus(self) -> None:
        """A first screen with nothing to focus never sends the first focus: keys (Ctrl+Q too) go on now."""
        if not self.screen.focus_chain:
            self._key_order.start()

    def on_mount(self) -> None:
        """Paint first, then load the store off the UI thread (parsing it would slow the paint)."""
        if self.is_web:  # browsers keep F5, Ctrl+T and others: the footer shows keys that work there
            from cxnotes.web.keys import WEB_KEYMAP

            self.set_keymap(WEB_KEYMAP)
        self.call_after_refresh(self._pass_held_keys_if_nothing_can_focus)
        self.call_after_refresh(self._open_store)

    @work(thread=True, exclusive=True, group="store", exit_on_error=False)
    def _open_store(self) -> Store:
        from cxnotes.storage.store import Store
        from cxnotes.team import background, connect

        operator, problems = connect.signing()  # a broken config file: shown with what the store found
        try:
            store = Store.open(self.data_dir, operator=operator)
            self._opened[1].append(store)
        finally:
            self._opened[0].set()
        store.damage += problems
        store.steps()  # held from now on: a new call names its pain points' steps from memory
        self._team = background.started(self.data_dir, operator)  # on a thread of its own, if joined
        waiting = len(store.unfinished_calls()) if self.start_call is not None else 0
        if waiting:  # a new call was asked for, so the older unfinished ones are not reopened
            kept = ngettext(
                "{n} unfinished call kept in the calls list (Esc).",
                "{n} unfinished calls kept in the calls list (Esc).",
                waiting,
            )
            self.call_from_thread(self.notify, kept.format(n=waiting), markup=False)
        return store

    def opened_store(self, timeout: float) -> Store | None:
        """For a worker thread: the store as soon as it is open (None if it failed or took ``timeout`` s).

        :class:`StoreReady` comes later, once the UI thread is done painting the first
        screen: a screen's first read can start in a worker meanwhile.
        """
        event, opened = self._opened
        event.wait(timeout)
        return opened[0] if opened else None

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
            self._use_store(event.worker.result)
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
        screen's first load waiting in :meth:`opened_store`, and the process alive, for a minute.
        """
        self._collector.stop()
        self._opened[0].set()

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

    # Screens are imported when first opened: the first paint does without them.

    def _show(self, module: str, name: str) -> None:
        """Push a new screen of class ``name`` from ``module`` on top, unless it is the one shown."""
        screen_class = getattr(importlib.import_module(module), name)
        if not isinstance(self.screen, screen_class):
            self.push_screen(screen_class())

    def action_show_fixes(self) -> None:
        """Open the fix review (the ranked fix list) on top; Esc comes back."""
        self._show("cxnotes.screens.fixes", "FixesScreen")

    def action_show_inbox(self) -> None:
        """Open the inbox of imported conversations waiting for review; Esc comes back."""
        self._show("cxnotes.screens.inbox", "InboxScreen")

    def action_show_export(self) -> None:
        """Open the export screen (summary preview, file writing) on top; Esc comes back."""
        self._show("cxnotes.screens.export", "ExportScreen")

    def action_show_customers(self) -> None:
        """Open the customer screen (search, record, calls, pain points, promises); Esc comes back."""
        self._show("cxnotes.screens.customers", "CustomerScreen")

    def action_show_followups(self) -> None:
        """Open the follow-ups: whom to call back, and promises due; Esc comes back."""
        self._show("cxnotes.screens.followups", "FollowupsScreen")

    def action_show_trends(self) -> None:
        """Open the weekly complaint trends with their spikes; Esc comes back."""
        self._show("cxnotes.screens.trends", "TrendsScreen")

    def action_show_week(self) -> None:
        """Open an operator's own week; Esc comes back."""
        self._show("cxnotes.screens.week", "WeekScreen")

    def action_edit_steps(self) -> None:
        """Open the value-chain editor on top; Esc comes back."""
        self._show("cxnotes.screens.steps", "StepsScreen")

    def action_log_complaint(self) -> None:
        """Open the complaint form on top; it is kept when left, so an unsaved draft waits there."""
        from cxnotes.screens.log import LogScreen

        if isinstance(self.screen, LogScreen):
            return
        if not self.is_screen_installed("log"):
            self.install_screen(LogScreen(), "log")
        if self.get_screen("log") in self.screen_stack:
            self.notify(_("The complaint form is open underneath: Esc back to it."))
        else:
            self.push_screen("log")

    def action_go_home(self) -> None:
        """Back to the calls list, saving and closing every screen above it."""
        from cxnotes.screens.calls import CallsScreen

        while not isinstance(self.screen, CallsScreen):
            screen = self.screen
            if isinstance(screen, AutosavingScreen) and not screen.save_now():
                return  # its warning says why; the notes stay on screen until they are on disk
            self.leave()

    def leave(self) -> None:
        """Close the top screen for the one below, or for the calls list when it is the first.

        `cxnotes call` opens on the call alone, to paint and take keys sooner; the calls
        list is built only when the operator leaves the call: the app switches to the
        ``calls`` mode, and the first mode, holding only the call, goes.
        """
        if len(self.screen_stack) > 1:
            self.pop_screen()
        elif self.start_call is not None and self.current_mode == self.DEFAULT_MODE:
            self.switch_mode("calls")
            self.remove_mode(self.DEFAULT_MODE)

    def action_show_help(self) -> None:
        """Show what every key does on this screen (F1 again or Esc closes it)."""
        from cxnotes.screens.keys import KeysScreen

        self.push_screen(KeysScreen(self.screen))

    async def action_quit(self) -> None:
        """Save everything that is not saved yet, release the store, then leave."""
        for worker in [w for w in self.workers if w.group == "store" and self.store is None]:
            # Opened, or opening: the notes typed meanwhile are saved before leaving. Its result
            # is taken here, since the message announcing it waits behind this very action.
            await worker.wait()
            if worker.state == WorkerState.SUCCESS:
                self._use_store(worker.result)
        problem = self._what_quitting_would_lose()
        if problem and not self._quit_anyway:
            self._quit_anyway = True
            self.set_timer(QUIT_AGAIN_WITHIN, self._forget_quit)
            again = _("{problem} Press Ctrl+Q again within {seconds} s to quit and lose it.")
            self.notify(
                again.format(problem=problem, seconds=f"{QUIT_AGAIN_WITHIN:.0f}"),
                title=_("Not quitting"),
                severity="error",
                timeout=QUIT_AGAIN_WITHIN,
                markup=False,
            )
            return
        if self._team is not None:
            self._team.stop()
        self._leaving = True  # workers still reading meet a closed store: nothing to say then
        if self.store is not None:
            self.store.close()
        self.exit()

    def _what_quitting_would_lose(self) -> str:
        """Save every call; say what would still be lost by leaving now ("" if nothing)."""
        saved = [s.save_now() for s in self.screen_stack if isinstance(s, AutosavingScreen)]
        if not all(saved):
            return _("Your latest notes are not on disk yet (see the warning); they save once writing works.")
        if self.is_screen_installed("log") and self._log_form().has_draft():
            return _("A complaint is typed in the form (F5 or F9) but not saved (Ctrl+S there).")
        return ""

    def _log_form(self) -> LogScreen:
        from cxnotes.screens.log import LogScreen

        return cast(LogScreen, self.get_screen("log"))

    def _forget_quit(self) -> None:
        self._quit_anyway = False

    def open_call(self, call_id: str, line_id: str | None = None) -> None:
        """Show a stored call: continue it if unfinished, read it otherwise; ``line_id`` highlighted.

        The call is read in a worker (its lines, pain points and promises: the UI thread never
        waits on the store); keys typed meanwhile wait for it and land in the call.
        """
        if self.store is None or self._call_open_underneath(call_id):
            return
        self._load_call(self.store, call_id, line_id, self._key_order.hold())

    def _call_open_underneath(self, call_id: str) -> bool:
        for screen in self.screen_stack:
            if isinstance(screen, CallScreen) and screen.session.call.id == call_id:
                self.notify(_("That call is open underneath: Esc back to it."), markup=False)
                return True
        return False

    @work(thread=True, group="open-call", exit_on_error=False)
    def _load_call(self, store: Store, call_id: str, line_id: str | None, hold: int) -> None:
        """Read the call (and the value chain its pain points are named by), then show it."""
        session = None
        try:
            store.steps(include_retired=True)  # held from now on: the side panel names steps from memory
            session = CallSession.load(store, call_id)
        finally:  # a failed read is reported as every worker's is; the held keys go on
            self.call_from_thread(self._show_call, session, line_id, hold)

    def _show_call(self, session: CallSession | None, line_id: str | None, hold: int) -> None:
        self._key_order.release(hold)  # first: keys wait for the call to be drawn, then land in it
        if session is not None and not self._call_open_underneath(session.call.id):
            self.push_screen(CallScreen(session, at_line=line_id))


def _calls_screen() -> Screen:
    """The calls list, imported when first shown (`cxnotes call` may never show it)."""
    from cxnotes.screens.calls import CallsScreen

    return CallsScreen()
