"""Key-to-screen latency and launch-to-first-paint, end to end through a real pty.

Both figures are taken against a bare Textual app holding one TextArea
(:mod:`benchmarks.bare_app`) in the same run, so they say what cxnotes adds on top
of Textual on this machine, not how fast the machine is.

Key latency: every key is a different Hangul syllable (:func:`unique_keys`), so
the first time its bytes are drawn after it was written is its echo; the time
between the write and the arrival of those bytes is the key's latency. Keys go one
at a time with a short random pause, so each is measured alone and the samples do
not lock step with the app's timers. cxnotes and the bare app run side by side and
take turns in blocks of keys, so a noisy neighbour slows both alike. An Enter every
:data:`LINE_KEYS` keys starts a new transcript line, as a real call does.

First paint: from starting the process to the arrival of the bottom row of the
first frame. Then one key is typed at once; in cxnotes it must not wait for the
store: if the store is still loading when the frame is drawn, the key must be on
screen before it has loaded (the app opening the store's journal, which it does
right after reading everything, tells when). A small store may load before the
first frame; then there was nothing to wait for.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.common import Row, demo_store, percentile, samples
from benchmarks.pty_app import REPO, PtyApp, compile_checkout, cpu_ms, cxnotes_argv, unique_keys

SIZE = (120, 40)
"""Terminal columns and rows for every launch."""
KEYS = 500
"""Keys timed per app and store size (a tenth in a quick run)."""
BLOCK = 25
"""Keys typed into one app before the other takes its turn."""
LINE_KEYS = 40
"""Keys per transcript line: an Enter (not timed) follows every this many."""
PAUSE = (0.03, 0.08)
"""Seconds between keys, drawn at random from this range."""
LAUNCHES = 9
"""Launches per app and size for first paint, the two taking turns going first; the median is reported
(3 in a quick run)."""
BARE = "bare Textual TextArea"

BOTTOM_ROW = re.compile(rb"\x1b\[%d;1H" % SIZE[1])
"""Textual draws a full frame top to bottom; the bottom row's cursor move ends the first one."""


def bare_argv() -> list[str]:
    """The baseline app, run from this checkout."""
    return [sys.executable, "-m", "benchmarks.bare_app"]


class Typist:
    """Types unique keys into one running app and keeps each key's latency in ms."""

    def __init__(self, app: PtyApp, keys: list[str], rng: random.Random) -> None:
        self.app = app
        self.keys = iter(keys)
        self.rng = rng
        self.samples: list[float] = []
        self._on_line = 0

    def type(self, count: int) -> None:
        """Time ``count`` keys, one at a time, starting a new line every :data:`LINE_KEYS`."""
        for _ in range(count):
            if self._on_line == LINE_KEYS:
                self.enter()
            key = next(self.keys)
            since = self.app.mark()
            sent = self.app.write(key)
            shown = self.app.wait_for(key.encode(), since, timeout=30)
            self.samples.append((shown - sent) * 1000)
            self._on_line += 1
            time.sleep(self.rng.uniform(*PAUSE))

    def enter(self) -> None:
        """End the line and let the app redraw before the next timed key."""
        since = self.app.mark()
        self.app.write("\r")
        self.app.wait_for(re.compile(rb"."), since, timeout=30)
        self.app.wait_quiet(quiet=0.1)
        self._on_line = 0


def scratch_copy(size: int, workdir: Path, name: str) -> Path:
    """A throwaway copy of the demo store: the benchmark types new calls into it."""
    target = workdir / f"{name}-{size}"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(demo_store(size, workdir), target)
    return target


def key_latency(size: int, workdir: Path, rng: random.Random, count: int) -> tuple[list[float], list[float]]:
    """``count`` latencies (ms) of cxnotes in a live call on the ``size`` store, and of the bare app."""
    with side_by_side(scratch_copy(size, workdir, "typing"), count, rng) as typists:
        type_in_turns(typists, count)
    return typists[0].samples, typists[1].samples


@contextmanager
def side_by_side(folder: Path, count: int, rng: random.Random) -> Iterator[list[Typist]]:
    """cxnotes in a live call on ``folder`` and the bare app, with ``count`` keys each to type.

    Yields (ours, bare) once each has typed its first key, cxnotes has saved it (its store is
    open) and both have drawn it; their samples start empty.
    """
    keys = unique_keys(2 * (count + 1))
    ours = PtyApp(cxnotes_argv("--data-dir", str(folder), "call", "Benchmark Kim"), SIZE, cwd=REPO)
    bare = PtyApp(bare_argv(), SIZE, cwd=REPO)
    with ours, bare:
        ours.wait_for(BOTTOM_ROW, timeout=60)
        bare.wait_for(BOTTOM_ROW, timeout=60)
        typists = [Typist(ours, keys[: count + 1], rng), Typist(bare, keys[count + 1 :], rng)]
        for typist in typists:
            typist.type(1)
        wait_saved(folder, keys[0], timeout=120)
        ours.wait_quiet(timeout=120)
        bare.wait_quiet(timeout=120)
        for typist in typists:
            typist.samples.clear()
        yield typists


def type_in_turns(typists: list[Typist], count: int) -> None:
    """Type ``count`` keys in each app, :data:`BLOCK` at a time in turn, so both meet the same machine."""
    done = 0
    while done < count:
        block = min(BLOCK, count - done)
        for typist in typists:
            typist.type(block)
        done += block


def wait_saved(folder: Path, text: str, timeout: float) -> None:
    """Wait until ``text`` is in the store's database: the store is open and autosave works.

    Reads as another process would, through SQLite, the newest documents first.
    """
    needle = text.encode()
    deadline = time.monotonic() + timeout
    database = folder / "cxnotes.db"
    while time.monotonic() < deadline:
        if database.exists():
            connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)
            try:
                newest = connection.execute("SELECT doc FROM docs ORDER BY seq DESC LIMIT 500").fetchall()
            except sqlite3.OperationalError:  # the store is being created: its tables are not there yet
                newest = []
            finally:
                connection.close()
            if any(doc is not None and needle in doc for (doc,) in newest):
                return
        time.sleep(0.005)
    raise TimeoutError(f"{text!r} not saved in {folder} within {timeout:.0f}s")


class OpenWatch(threading.Thread):
    """Notes when a process first holds a file whose name contains ``part`` open, looking from ``since`` on.

    Started once the first frame is drawn (``since``): looking every 2 ms before it took CPU from
    the app being timed, on a two-core machine, and not from the bare app launched beside it (whose
    first paint was 25% sooner with the watcher than without, under load). A file found open at
    the first look was open by ``since``.
    """

    def __init__(self, pid: int, part: str, since: float, timeout: float = 120.0) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.part = part
        self.since = since
        self.timeout = timeout
        self.at: float | None = None
        """``time.perf_counter()`` when the file was seen open (``since`` if at the first look), or None."""

    def run(self) -> None:
        deadline = time.monotonic() + self.timeout
        fds = Path(f"/proc/{self.pid}/fd")
        first = True
        while time.monotonic() < deadline:
            try:
                entries = list(fds.iterdir())
            except OSError:
                return
            if any(self.part in _link(fd) for fd in entries):
                self.at = self.since if first else time.perf_counter()
                return
            first = False
            time.sleep(0.002)


def _link(fd: Path) -> str:
    """Where an fd of /proc/PID/fd points; empty if it was closed meanwhile."""
    try:
        return os.readlink(fd)
    except OSError:
        return ""


Launched = tuple[PtyApp, float, float, float, "OpenWatch | None"]
"""The app, ms to its first frame, ms of CPU used by then, ms to the first key on screen, the store watch."""


def first_paint(argv: list[str], key: str, watch: str = "") -> Launched:
    """Launch ``argv``; ms to the first full frame, ms of CPU it had used then, and ms until a key typed
    then is on screen.

    The CPU time says how much work came before the frame, whatever else the machine was running:
    the wall time of both apps grew two- to threefold at a load average of 6 on two cores.

    ``watch`` names a file whose opening by the app is timed from the first frame on.
    """
    app = PtyApp(argv, SIZE, cwd=REPO)
    app.start()
    watcher = None
    try:
        painted = app.wait_for(BOTTOM_ROW, timeout=60)
        cpu = cpu_ms(app.pid)
        if watch:
            watcher = OpenWatch(app.pid, watch, since=painted)
            watcher.start()
        since = app.mark()
        app.write(key)
        shown = app.wait_for(key.encode(), since, timeout=60)
    except BaseException:
        app.kill()
        raise
    return app, (painted - app.started) * 1000, cpu, (shown - app.started) * 1000, watcher


def launches(size: int, workdir: Path, count: int) -> dict[str, list[float]]:
    """First paint and first key of cxnotes and the bare app, launched in turn; ms.

    The two take turns going first (a launch right after another one met a different machine:
    its files in the page cache, the other's memory being freed); then the calls list.
    """
    folder = scratch_copy(size, workdir, "launch")
    keys = iter(unique_keys(4 * count, first=0xB000))
    found: dict[str, list[float]] = {
        "ours": [],
        "bare": [],
        "ours cpu": [],
        "bare cpu": [],
        "key": [],
        "loaded": [],
        "calls": [],
    }
    for turn in range(count):
        pair = (_launch_ours, _launch_bare) if turn % 2 == 0 else (_launch_bare, _launch_ours)
        for launch in pair:
            launch(folder, next(keys), found)
        found["calls"].append(calls_list_filled(folder))
    return found


def _launch_ours(folder: Path, key: str, found: dict[str, list[float]]) -> None:
    """`cxnotes call`: its first paint, its first key, and when it opened the store."""
    argv = cxnotes_argv("--data-dir", str(folder), "call")
    app, painted, cpu, shown, loaded = first_paint(argv, key, watch="cxnotes.db")
    with app:
        assert loaded is not None
        loaded.join()
        if loaded.at is None:
            raise TimeoutError(f"cxnotes never opened the store in {folder}")
        found["loaded"].append((loaded.at - app.started) * 1000)
    found["ours"].append(painted)
    found["ours cpu"].append(cpu)
    found["key"].append(shown)


def _launch_bare(_folder: Path, key: str, found: dict[str, list[float]]) -> None:
    """The bare app: its first paint."""
    app, painted, cpu, _, _ = first_paint(bare_argv(), key)
    with app:
        found["bare"].append(painted)
        found["bare cpu"].append(cpu)


CALLS_COUNTED = re.compile(rb"\d+ calls?( \(newest| \xc2\xb7)")
"""The calls list's status line once its rows are in: "12070 calls (newest 500 shown) · ..."."""


def calls_list_filled(folder: Path) -> float:
    """Ms from launching ``cxnotes`` (the calls list) to its rows and count being on screen."""
    app = PtyApp(cxnotes_argv("--data-dir", str(folder)), SIZE, cwd=REPO)
    app.start()
    with app:
        filled = app.wait_for(CALLS_COUNTED, timeout=60)
    return (filled - app.started) * 1000


def run(sizes: list[int], workdir: Path) -> list[Row]:
    """Rows for key latency (p50, p99) and launch to first paint, per store size."""
    compile_checkout()
    rng = random.Random(5)
    keys, starts = samples(KEYS), samples(LAUNCHES)
    rows = []
    for size in sizes:
        ours, bare = key_latency(size, workdir, rng, keys)
        for name, fraction, factor in (("p50", 0.5, 1.0), ("p99", 0.99, 1.2)):
            mine, base = percentile(ours, fraction), percentile(bare, fraction)
            rows.append(
                Row(
                    f"key to screen in a live call, {name} ({keys} keys, pty)",
                    size,
                    mine,
                    base,
                    "ms",
                    f"<= {factor}x baseline",
                    mine <= factor * base,
                    BARE,
                )
            )
        found = launches(size, workdir, starts)
        mine, base = statistics.median(found["ours"]), statistics.median(found["bare"])
        rows.append(
            Row(
                f"launch to first paint, `cxnotes call` (median of {starts})",
                size,
                mine,
                base,
                "ms",
                "<= 1.25x baseline",
                mine <= 1.25 * base,
                BARE,
            )
        )
        mine, base = statistics.median(found["ours cpu"]), statistics.median(found["bare cpu"])
        rows.append(
            Row(
                f"CPU time to first paint, `cxnotes call` (median of {starts})",
                size,
                mine,
                base,
                "ms",
                "",
                True,
                BARE,
            )
        )
        filled = statistics.median(found["calls"])
        rows.append(
            Row(
                f"launch to calls list filled (median of {starts})",
                size,
                filled,
                None,
                "ms",
                "<= 300 ms",
                filled <= 300,
            )
        )
        key, loaded = statistics.median(found["key"]), statistics.median(found["loaded"])
        waited = [
            painted < done < shown
            for painted, shown, done in zip(found["ours"], found["key"], found["loaded"], strict=True)
        ]
        rows.append(
            Row(
                "launch to first typed key on screen",
                size,
                key,
                None,
                "ms",
                f"not waiting for the store (opened at {loaded:,.0f} ms)",
                not any(waited),
            )
        )
    return rows


if __name__ == "__main__":
    from benchmarks.common import table

    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/cxnotes-bench")
    chosen = [int(n) for n in sys.argv[2:]] or [1000, 10000, 100000]
    print(table(run(chosen, work)))
