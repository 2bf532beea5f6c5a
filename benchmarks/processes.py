"""One-shot commands and many processes on one store (issue "One store, many processes").

* ``cxnotes log``, ``cxnotes fixes --top 10`` and ``cxnotes export --format md``, timed
  as whole processes (start to exit, as a user waits for them), each beside the
  same baseline in the same run: a Python script that inserts one row into a
  100,000-row SQLite table and commits. The two are run in turn, pair by pair, and
  the medians compared, so a machine slowing down mid-run slows both.
* A complaint logged from the shell while the app is open: the time from starting
  ``cxnotes log`` to it showing in the open app's triage queue, fix list and calls list,
  which reload on their own (the app looks for other processes' writes ten times a second).
"""

from __future__ import annotations

import asyncio
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import Row, samples, scratch_copy, table

BASELINE_SCRIPT = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("INSERT INTO t(v) VALUES (?)", ("결제가 두 번 됐어요",))
connection.commit()
"""
BASELINE_NAME = "python inserting 1 row into a 100k-row SQLite table"
CXNOTES = [sys.executable, "-m", "cxnotes"]


def baseline_command(workdir: Path) -> list[str]:
    """The baseline: a fresh process inserting one row into a table of 100,000 rows."""
    database = workdir / "baseline-100k.sqlite"
    if not database.exists():
        connection = sqlite3.connect(database)
        connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")
        connection.executemany("INSERT INTO t(v) VALUES (?)", [("고객 문장 " * 5,)] * 100_000)
        connection.commit()
        connection.close()
    script = workdir / "baseline_insert.py"
    script.write_text(BASELINE_SCRIPT, encoding="utf-8")
    return [sys.executable, str(script), str(database)]


def wall_ms(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def paired(ours: list[str], base: list[str], count: int) -> tuple[float, float]:
    """Medians of ``ours`` and ``base`` run in turn ``count`` times each, after one warm-up of each."""
    wall_ms(ours)
    wall_ms(base)
    mine, theirs = [], []
    for _ in range(count):
        mine.append(wall_ms(ours))
        theirs.append(wall_ms(base))
    return statistics.median(mine), statistics.median(theirs)


SHOWN_IN = {
    "triage": "the open triage queue's count",
    "fixes": "the open fix list",
    "calls": "the open calls list",
}
"""Where :func:`shell_to_app_ms` looks for the complaint, and how the table names it."""


WATCHED = "벤치 고객"
"""The name the calls-list measure gives the customer of the first listed call (demo names repeat)."""


def _name_listed_customer(folder: Path) -> None:
    """Give the first listed call's customer a name no one else has, for ``cxnotes log --customer``."""
    from cxnotes.domain.models import Customer
    from cxnotes.storage.store import Store

    store = Store.open(folder)
    try:
        first = store.newest_calls(1)[0]
        customer = store.get(Customer, first[0].get("customer_id")) if first else None
        if customer is None:
            raise RuntimeError("the first listed call has no customer to watch")
        customer.name = WATCHED
        store.put(customer)
    finally:
        store.close()


async def shell_to_app_ms(folder: Path, count: int, where: str = "triage") -> list[float]:
    """Ms from ``cxnotes log`` starting to its complaint showing in the open app, untouched.

    ``where``: ``triage``, the queue's count ("12,345 pain points without a fix ..."; the
    table shows only the first thousand, so its rows would not change); ``fixes``, the fix
    list's count (each complaint names a new fix); ``calls``, the segment of the newest
    call's customer in the calls list (each complaint gives them a new one). The screen
    has shown what it lists, and the app's warm-up after launch is over, before the first
    complaint is logged: at 100,000 pain points a complaint logged in the first seconds
    (while the ranking and the suggestions are first computed) takes up to about 2 s.
    """
    from textual.widgets import DataTable, Static

    from cxnotes.__main__ import make_app
    from cxnotes.screens.fixes_triage import TriageScreen

    if where == "calls":
        _name_listed_customer(folder)
    app = make_app(folder)
    spent = []
    async with app.run_test(size=(120, 40)) as pilot:
        while app.store is None:
            await pilot.pause(0.05)
        if where == "triage":
            app.push_screen(TriageScreen())
        elif where == "fixes":
            app.action_show_fixes()
        await pilot.pause(0.5)
        tables = {"triage": "#queue", "fixes": "#fixes", "calls": "#calls"}
        table = app.screen.query_one(tables[where], DataTable)
        while not table.row_count:  # the screen's first load, which is not what is measured
            await pilot.pause(0.05)
        await app.workers.wait_for_complete()  # nor the warm-up after launch (ranking, suggestions)
        if where == "calls":

            def shown() -> str:
                return str([str(cell) for cell in table.get_column_at(5)])
        else:
            status = app.screen.query_one("#queue-status" if where == "triage" else "#fixes-status", Static)

            def shown() -> str:
                return str(status.content)

        for number in range(count):
            before = shown()
            start = time.perf_counter()
            extra = {
                "triage": [],
                "fixes": ["--fix", f"bench fix {number}"],
                "calls": ["--customer", WATCHED, "--segment", f"bench segment {number}"],
            }[where]
            log = [*CXNOTES, "--data-dir", str(folder), "log", f"bench complaint {number}"]
            subprocess.run([*log, "--step", "billing", *extra], check=True, stdout=subprocess.DEVNULL)
            while shown() == before and time.perf_counter() - start < 10:
                await pilot.pause(0.01)
            spent.append((time.perf_counter() - start) * 1000)
    return spent


LOG_ROW = "cxnotes log (whole process)"


def one_shot_commands(folder: Path, workdir: Path) -> dict[str, tuple[list[str], float]]:
    """Each one-shot command timed on ``folder``, and how many times the baseline it may take."""
    data = ["--data-dir", str(folder)]
    return {
        LOG_ROW: (
            [*CXNOTES, *data, "log", "결제가 두 번 됐어요", "--step", "billing", "--customer", "김민지"],
            1.0,
        ),
        "cxnotes fixes --top 10 (whole process)": ([*CXNOTES, *data, "fixes", "--top", "10"], 5.0),
        "cxnotes export --format md (whole process)": (
            [*CXNOTES, *data, "export", "--format", "md", "-o", str(workdir / "summary.md")],
            5.0,
        ),
    }


def one_shot_row(section: str, command: list[str], most: float, size: int, base: list[str]) -> Row:
    """``command`` against the baseline, paired medians."""
    ours, theirs = paired(command, base, samples(15))
    target = f"<= {most:g}x baseline"
    return Row(section, size, ours, theirs, "ms", target, ours <= most * theirs, BASELINE_NAME)


def run(sizes: list[int], workdir: Path) -> list[Row]:
    """Every figure of this section, for each store size."""
    base = baseline_command(workdir)
    rows: list[Row] = []
    for size in sizes:
        folder = scratch_copy(size, workdir, "processes")
        for section, (command, most) in one_shot_commands(folder, workdir).items():
            rows.append(one_shot_row(section, command, most, size, base))
        for where, label in SHOWN_IN.items():
            seen = asyncio.run(shell_to_app_ms(folder, samples(10), where))
            worst = max(seen)
            rows.append(
                Row(
                    f"complaint logged in a shell shows in {label} (worst of {len(seen)}, "
                    f"median {statistics.median(seen):,.0f} ms)",
                    size,
                    worst,
                    None,
                    "ms",
                    "<= 1000 ms",
                    worst <= 1000,
                )
            )
    return rows


def main() -> None:
    """``python -m benchmarks.processes WORKDIR [SIZE]``: the ``cxnotes log`` row alone, for quick checks.

    Reuses (or builds) the demo store of SIZE (default 100,000) in WORKDIR, as ``make bench`` does.
    """
    workdir = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    folder = scratch_copy(size, workdir, "processes")
    command, most = one_shot_commands(folder, workdir)[LOG_ROW]
    print(table([one_shot_row(LOG_ROW, command, most, size, baseline_command(workdir))]))


if __name__ == "__main__":
    main()
