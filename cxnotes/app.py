"""The cxnotes Textual app: the first screen, the keys, the screens it opens and leaving.

The store it holds, opened in the background and kept up with other processes, is
:class:`~cxnotes.store_app.StoreApp`'s part.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import events, work
from textual.binding import Binding
from textual.screen import Screen

from cxnotes.commands import CxCommands, TextualInLanguage
from cxnotes.i18n import N_, _, ngettext
from cxnotes.key_order import KeyOrder
from cxnotes.screens.autosave import AutosavingScreen
from cxnotes.screens.call import CallScreen
from cxnotes.services.session import CallSession
from cxnotes.store_app import StoreApp

if TYPE_CHECKING:
    from cxnotes.screens.log import LogScreen
    from cxnotes.services.store_opening import StoreOpening
    from cxnotes.storage.store import Store


@dataclass
class StartCall:
    """What `cxnotes call` asked for: a new call, straight away."""

    customer: str = ""
    segment: str = ""
    channel: str = "phone"


QUIT_AGAIN_WITHIN = 8.0
"""Seconds in which a second Ctrl+Q quits although notes could not be saved."""


class CxNotesApp(TextualInLanguage, StoreApp):
    """Keyboard-first notes for customer-experience teams."""

    TITLE = "cxnotes"
    CSS_PATH = ["app.tcss", "screens/call.tcss", "screens/calls.tcss"]
    """The first screen's rules are read with the app's: a screen's own CSS_PATH, read
    when it is pushed, makes Textual reparse every rule and restyle every widget."""
    COMMANDS = {CxCommands}  # with Textual's system commands, translated (commands.py)
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

    def __init__(
        self, data_dir: Path, start_call: StartCall | None = None, opening: StoreOpening[object] | None = None
    ) -> None:
        super().__init__(data_dir, opening)
        self.start_call = start_call
        self._quit_anyway = False
        """Ctrl+Q was pressed while notes could not be saved: a second press leaves anyway."""
        self._key_order = KeyOrder(self, super().on_event)
        """Holds keys until the first focus, and behind a key still taking effect."""

    def get_default_screen(self) -> Screen:
        """The first screen: the calls list, or the new call `cxnotes call` asked for.

        It is the base of the screen stack rather than pushed on Textual's blank default
        screen, which would be built, styled and replaced first: the call paints sooner, and
        keys typed while it starts land in it. Not a mode's first screen either: Textual
        reparses every style rule when it makes one, and the call painted 160 ms later.
        """
        screen: Screen
        if self.start_call is None:
            screen = _calls_screen()
        else:
            request = self.start_call
            screen = CallScreen.new(request.customer, request.segment, request.channel)
        # What push_screen gives every other screen (private to Textual: the default screen gets
        # none); switch_screen, leaving the call for the calls list, takes it off again.
        screen._push_result_callback(self, None)
        return screen

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

    def opens_early(self) -> bool:
        """The calls list opens the store as the app starts: its rows are what it shows (filled 60-130 ms
        sooner in a pty at 100k). `cxnotes call` paints first: the call is typed into before the
        store is needed, and opening it beside the paint made that paint 65 ms later."""
        return self.start_call is None

    def store_opened(self, store: Store) -> None:
        """A new call was asked for: the older unfinished ones are not reopened, and the notice says so."""
        waiting = len(store.unfinished_calls()) if self.start_call is not None else 0
        if waiting:
            kept = ngettext(
                "{n} unfinished call kept in the calls list (Esc).",
                "{n} unfinished calls kept in the calls list (Esc).",
                waiting,
            )
            self.call_from_thread(self.notify, kept.format(n=waiting), markup=False)

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
        list is built only when the operator leaves the call.
        """
        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.switch_screen(_calls_screen())

    def action_show_help(self) -> None:
        """Show what every key does on this screen (F1 again or Esc closes it)."""
        from cxnotes.screens.keys import KeysScreen

        self.push_screen(KeysScreen(self.screen))

    async def action_quit(self) -> None:
        """Save everything that is not saved yet, release the store, then leave."""
        await self.wait_for_store()  # opening: the notes typed meanwhile are saved before leaving
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
        self.close_store()
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
