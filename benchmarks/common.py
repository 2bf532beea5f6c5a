"""What every benchmark section shares: a result row, the demo stores it measures, the table.

Each section module (``save``, ``queries``, ``terminal``, ``crash``) exposes
``run(sizes, workdir) -> list[Row]``; ``bench.py`` runs them and prints one table.
Every figure sits next to a baseline measured in the same run, because absolute
times drift between runs on shared machines.
"""

from __future__ import annotations

import os
import shutil
import statistics
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cxnotes.services import demo
from cxnotes.storage.store import Store

DEMO_SEED = 7
DEMO_TODAY = date(2026, 11, 23)
"""Fixed seed and day, so every run measures the same stores."""


@dataclass
class Row:
    """One measured figure, its baseline and the target it is held to."""

    section: str
    """What is measured, e.g. "save one transcript line (median)"."""
    size: int
    """Pain points in the store."""
    ours: float
    """cxnotes' figure, in ``unit``."""
    baseline: float | None
    """The same measure for the baseline named in ``baseline_name`` (None: no baseline)."""
    unit: str
    """"ms", "MB", "x", "kills"..."""
    target: str
    """The target in words, e.g. "<= 1 ms" or "<= 1.2x baseline"."""
    met: bool
    """Whether ``ours`` meets the target."""
    baseline_name: str = ""
    """What the baseline is, e.g. "stock TinyDB JSONStorage"."""


QUICK_ENV = "CXNOTES_BENCH_QUICK"
"""Set (by ``bench --quick``) to take fewer samples: a check that the benchmarks run."""


def samples(full: int) -> int:
    """How many samples to take: ``full``, or a tenth (at least 3) in a quick run."""
    return max(3, full // 10) if os.environ.get(QUICK_ENV) else full


def demo_store(size: int, workdir: Path) -> Path:
    """A folder holding the demo store of ``size`` pain points, built once per workdir.

    Built under another name and renamed when complete, so an interrupted run never
    leaves a half-filled store for the next run to measure.
    """
    folder = workdir / f"store-{size}"
    if not folder.exists():
        building = workdir / f".building-store-{size}"
        shutil.rmtree(building, ignore_errors=True)
        store = Store.open(building)
        try:
            demo.fill(store, size, seed=DEMO_SEED, today=DEMO_TODAY)
        finally:
            store.close()
        building.rename(folder)
    return folder


def scratch_copy(size: int, workdir: Path, name: str) -> Path:
    """A fresh copy of the demo store of ``size`` for a benchmark that writes to it."""
    target = workdir / f"{name}-{size}"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(demo_store(size, workdir), target, ignore=shutil.ignore_patterns("cxnotes.lock"))
    return target


def percentile(samples: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (0.5 = median, 0.99 = p99) of ``samples``."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return ordered[0] if fraction <= 0 else cuts[min(98, max(0, round(fraction * 100) - 1))]


def table(rows: list[Row]) -> str:
    """A Markdown table of ``rows``, ready for the terminal and the README."""
    lines = [
        "| measure | pain points | cxnotes | baseline | target | met |",
        "|---|---:|---:|---:|---|:---:|",
    ]
    for row in rows:
        base = "" if row.baseline is None else f"{row.baseline:,.2f} {row.unit} ({row.baseline_name})"
        lines.append(
            f"| {row.section} | {row.size:,} | {row.ours:,.2f} {row.unit} | {base} | {row.target} | "
            f"{('yes' if row.met else 'NO') if row.target else ''} |"
        )
    return "\n".join(lines)
