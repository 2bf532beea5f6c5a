"""When Python's garbage collector makes its full passes in the app: while nobody is at the keyboard.

A full pass (generation 2) walks every container object the process holds that is not
frozen, holding the GIL the whole time: with a store of 100,000 pain points open and a few
screens drawn, that is 100 to 200 ms of CPU on our two-core machines (two to three times
that in wall time when the machine is busy), and Python starts one whenever enough objects
have survived two young passes, which every screen's worker causes when it reads the store.
Measured by ``benchmarks/stalls.py --why``, those passes were nearly every UI-thread stall
over 50 ms left once the store queries had moved to workers.

So the app turns off automatic full passes (:func:`gc.set_threshold`, third threshold out of
reach) and runs the passes itself, from a timer. Once no key has come for :data:`IDLE_AFTER`
seconds and young passes have promoted objects since, it makes a young pass (generations 0
and 1: a few thousand objects at most, a few milliseconds) and freezes what survived
(:func:`gc.freeze`, as the app does with the store once open), so no later pass walks it.
A full pass over what became old since the last freeze was the first design: 30 to 145 ms of
CPU each at 100,000 pain points (measured during the stalls benchmark: 40,000 to 150,000
objects a worker's results and the drawn tables leave old within two seconds), so a key
typed during one waited that long.

The price of freezing: a cycle that became old while alive (a screen open at that moment,
closed later) is not freed by those passes. So once no key has come for :data:`THOROUGH_AFTER`
seconds (the operator is away), everything is unfrozen, walked and frozen again: the one
long pass, a second or so at 100,000 pain points, taken when nobody is typing. Should keys
never pause, a full pass over what is not frozen runs anyway once :data:`MUST_COLLECT` young
passes have piled up.
"""

from __future__ import annotations

import gc
import time

IDLE_AFTER = 2.0
"""Seconds without a key before a recent pass (young generations, then freeze) may run."""

WORTH_IT = 10
"""Generation-1 passes since the last recent pass that make another worth running (each may have
made thousands of objects old): Python's own third threshold."""

THOROUGH_AFTER = 60.0
"""Seconds without a key before everything frozen is walked too (cycles closed since are freed)."""

MUST_COLLECT = 2000
"""Young passes after which a full pass runs even while keys are coming (minutes of heavy work)."""

OUT_OF_REACH = 1 << 30
"""A third threshold the count of young passes never reaches: no automatic full pass."""


class IdleCollector:
    """Runs the full garbage collection passes while the operator is not typing."""

    def __init__(self) -> None:
        self._last_key = time.monotonic()
        self._thresholds: tuple[int, int, int] | None = None
        """Python's thresholds before :meth:`start`, put back by :meth:`stop`."""
        self._froze = False
        """A pass froze what survived it since the last thorough pass: closed cycles may wait there."""
        self._walked_all = False
        """The thorough pass ran since the last key: once per time away from the keyboard."""
        self._promoted = 0
        """Young passes counted at the last recent pass (a young pass does not reset the count)."""

    def start(self) -> None:
        """Take the full passes over (once)."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _full = self._thresholds
            gc.set_threshold(young, middle, OUT_OF_REACH)

    def stop(self) -> None:
        """Give the full passes back to Python (the app is closing; tests run many apps in one process)."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def key(self) -> None:
        """A key came: a full pass now would make the next one wait."""
        self._last_key = time.monotonic()
        self._walked_all = False

    def tick(self) -> str:
        """Run a pass if it is time; returns which ran: "", "recent", "full" or "thorough"."""
        if self._thresholds is None:
            return ""
        idle = time.monotonic() - self._last_key
        if idle >= THOROUGH_AFTER and self._froze and not self._walked_all:
            self._froze, self._walked_all = False, True
            gc.unfreeze()
            gc.collect()
            gc.freeze()
            return "thorough"
        young_passes = gc.get_count()[2]  # generation-1 passes since the last full one
        if young_passes >= MUST_COLLECT:
            gc.collect()
            gc.freeze()
            self._froze, self._promoted = True, 0
            return "full"
        if idle >= IDLE_AFTER and young_passes - self._promoted >= WORTH_IT:
            gc.collect(1)
            gc.freeze()
            self._froze, self._promoted = True, gc.get_count()[2]
            return "recent"
        return ""


class Building:
    """``with Building(lasting):`` no collector pass while many new objects are made (a store's
    documents, the ranking's evidence), and, when they are ``lasting``, none ever walks them.

    Made with the collector on, tens of thousands of new dicts and tuples start a young pass every
    700 objects. Paused only, the first young pass after walks them all at once, and the next
    generation-1 pass again: 30 to 40 ms and 70 ms of a worker's CPU at 100,000 pain points
    (measured during the stalls drive, opening a call), holding the GIL, so the UI thread waits
    as long. Objects that last are frozen as they are made (:func:`gc.freeze`, O(1)), as the
    idle collector freezes what survives its passes; the thorough pass walks them when nobody
    is typing. Freezing also keeps any cycle another thread dropped meanwhile until that pass,
    so short-lived reads only pause.
    """

    def __init__(self, lasting: bool) -> None:
        self.lasting = lasting
        self._paused = False

    def __enter__(self) -> None:
        self._paused = gc.isenabled()  # nested inside another pause: that one ends it
        gc.disable()

    def __exit__(self, kind: object, *_rest: object) -> None:
        if self._paused:
            if self.lasting and kind is None:
                gc.freeze()
            gc.enable()
