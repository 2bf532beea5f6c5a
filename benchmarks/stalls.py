"""The longest the UI thread stalls while every screen is driven (issue 10: at most 50 ms).

A watchdog thread asks the app's event loop every 5 ms to note the time; the longest
wait between asking and the loop answering is the longest a key would have waited to be
handled. The real app is driven headless (``run_test``) on a copy of the demo store,
screen after screen as operators and leads meet them: the calls list, a call opened,
a new call and its customer dialog (F4), customers, call-backs, trends, the week, the
inbox, the fix review with its get-back-to list, merge dialog and triage queue, export,
the value chain, the keys (F1) and the complaint form. Each is left up for a while so its
workers finish and their results are drawn: that drawing is on the UI thread too. The
baseline is the same watchdog on the bare Textual TextArea app, typed into for as long.

Run alone, ``python -m benchmarks.stalls [--size N] [--workdir DIR] [--why | --cpu MS]`` prints the
worst stall per screen; ``--why`` adds where the UI thread was during each screen's stalls
over the target (its stack, sampled by the watchdog while the loop did not answer, with the
innermost cxnotes frame of every other running thread) and the garbage collector's passes
over 20 ms. A stall with few samples is one the watchdog could not sample either: another
thread held the GIL (a long C call) or the machine did not run the process. ``--cpu MS``
adds, per screen, the UI thread's own CPU time in each callback over MS and where it went
(:mod:`benchmarks.ui_cpu`): the app's work, without the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Row, scratch_copy

STALL_MS = 50.0
TICK = 0.005
"""How often the watchdog asks the loop; a stall shorter than this may go unseen."""
DWELL = 1.5
"""Seconds each screen stays up: its workers' results arrive and are drawn meanwhile."""
NEW_CUSTOMER = "벤치 고객"
"""The customer named for the new call: a name no demo customer has."""

STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("calls list", ()),
    ("open a call", ("enter",)),
    ("calls list again", ("escape",)),
    ("new call dialog", ("n",)),
    ("new call", (*NEW_CUSTOMER, "enter")),
    ("F4 in a call", ("f4",)),
    ("calls list after a new call", ("escape", "escape")),
    ("customers", ("c",)),
    ("call-backs", ("escape", "b")),
    ("trends", ("escape", "t")),
    ("my week", ("escape", "w")),
    ("inbox", ("escape", "i")),
    ("fix review", ("escape", "f6")),
    ("get-back-to list", ("g",)),
    ("merge dialog", ("escape", "m")),
    ("triage queue", ("escape", "t")),
    ("export", ("escape", "escape", "f7")),
    ("value chain", ("escape", "f8")),
    ("keys", ("escape", "f1")),
    ("complaint form", ("escape", "f5")),
    ("calls list at the end", ("escape",)),
)
"""(what is on screen, keys pressed to get there), in order."""


class Watchdog:
    """Measures how late the event loop runs a callback asked for from another thread.

    While the loop is late by more than :data:`STALL_MS` it samples the UI thread's stack,
    so a stall can be traced to the code that held it (``--why``).
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, why: bool = False) -> None:
        self.loop = loop
        self.why = why
        self.worst: dict[str, float] = {}
        """The longest stall seen on each screen, in ms."""
        self.stacks: dict[str, Counter[str]] = {}
        """Per screen, how often each UI-thread stack was sampled during its long stalls."""
        self.now_on = ""
        self.collections: dict[str, list[str]] = {}
        """Per screen, the garbage collector's passes over 20 ms (``why``): generation, ms, thread."""
        self._gc_started = 0.0
        self._ui_thread = threading.get_ident()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    @property
    def longest(self) -> tuple[float, str]:
        """The longest stall of the run and the screen it happened on."""
        screen = max(self.worst, key=lambda name: self.worst[name], default="")
        return self.worst.get(screen, 0.0), screen

    def start(self) -> None:
        if self.why:
            gc.callbacks.append(self._collected)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        if self._collected in gc.callbacks:
            gc.callbacks.remove(self._collected)

    def _collected(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
            return
        took = (time.perf_counter() - self._gc_started) * 1000
        if took > 20:
            where = threading.current_thread().name
            self.collections.setdefault(self.now_on, []).append(
                f"gen {info['generation']} {took:.0f} ms on {where}"
            )

    def _watch(self) -> None:
        while not self._stop.is_set():
            answered = threading.Event()
            asked = time.perf_counter()
            on = self.now_on
            self.loop.call_soon_threadsafe(answered.set)
            samples: list[str] = []
            while not answered.wait(TICK) and not self._stop.is_set():
                if self.why and (time.perf_counter() - asked) * 1000 > STALL_MS:
                    samples.append(self._ui_stack())
            late = (time.perf_counter() - asked) * 1000
            self.worst[on] = max(late, self.worst.get(on, 0.0))
            if late > STALL_MS and samples:
                self.stacks.setdefault(on, Counter()).update(samples)
            time.sleep(TICK)

    def _ui_stack(self) -> str:
        """The UI thread's stack, and the innermost cxnotes frame of each other running thread."""
        frames = sys._current_frames()
        lines = []
        for ident, frame in frames.items():
            if ident == threading.get_ident():
                continue
            summary = traceback.extract_stack(frame)
            ours = [f for f in summary if "/cxnotes/" in f.filename or "/textual/" in f.filename]
            if ident == self._ui_thread:
                lines += [f"    {Path(f.filename).name}:{f.lineno} {f.name}" for f in (ours or summary)[-14:]]
            elif ours := [f for f in summary if "/cxnotes/" in f.filename]:
                last = summary[-1]
                lines.append(
                    f"    (thread) {Path(ours[-1].filename).name}:{ours[-1].lineno} {ours[-1].name}"
                    f" > {Path(last.filename).name}:{last.lineno} {last.name}"
                )
        return "\n".join(lines)


async def _watched(app: Any, drive: Callable[[Any, Watchdog], Awaitable[None]], why: bool) -> Watchdog:
    async with app.run_test(size=(120, 40)) as pilot:
        watchdog = Watchdog(asyncio.get_running_loop(), why)
        watchdog.start()
        try:
            await drive(pilot, watchdog)
        finally:
            watchdog.stop()
    return watchdog


async def _drive_cxnotes(pilot: Any, watchdog: Watchdog) -> None:
    from cxnotes.screens.calls import CallsScreen

    app = pilot.app
    watchdog.now_on = "launch"
    while app.store is None:
        await pilot.pause(0.01)
    for name, keys in STEPS:
        watchdog.now_on = name
        for key in keys:
            await pilot.press(key)
        await pilot.pause(DWELL)
        if name == "calls list" and not isinstance(app.screen, CallsScreen):
            await pilot.press("escape")  # an unfinished call was restored: back to the list
            await pilot.pause(DWELL)
    app.store.close()


async def _drive_bare(pilot: Any, watchdog: Watchdog) -> None:
    watchdog.now_on = "typing"
    for _step in STEPS:
        await pilot.press(*"결제가 두 번 됐어요 ")
        await pilot.pause(DWELL)


def measure(size: int, workdir: Path, why: bool = False) -> Watchdog:
    """Drive every screen of the app on a fresh copy of the demo store of ``size``."""
    from cxnotes.__main__ import make_app

    folder = scratch_copy(size, workdir, "stalls")
    return asyncio.run(_watched(make_app(folder), _drive_cxnotes, why))


def report(watchdog: Watchdog) -> str:
    """Each screen's worst stall, marked where over the target; with ``why``, where the UI thread was."""
    lines = []
    for screen, worst in watchdog.worst.items():
        lines.append(f"{worst:9.1f} ms  {screen}{'  <-- over' if worst > STALL_MS else ''}")
        for collection in watchdog.collections.get(screen, []):
            lines.append(f"  gc: {collection}")
        for stack, count in watchdog.stacks.get(screen, Counter()).most_common(3):
            lines.append(f"  {count} samples ({count * TICK * 1000:.0f} ms) in:\n{stack}")
    return "\n".join(lines)


def run(sizes: list[int], workdir: Path) -> list[Row]:
    """The longest stall for each store size, beside the bare app's."""
    from benchmarks.bare_app import BareApp

    bare = asyncio.run(_watched(BareApp(), _drive_bare, False))
    rows = []
    for size in sizes:
        ours = measure(size, workdir)
        sys.stderr.write(f"stalls at {size:,}, worst per screen:\n{report(ours)}\n")
        worst, screen = ours.longest
        rows.append(
            Row(
                f"longest UI-thread stall driving every screen (on: {screen})",
                size,
                worst,
                bare.longest[0],
                "ms",
                f"<= {STALL_MS:g} ms",
                worst <= STALL_MS,
                "bare Textual TextArea, typed into as long",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stalls", description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="pain points in the demo store")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cxnotes-bench"), help="demo stores")
    parser.add_argument("--why", action="store_true", help="sample the UI thread's stack during stalls")
    parser.add_argument(
        "--cpu", type=float, metavar="MS", help="the UI thread's CPU time in callbacks over MS (ui_cpu.py)"
    )
    args = parser.parse_args()
    if args.cpu is not None:
        from benchmarks import ui_cpu

        watchdog, cpu = ui_cpu.measure(args.size, args.workdir, args.cpu)
        print(f"{report(watchdog)}\n\nUI thread's CPU in callbacks over {args.cpu:g} ms:\n{cpu.report()}")
        return
    print(report(measure(args.size, args.workdir, args.why)))


if __name__ == "__main__":
    main()
