"""Keys take effect in the order typed, each where it would have gone had the operator typed slowly.

Textual hands a key to the focused widget by posting it to that widget's queue, and
goes straight on to the next key. A key bound at the app (Ctrl+T) then runs before a
key posted just ahead of it (Enter) has been handled; a key whose binding moves focus
(Tab) or opens or closes a dialog (Ctrl+G, Esc, Enter on a form) takes effect after the
keys queued behind it were already given to the old target. In a burst, as a touch
typist types, that put lines on the wrong speaker, a due date in the promise's text,
and a picker's digits nowhere.

:class:`KeyOrder` is the one place that orders them. A key that types text into a text
box goes straight on (its only effect is the text, and it must never lag). Any other key
may move focus or change the screen, so the keys after it wait until it has taken
effect: the key has travelled from the focused widget up to the app (where its binding
runs), the messages it caused have reached the screen, and a screen it opened or closed
has been drawn with whatever it now focuses. Then they go on, in order, through the same
rule. A bound key waits in the same way for text typed just before it (Ctrl+G marks the
line as typed so far). The app holds the keys typed before its first focus the same way.

The cost: keys typed right behind such a key wait for the screen to redraw once (a few
milliseconds; tens on a loaded machine). Text typed into a box never waits.

Only public Textual API is used: ``call_later`` follows the key up the DOM (each widget
runs the callback after the key, and a key bubbles to the parent before the callback
runs), and ``call_after_refresh`` waits for the screen to be idle and drawn.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

STALLED_AFTER = 3.0
"""Seconds without a step of the wait before the held keys go on anyway: should a queue the wait
follows be closed under it, typing still goes on. A slow step (a dialog composing on a busy
machine) is not a stall: the clock starts again with every step."""

HOLD_AT_MOST = 5.0
"""Seconds keys wait behind :meth:`KeyOrder.hold` (a call loading in a worker) before they go on anyway."""

MAX_ROUNDS = 8
"""Rounds of following the focus before the keys go on anyway (a focus that never stops moving)."""

Dispatch = Callable[[events.Event], Awaitable[None]]


def _screen(app: App[Any]) -> tuple[object, ...]:
    """The screen on top and how many are stacked: what a key that opens or closes a dialog changes."""
    return (app.screen, len(app.screen_stack))


def _signature(app: App[Any]) -> tuple[object, ...]:
    """Where the next key would go: the screen on top, how many are stacked, and the focused widget."""
    return (app.screen, len(app.screen_stack), app.focused)


class KeyOrder:
    """Holds the terminal's keys (and pastes) while an earlier key is still taking effect.

    Closed at first, until :meth:`start` (the app's first focus); then it closes behind
    every key that is not text for a text box, and opens again by itself.
    """

    def __init__(self, app: App[Any], dispatch: Dispatch) -> None:
        self._app = app
        self._dispatch = dispatch
        """How a key is handled when its turn comes: the app's own ``on_event``."""
        self._held: deque[events.Event] = deque()
        self._waiting = True
        """An earlier key (or the start) has not taken effect yet: keys wait in ``_held``."""
        self._generation = 0
        """Counts settles, so callbacks of one already given up on are ignored."""
        self._rounds = 0
        self._seen: tuple[object, ...] = ()
        """Where keys went when the current round started."""
        self._drawn: tuple[object, ...] = ()
        """The screen last waited for until drawn (or the one the key was typed on)."""
        self._timer: Timer | None = None
        self._steps = 0
        """Steps the current wait has taken (queues it passed through)."""
        self._steps_seen = 0
        """``_steps`` at the last stall check."""
        self._started = False
        self._text_in_flight = False
        """Text went straight to a box without waiting to take effect: the next other key waits for it."""
        self._holds: set[int] = set()
        """Effects still coming from workers (:meth:`hold`): keys wait until each is released."""
        self._hold_count = 0

    @property
    def started(self) -> bool:
        """Whether the app has taken its first focus (or been told to go on without one)."""
        return self._started

    @property
    def settled(self) -> bool:
        """Every key typed so far has been handled and has taken effect (tests wait for this)."""
        return not self._waiting and not self._held and not self._holds

    def hold(self) -> int:
        """Keep the next keys waiting: the key just handled takes effect later, from a worker.

        Enter on a call in a list loads the call off the UI thread; what is typed meanwhile
        belongs in that call's typing line, not in the list. Each hold is released by
        :meth:`release` with the number returned, or after :data:`HOLD_AT_MOST` seconds should
        the worker never answer.
        """
        self._hold_count += 1
        hold = self._hold_count
        self._holds.add(hold)
        self._app.set_timer(HOLD_AT_MOST, lambda: self.release(hold))
        return hold

    def release(self, hold: int) -> None:
        """The worker's effect comes now (call it before pushing its screen): keys go on once it is drawn."""
        if hold not in self._holds:
            return
        self._holds.discard(hold)
        if not self._holds and self._started:
            self._settle(_screen(self._app))

    async def take(self, event: events.Event) -> None:
        """A key or paste from the terminal: handle it now, or after the ones still waiting."""
        self._held.append(event)
        if not self._waiting:
            await self._pass_on()

    def start(self) -> None:
        """The app can take keys (its first focus): the keys typed while it started go on.

        Later calls do nothing, so a focus that moves while a key takes effect opens nothing early.
        """
        if not self._started:
            self._started = True
            self._open()

    def _open(self) -> None:
        """Let the held keys go on: an earlier key has taken effect (or was given up on)."""
        if self._waiting:
            self._generation += 1
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            self._app.call_later(self._go_on, self._generation)

    async def _go_on(self, generation: int) -> None:
        """Run in the app's own queue, as a key from the terminal is; a later settle or open wins."""
        if generation == self._generation:
            self._waiting = False
            await self._pass_on()

    async def _pass_on(self) -> None:
        while self._held and not self._waiting and not self._holds:
            event = self._held[0]
            just_text = (
                isinstance(event, events.Key)
                and event.is_printable
                # cxnotes types only into Inputs; importing TextArea to check cost the first paint 12 ms
                and isinstance(self._app.focused, Input)
            )
            if not just_text and self._text_in_flight:
                # Text typed just before still travels to its box (and from there to the
                # screen): a key bound at the app (Ctrl+G marking the line) would run first.
                self._settle(_screen(self._app))
                continue
            self._held.popleft()
            screen = _screen(self._app)
            await self._dispatch(event)
            self._text_in_flight = just_text
            if not just_text:
                self._settle(screen)

    def _settle(self, screen: tuple[object, ...]) -> None:
        """Hold the next keys until the key just handled has taken effect; ``screen`` is where it went."""
        self._waiting = True
        self._text_in_flight = False
        self._generation += 1
        self._rounds = 0
        self._drawn = screen
        self._steps = self._steps_seen = 0
        self._timer = self._app.set_interval(STALLED_AFTER, self._check_stalled, name="key-order")
        self._follow_focus(self._generation)

    def _follow_focus(self, generation: int) -> None:
        """One round: through the queues from the focused widget (or the screen) up to the app's."""
        if generation != self._generation:
            return
        self._seen = _signature(self._app)
        start: DOMNode = self._app.focused or self._app.screen
        if not start.call_later(self._climb, start, generation):
            self._round_done(generation)

    def _check_stalled(self) -> None:
        """Let the keys go on if the wait took no step since the last check."""
        if self._steps == self._steps_seen:
            self._open()
        self._steps_seen = self._steps

    def _climb(self, node: DOMNode, generation: int) -> None:
        """Runs in ``node``'s queue after what was queued there; goes on to its parent's queue."""
        if generation != self._generation:
            return
        self._steps += 1
        parent = node.parent
        if isinstance(parent, Widget) and parent.call_later(self._climb, parent, generation):
            return
        if parent is not None and self._app.call_later(self._round_done, generation):
            return
        self._round_done(generation)

    def _round_done(self, generation: int) -> None:
        """Open, unless the round moved the focus or the screen: then follow it again.

        Two rounds at least: the first carries the key itself up to the app (where its
        binding runs), the second the messages its handling posted (a line ended, a form
        submitted) up to the screen. A screen pushed or popped is waited for until it is
        drawn (composed, mounted, its focus set), then followed once more.
        """
        if generation != self._generation:
            return
        self._rounds += 1
        if self._rounds < MAX_ROUNDS and (self._rounds < 2 or _signature(self._app) != self._seen):
            self._follow_focus(generation)
        elif self._rounds < MAX_ROUNDS and _screen(self._app) != self._drawn:
            self._drawn = _screen(self._app)
            self._app.call_after_refresh(self._follow_focus, generation)
        else:
            self._open()
