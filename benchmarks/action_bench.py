"""Follow-ups, trends and the CEO summary at 100,000 pain points (issue 16's targets).

Usage::

    .venv/bin/cxnotes --data-dir /tmp/bench100k demo --pain-points 100000
    .venv/bin/python -m benchmarks.action_bench /tmp/bench100k

Opens the store read-only and times each computation several times in this process:
the first run (nothing remembered yet) and the median of the rest. Targets:
followups <= 200 ms, trends over 52 weeks <= 300 ms, the md summary <= 1 s. Not part
of ``make bench``.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from cxnotes import export
from cxnotes.domain.models import PainPoint
from cxnotes.services.followups import followups
from cxnotes.services.trends import DIMENSIONS, trends
from cxnotes.storage.store import Store

RUNS = 7
TARGETS_MS = {"followups": 200.0, "trends, by step, 52 weeks": 300.0, "summary (md)": 1000.0}


def timed(work: Callable[[], object], runs: int = RUNS) -> tuple[float, float, float]:
    """(first run, median of the later runs, median CPU time of the later runs) in milliseconds.

    The CPU time is what this process spent: on a machine shared with other work it says
    more than the wall clock, which also counts the time spent waiting for a core.
    """
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        work()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return times[0], statistics.median(times[1:]), statistics.median(cpu[1:])


def main(folder: Path) -> int:
    """Print one line per measure with its target; exit 1 if a median misses its target."""
    store = Store.open(folder, readonly=True)
    now = datetime.now().astimezone()
    try:
        print(f"{store.count(PainPoint):,} pain points in {folder}")
        measures: dict[str, Callable[[], object]] = {
            "followups": lambda: followups(store, now=now),
            "trends, by step, 52 weeks": lambda: trends(store, ("step",), weeks=52, now=now),
            "trends, all 4 dimensions, 52 weeks": lambda: trends(store, DIMENSIONS, weeks=52, now=now),
            "summary (md)": lambda: export.render(store, "md", now=now),
        }
        missed = False
        for name, work in measures.items():
            first, median, cpu = timed(work)
            target = TARGETS_MS.get(name)
            verdict = "" if target is None else ("  met" if median <= target else "  MISSED")
            missed |= target is not None and median > target
            goal = f" (target <= {target:.0f} ms)" if target else ""
            print(
                f"{name:36} first {first:6.0f} ms  median {median:6.0f} ms  cpu {cpu:6.0f} ms{goal}{verdict}"
            )
    finally:
        store.close()
    return 1 if missed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1])))
