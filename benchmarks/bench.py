"""``make bench``: every benchmark section on demo stores of each size, one table.

    python -m benchmarks.bench [--sizes 1000,10000,100000] [--quick] [--workdir DIR] [--out FILE]

Sections run in order (durable saves, queries and memory, the terminal through a
pty, kill -9 of the app and of concurrent writers); each prints progress on stderr, and a
section that fails is reported and skipped rather than losing the others' figures. The table goes to
stdout and, with the date and the machine, to ``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from datetime import datetime
from pathlib import Path

from benchmarks.common import QUICK_ENV, Row, table

SECTIONS = ("save", "queries", "processes", "stalls", "terminal", "crash", "writers")
"""Modules of this package with ``run(sizes, workdir) -> list[Row]``, in running order."""

SIZES = (1_000, 10_000, 100_000)
RESULTS = Path(__file__).with_name("results.md")


def machine() -> str:
    """CPU model, cores, RAM, OS and Python, on one line."""
    cpu = platform.processor() or platform.machine()
    ram = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f", {int(line.split()[1]) / 1024**2:.0f} GB RAM"
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{ram}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def load() -> str:
    """The 1-minute load average: these machines are shared, so it says how noisy a run was."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def run_sections(names: list[str], sizes: list[int], workdir: Path) -> tuple[list[Row], list[str]]:
    """Run each section; returns the rows and a note per section that failed."""
    rows: list[Row] = []
    failures: list[str] = []
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        sys.stderr.write(f"bench: {name} on {', '.join(f'{s:,}' for s in sizes)} pain points…\n")
        start = time.perf_counter()
        try:
            found = module.run(sizes, workdir)
        except Exception as error:  # a broken section must not lose the others' figures
            traceback.print_exc()
            failures.append(f"{name}: {type(error).__name__}: {error}")
            continue
        sys.stderr.write(f"bench: {name} done in {time.perf_counter() - start:.0f} s\n")
        rows += found
    return rows, failures


def report(rows: list[Row], failures: list[str], started: datetime, loads: tuple[str, str]) -> str:
    """The Markdown page: when, where, the table, and what did not run."""
    lines = [
        "# cxnotes benchmarks",
        "",
        f"Run {started:%Y-%m-%d %H:%M %Z} on {machine()}; "
        f"load average {loads[0]} at the start, {loads[1]} at the end.",
        "Every figure sits beside a baseline measured in the same run; `make bench` reproduces it.",
        "",
        table(rows),
    ]
    if failures:
        lines += ["", "Sections that failed:", *(f"- {note}" for note in failures)]
    missed = [r for r in rows if r.target and not r.met]
    lines += ["", f"{len(missed)} target(s) missed." if missed else "Every target met."]
    return "\n".join(lines) + "\n"


def sizes_arg(value: str) -> list[int]:
    """argparse type for ``--sizes``: comma-separated pain point counts."""
    try:
        sizes = [int(part.replace("_", "")) for part in value.split(",") if part.strip()]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"expected counts like 1000,10000, not {value!r}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=sizes_arg, help="pain points per store (default 1000,10000,100000)")
    parser.add_argument(
        "--quick", action="store_true", help="1,000 only, few samples: check the benchmarks run"
    )
    parser.add_argument("--only", help=f"comma-separated sections among: {', '.join(SECTIONS)}")
    parser.add_argument("--workdir", type=Path, help="keep the demo stores here and reuse them next time")
    parser.add_argument(
        "--out", type=Path, help=f"where to write the page (default {RESULTS}; not when --quick)"
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",")] if args.only else list(SECTIONS)
    unknown = sorted(set(names) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose among {', '.join(SECTIONS)}")
    if args.quick:
        os.environ[QUICK_ENV] = "1"
    sizes = args.sizes or ([1_000] if args.quick else list(SIZES))
    started = datetime.now().astimezone()
    first_load = load()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="cxnotes-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        rows, failures = run_sections(names, sizes, workdir)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    page = report(rows, failures, started, (first_load, load()))
    print(page, end="")
    out = args.out or (None if args.quick else RESULTS)
    if out is not None:
        out.write_text(page, encoding="utf-8")
        sys.stderr.write(f"bench: written to {out}\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
