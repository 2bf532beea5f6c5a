"""One-shot commands and many processes on one store (issue "One store, many processes").

* ``cxnotes log``, ``cxnotes fixes --top 10`` and ``cxnotes export --format md``, timed
  as whole processes (start to exit, as a user waits for them), each beside the
  same baseline in the same run: a Python script that inserts one row into a
  100,000-row SQLite table and commits. The two are run in turn, pair by pair, and
  the medians compared, so a machine slowing down mid-run slows both.
* Beside ``cxnotes log``, in the same turns, the floor: the baseline's script importing
  what any cxnotes command must (argparse for its command line, json for its documents,
  sqlite3 for its store) before the same insert. What that row takes over the baseline is
  the language's share of the gap, not cxnotes'.
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
FLOOR_SCRIPT = "import argparse, json" + BASELINE_SCRIPT
"""The baseline after what every cxnotes command imports besides sqlite3: its command line, its documents."""
FLOOR_ROW = "floor: the baseline importing argparse, json, sqlite3 first (what every cxnotes command imports)"
CXNOTES = [sys.executable, "-m", "cxnotes"]


def baseline_command(
    workdir: Path, script_text: str = BASELINE_SCRIPT, name: str = "baseline_insert.py"
) -> list[str]:
    """The baseline: a fresh process inserting one row into a table of 100,000 rows (``script_text``:
    another script doing it, on the same table)."""
    database = workdir / "baseline-100k.sqlite"
    if not database.exists():
        connection = sqlite3.connect(database)
        connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")
        connection.executemany("INSERT INTO t(v) VALUES (?)", [("고객 문장 " * 5,)] * 100_000)
        connection.commit()
        connection.close()
    script = workdir / name
    script.write_text(script_text, encoding="utf-8")
    return [sys.executable, str(script), str(database)]


def wall_ms(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def floor_command(workdir: Path) -> list[str]:
    """The floor: the baseline's insert, after the imports every cxnotes command makes."""
    return baseline_command(workdir, FLOOR_SCRIPT, "floor_insert.py")


def in_turn(commands: list[list[str]], count: int) -> list[float]:
    """Medians of ``commands`` run in turn ``count`` times each, after one warm-up of each.

    Each turn starts with the next command, so none always runs just after the same one: the
    script run right after ``cxnotes log`` (its fsyncs, the other store's pages) was seen to take
    a few ms more than the same script run after the other script.
    """
    spent: list[list[float]] = [[] for _ in commands]
    for command in commands:
        wall_ms(command)
    for turn in range(count):
        for step in range(len(commands)):
            which = (turn + step) % len(commands)
            spent[which].append(wall_ms(commands[which]))
    return [statistics.median(times) for times in spent]


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


def one_shot_rows(
    section: str, command: list[str], most: float, size: int, base: list[str], floor: list[str] | None = None
) -> list[Row]:
    """``command`` against the baseline (and the ``floor`` against it, if given), medians of runs in turn."""
    ours, theirs, *floors = in_turn([command, base, *([floor] if floor else [])], samples(15))
    target = f"<= {most:g}x baseline"
    rows = [Row(section, size, ours, theirs, "ms", target, ours <= most * theirs, BASELINE_NAME)]
    rows += [Row(FLOOR_ROW, size, spent, theirs, "ms", "", True, BASELINE_NAME) for spent in floors]
    return rows


def run(sizes: list[int], workdir: Path) -> list[Row]:
    """Every figure of this section, for each store size."""
    base, floor = baseline_command(workdir), floor_command(workdir)
    rows: list[Row] = []
    for size in sizes:
        folder = scratch_copy(size, workdir, "processes")
        for section, (command, most) in one_shot_commands(folder, workdir).items():
            rows += one_shot_rows(section, command, most, size, base, floor if section == LOG_ROW else None)
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
    """``python -m benchmarks.processes WORKDIR [SIZE]``: the ``cxnotes log`` row and its floor, quickly.

    Reuses (or builds) the demo store of SIZE (default 100,000) in WORKDIR, as ``make bench`` does.
    """
    workdir = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    folder = scratch_copy(size, workdir, "processes")
    command, most = one_shot_commands(folder, workdir)[LOG_ROW]
    base, floor = baseline_command(workdir), floor_command(workdir)
    print(table(one_shot_rows(LOG_ROW, command, most, size, base, floor)))


if __name__ == "__main__":
    main()
