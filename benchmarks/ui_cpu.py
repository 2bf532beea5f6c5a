"""The UI thread's own CPU time in each event-loop callback, and where it went (``stalls --cpu``).

The stalls benchmark measures wall time: on a machine shared by several engineers a stall
there mixes the app's work with the time the process waited for a core or for the GIL (a
worker's long pass), and the same build gave 124 to 298 ms worst stalls from run to run.
This measures what the app itself made the UI thread do: the thread's CPU time
(:func:`time.thread_time`) across each callback the event loop runs (a message handled,
a frame drawn), kept for the callbacks over a limit with the screen they ran on. While a
callback runs, a profiling timer (``SIGPROF``, run in the main thread: the UI thread)
samples its stack, so each long callback comes with the functions it spent its time in.
"""

from __future__ import annotations

import asyncio.events
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

SAMPLE = 0.002
"""Seconds of the process's CPU time between two stack samples."""

WATCHED = ("/cxnotes/", "/textual/", "/rich/")
"""Frames from these packages name where a sample was; others (asyncio) are left out."""

TOTAL = "(samples)"
"""Counts a callback's samples beside its functions."""


class UiCpu:
    """Collects the event-loop callbacks of the UI thread that took more than ``limit`` ms of its CPU."""

    def __init__(self, limit: float, screen: Callable[[], str]) -> None:
        self.limit = limit
        self.screen = screen
        """What is on screen now (the stalls driver's step)."""
        self.long: dict[str, list[tuple[float, float, Counter[str]]]] = {}
        """Per screen: (CPU ms, wall ms, samples per function: how many samples it was on the stack)."""
        self._samples: Counter[str] | None = None
        self._ui_thread = threading.get_ident()

    @contextmanager
    def watching(self) -> Iterator[None]:
        """Time every callback the UI thread's event loop runs, sampling its stack meanwhile."""
        run = asyncio.events.Handle._run
        cpu = self

        def timed(handle: asyncio.events.Handle) -> None:
            if threading.get_ident() != cpu._ui_thread:
                return run(handle)
            cpu._samples = Counter()
            began, began_wall = time.thread_time(), time.perf_counter()
            try:
                return run(handle)
            finally:
                took = (time.thread_time() - began) * 1000
                samples, cpu._samples = cpu._samples, None
                if took > cpu.limit:
                    wall = (time.perf_counter() - began_wall) * 1000
                    cpu.long.setdefault(cpu.screen(), []).append((took, wall, samples))

        asyncio.events.Handle._run = timed  # type: ignore[method-assign, assignment]
        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, SAMPLE, SAMPLE)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
            asyncio.events.Handle._run = run  # type: ignore[method-assign]

    def _sample(self, _signal: int, frame: FrameType | None) -> None:
        """Count each watched function on the UI thread's stack once (a signal handler: main thread)."""
        if self._samples is None:
            return
        seen = set()
        while frame is not None:
            where = frame.f_code.co_filename
            if any(part in where for part in WATCHED):
                seen.add(f"{Path(where).name}:{frame.f_code.co_name}")
            frame = frame.f_back
        self._samples.update(seen)
        self._samples[TOTAL] += 1

    def report(self, shown: int = 3, functions: int = 12) -> str:
        """Per screen, its callbacks' CPU ms; for the ``shown`` longest, the functions most sampled.

        Functions on the stack in every sample (the message loop, the timer that drew the frame)
        are left out: the ones named are where the callbacks differ.
        """
        lines = []
        for screen, calls in self.long.items():
            lines.append(
                f"{max(c for c, _w, _s in calls):7.0f} ms CPU  {screen}: "
                + ", ".join(f"{c:.0f}" for c, _w, _s in calls)
            )
            for took, wall, samples in sorted(calls, key=lambda call: -call[0])[:shown]:
                total = samples.pop(TOTAL, 0)
                lines.append(f"    {took:.0f} ms CPU ({wall:.0f} ms wall), of {total} samples on the stack:")
                top = [(name, count) for name, count in samples.most_common() if count < total][:functions]
                lines += [f"      {count:4d}  {function}" for function, count in top]
        return "\n".join(lines)


def measure(size: int, workdir: Path, limit: float) -> tuple[Any, UiCpu]:
    """Drive every screen as ``stalls`` does, timing the UI thread's callbacks over ``limit`` ms."""
    from benchmarks import stalls

    watchdogs: list[stalls.Watchdog] = []
    start = stalls.Watchdog.start

    def noted(watchdog: stalls.Watchdog) -> None:
        watchdogs.append(watchdog)
        start(watchdog)

    cpu = UiCpu(limit, lambda: watchdogs[0].now_on if watchdogs else "launch")
    stalls.Watchdog.start = noted  # type: ignore[method-assign, assignment]
    try:
        with cpu.watching():
            watchdog = stalls.measure(size, workdir)
    finally:
        stalls.Watchdog.start = start  # type: ignore[method-assign]
    return watchdog, cpu
