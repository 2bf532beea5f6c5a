"""The team sync against a real PostgreSQL (not part of ``make bench``: it starts its own server).

    python -m benchmarks.team [--pain-points 10000] [--changes 100] [--url postgresql://...]

1. Latency: two members with the app's background sync running (:class:`TeamLoop`, a
   thread each, as in two open apps). A pain point is logged on one; the time until
   the other's store holds it, p50 and p95 over ``--changes`` changes (target: p95 <= 2 s).
   The open app shows it at its next look at the store (every 0.5 s) on top of that.
2. First sync of a demo store of ``--pain-points`` pain points (with its calls and
   transcript) into an empty team database, and a new member's first pull of it,
   beside PostgreSQL ``COPY`` of the same rows into a bare table (the baseline).

Without ``--url`` a throwaway cluster is started (``initdb`` as in the tests).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.common import DEMO_SEED, DEMO_TODAY, percentile
from cxnotes.services import complaints, demo
from cxnotes.storage.store import Store
from cxnotes.team.background import TeamLoop
from cxnotes.team.sync import Member


@contextlib.contextmanager
def server(url: str | None) -> Iterator[tuple[str, object]]:
    """(a function making a fresh database's URL, the cluster or None)."""
    if url:
        yield url, None
        return
    from tests.team_pg import throwaway_cluster

    with throwaway_cluster() as cluster:
        yield cluster.url(), cluster


def fresh_database(base: str, cluster: object, name: str) -> str:
    """A new empty database on the server (only with our own throwaway cluster)."""
    if cluster is None:
        return base
    return cluster.create_database(name)  # type: ignore[attr-defined]


def joined(folder: Path, url: str) -> Member:
    Store.open(folder).close()
    member = Member(folder, "bench")
    member.join(url)
    member.sync()
    return member


def has_row(folder: Path, doc_id: str) -> bool:
    with contextlib.closing(sqlite3.connect(folder / "cxnotes.db")) as db:
        return (
            db.execute("SELECT 1 FROM docs WHERE id = ? AND doc IS NOT NULL", (doc_id,)).fetchone()
            is not None
        )


def latency(url: str, workdir: Path, changes: int) -> list[float]:
    """Seconds from a write on member A to the row in member B's store, once per change."""
    a, b = workdir / "lat-a", workdir / "lat-b"
    for folder in (a, b):
        joined(folder, url).close()
    loops = [TeamLoop(a), TeamLoop(b)]
    for loop in loops:
        loop.start()
    times: list[float] = []
    store = Store.open(a, operator="bench")
    try:
        time.sleep(2)  # both loops connected and listening
        for n in range(changes):
            start = time.perf_counter()
            logged = complaints.record(store, complaints.Complaint(f"지연 측정 {n}", "use", 3))
            while not has_row(b, logged.point.id):
                if time.perf_counter() - start > 30:
                    raise RuntimeError("a change took more than 30 s to arrive")
                time.sleep(0.005)
            times.append(time.perf_counter() - start)
            time.sleep(0.05)
    finally:
        store.close()
        for loop in loops:
            loop.stop()
    return times


def first_sync(url: str, workdir: Path, size: int) -> tuple[int, float, float, float]:
    """(rows, push seconds, first pull seconds, COPY baseline seconds) for a demo store of ``size``."""
    source = workdir / "first-a"
    store = Store.open(source)
    try:
        demo.fill(store, size, seed=DEMO_SEED, today=DEMO_TODAY)
    finally:
        store.close()
    member = joined(workdir / "empty", url)  # the server's schema, and one other member
    member.close()
    Store.open(source).close()
    a = Member(source, "bench")
    a.join(url)
    start = time.perf_counter()
    report = a.sync(progress=_progress)
    push = time.perf_counter() - start
    a.close()
    Store.open(workdir / "first-b").close()
    b = Member(workdir / "first-b", "bench")
    b.join(url)
    start = time.perf_counter()
    pulled = b.sync(progress=_progress)
    pull = time.perf_counter() - start
    b.close()
    sys.stderr.write("\n")
    return report.pushed, push, pull, copy_baseline(url, source) if pulled.pulled else 0.0


def copy_baseline(url: str, folder: Path) -> float:
    """PostgreSQL COPY of the store's rows (table, id, JSON) into a bare table: the floor."""
    import psycopg

    with contextlib.closing(sqlite3.connect(folder / "cxnotes.db")) as db:
        rows = db.execute("SELECT tbl, id, CAST(doc AS TEXT) FROM docs WHERE doc IS NOT NULL").fetchall()
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE copy_baseline(tbl text, id text, doc jsonb, PRIMARY KEY (tbl, id))")
        start = time.perf_counter()
        with conn.cursor() as cur, cur.copy("COPY copy_baseline FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
        return time.perf_counter() - start


def _progress(what: str, done: int) -> None:
    sys.stderr.write(f"\r  {what} {done:,} rows…")
    sys.stderr.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pain-points", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=100)
    parser.add_argument("--url", help="an empty team database to use instead of a throwaway cluster")
    args = parser.parse_args()
    os.environ.setdefault("CXNOTES_OPERATOR", "bench")
    with tempfile.TemporaryDirectory(prefix="cxnotes-team-bench-") as tmp, server(args.url) as (url, cluster):
        workdir = Path(tmp)
        times = latency(fresh_database(url, cluster, "latency"), workdir, args.changes)
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        verdict = "met" if p95 <= 2 else "NOT met"
        print(f"| change logged on A -> in B's store, p50 | {p50 * 1000:,.0f} ms | target p95 <= 2,000 ms |")
        print(f"| change logged on A -> in B's store, p95 | {p95 * 1000:,.0f} ms | {verdict} |")
        rows, push, pull, baseline = first_sync(
            fresh_database(url, cluster, "first"), workdir, args.pain_points
        )
        print(f"| first sync of {args.pain_points:,} pain points ({rows:,} rows) into an empty server | "
              f"{push:,.1f} s | COPY of the same rows {baseline:,.1f} s |")  # fmt: skip
        print(f"| a new member's first pull of them | {pull:,.1f} s | target <= 30 s each |")


if __name__ == "__main__":
    main()
