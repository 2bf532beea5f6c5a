"""Items 4 and 5: ranking, exports, opening the review screen and the calls list; peak memory.

Ranking is timed the way a lead meets it: right after a triage edit (one pain
point attached to a fix), beside the first, full ranking of a freshly opened store
as the baseline. The two screens are timed in the real app (``run_test``, headless)
from the moment they are asked for until their table holds rows; the fix review
twice, since its first showing after launch ranks from scratch. Peak memory is the
real app, headless, with the store open and both screens shown, in a subprocess of
its own, beside a bare Python that has only imported Textual.
"""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

from benchmarks.common import DEMO_TODAY, Row, percentile, samples, scratch_copy
from cxnotes.domain.models import Fix, PainPoint, from_doc
from cxnotes.services import ranking
from cxnotes.storage.store import Store

NOW = datetime.combine(DEMO_TODAY, clock(18, 0)).astimezone()
"""The demo data's "now", so recency is measured as on the day the data ends."""
RANK_MS = 100.0
EXPORT_MS = 1000.0
SCREEN_MS = 200.0
"""A screen whose table fills within this shows no visible wait."""
RSS_MB = 200.0


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def rank_after_edits(folder: Path, count: int) -> list[float]:
    """Attach a random pain point to a random open fix, then time the ranking; ``count`` times."""
    rng = random.Random(1)
    store = Store.open(folder)
    try:
        ranking.rank(store, now=NOW)
        fixes = [d["id"] for d in store.docs(Fix) if d["status"] in ranking.OPEN_STATUSES]
        points = list(store.docs(PainPoint))
        spent = []
        for _ in range(count):
            point = from_doc(PainPoint, rng.choice(points))
            point.fix_id = rng.choice(fixes)
            store.put(point)
            start = time.perf_counter()
            ranking.rank(store, now=NOW)
            spent.append(ms_since(start))
        return spent
    finally:
        store.close()


def first_rankings(folder: Path, count: int) -> list[float]:
    """The first ranking of a freshly opened store: every fix scored from scratch."""
    spent = []
    for _ in range(count):
        store = Store.open(folder, readonly=True)
        start = time.perf_counter()
        ranking.rank(store, now=NOW)
        spent.append(ms_since(start))
        store.close()
    return spent


def exports(folder: Path, workdir: Path, count: int) -> dict[str, list[float]]:
    """A year's md summary and csv, written to files as ``cxnotes export`` does."""
    from cxnotes.export import export_to_path

    store = Store.open(folder, readonly=True)
    since = DEMO_TODAY - timedelta(days=364)
    spent: dict[str, list[float]] = {"md": [], "csv": []}
    try:
        for _ in range(count):
            for fmt in spent:
                start = time.perf_counter()
                export_to_path(store, fmt, workdir / f"export.{fmt}", since=since, until=DEMO_TODAY, now=NOW)
                spent[fmt].append(ms_since(start))
    finally:
        store.close()
    return spent


async def _screens(folder: Path) -> dict[str, float]:
    """Launch the app headless on ``folder``; time the store, the calls list and the review screen."""
    from textual.widgets import DataTable

    from cxnotes.__main__ import make_app

    async def filled(app: object, selector: str, start: float) -> float:
        while True:
            tables = app.screen.query(selector)  # type: ignore[attr-defined]
            if tables and tables.first(DataTable).row_count:
                return ms_since(start)
            await asyncio.sleep(0.001)

    launched = time.perf_counter()  # make_app starts opening the store and reading the calls list
    app = make_app(folder)
    found: dict[str, float] = {}
    async with app.run_test(size=(120, 40)):
        while app.store is None:
            await asyncio.sleep(0.001)
        ready = time.perf_counter()
        found["store"] = ms_since(launched)
        found["calls"] = await filled(app, "#calls", ready)
        found["launch to calls"] = ms_since(launched)
        for key in ("fixes first", "fixes again"):
            start = time.perf_counter()
            app.action_show_fixes()
            found[key] = await filled(app, "#fixes", start)
            app.pop_screen()
            await asyncio.sleep(0.05)
        app.store.close()
    return found


def screens(folder: Path, count: int) -> dict[str, list[float]]:
    """:func:`_screens` ``count`` times; one list of milliseconds per measure."""
    runs = [asyncio.run(_screens(folder)) for _ in range(count)]
    return {key: [run[key] for run in runs] for key in runs[0]}


PEAK_APP = """
import asyncio, sys
from cxnotes.__main__ import make_app
from textual.widgets import DataTable

async def settled(app):
    # Every worker done; one cancelled meanwhile (an exclusive worker replaced by a newer one, or the
    # ten-a-second look for other processes' writes) is no failure: wait_for_complete raised on it.
    while not all(worker.is_finished for worker in app.workers):
        await asyncio.sleep(0.01)

async def main():
    app = make_app(sys.argv[1])
    async with app.run_test(size=(120, 40)):
        while app.store is None:
            await asyncio.sleep(0.01)
        await settled(app)
        app.action_show_fixes()
        while not app.screen.query("#fixes") or not app.screen.query_one("#fixes", DataTable).row_count:
            await asyncio.sleep(0.01)
        await settled(app)
        app.store.close()

asyncio.run(main())
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""
"""The real app, headless, with the store open, the calls list and the ranked review shown."""

PEAK_BARE = """
import textual.app, textual.widgets
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""
"""A bare Python that has imported Textual: what any Textual app costs before its data."""


def peak_mb(script: str, *args: str) -> float:
    """Peak RSS of a fresh Python running ``script``, in MB.

    ``VmHWM`` (KB), not ``getrusage``: Linux carries ``ru_maxrss`` over from the
    parent across fork and exec, so a child would report this process's peak.
    """
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1]) / 1024


def run(sizes: list[int], workdir: Path) -> list[Row]:
    """Ranking, exports, the two screens and peak memory, per store size."""
    rows = []
    for size in sizes:
        folder = scratch_copy(size, workdir, "queries")
        edited = rank_after_edits(folder, samples(30))
        first = first_rankings(folder, samples(5))
        rows.append(
            Row(
                "rank the fixes after a triage edit (median)",
                size,
                percentile(edited, 0.5),
                percentile(first, 0.5),
                "ms",
                f"<= {RANK_MS:g} ms",
                percentile(edited, 0.5) <= RANK_MS,
                "first, full ranking after opening",
            )
        )
        made = exports(folder, workdir, samples(5))
        md, csv = percentile(made["md"], 0.5), percentile(made["csv"], 0.5)
        rows.append(
            Row("md summary export, a year (median)", size, md, None, "ms", "<= 1 s", md <= EXPORT_MS)
        )
        rows.append(Row("csv export, a year (median)", size, csv, None, "ms", "", True))
        shown = screens(folder, samples(5))
        store_ms = percentile(shown["store"], 0.5)
        for key, label in (
            ("calls", "calls list: store loaded -> table filled"),
            ("fixes again", "fix review: F6 -> table filled"),
        ):
            spent = percentile(shown[key], 0.5)
            rows.append(
                Row(f"{label} (median)", size, spent, None, "ms", f"<= {SCREEN_MS:g} ms", spent <= SCREEN_MS)
            )
        first_f6 = percentile(shown["fixes first"], 0.5)
        rows.append(
            Row(
                "fix review: first F6 after launch -> table filled (median)",
                size,
                first_f6,
                percentile(first, 0.5),
                "ms",
                "",
                True,
                "first, full ranking alone",
            )
        )
        launch = percentile(shown["launch to calls"], 0.5)
        rows.append(
            Row(
                "launch -> calls list filled (median)",
                size,
                launch,
                store_ms,
                "ms",
                "",
                True,
                "launch -> store loaded",
            )
        )
        peak = peak_mb(PEAK_APP, str(folder))
        bare = peak_mb(PEAK_BARE)
        rows.append(
            Row(
                "peak memory (RSS), store open, both screens shown",
                size,
                peak,
                bare,
                "MB",
                f"<= {RSS_MB:g} MB",
                peak <= RSS_MB,
                "bare Python with Textual imported",
            )
        )
    return rows
