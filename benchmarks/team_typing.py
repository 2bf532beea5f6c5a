"""Typing in a live call while the app pulls the team's changes: key latency beside a bare Textual app.

    python -m benchmarks.team_typing [--keys 500] [--changes 10000] [--url postgresql://...]

The app runs in a real pty on a store joined to a team (a copy of the 1,000-pain-point
demo store), in a new live call, with its background sync on (:class:`TeamLoop`, as
always). Meanwhile another member, in this process, writes ``--changes`` new pain points
at a time and pushes them, over and over, so the app is pulling a sync of that many
changes (and taking them into its store) for the whole time the keys are typed. Keys
are timed as in :mod:`benchmarks.terminal` (each a unique Hangul syllable, written, and
timed to its echo), taking turns in blocks with the bare Textual TextArea app, which
the same load slows alike. Target: cxnotes' p99 <= 1.2x the bare app's.

Without ``--url`` a throwaway cluster is started (``initdb`` as in the tests).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import threading
from pathlib import Path

from benchmarks.common import percentile
from benchmarks.pty_app import compile_checkout
from benchmarks.team import fresh_database, server
from benchmarks.terminal import scratch_copy, side_by_side, type_in_turns
from cxnotes.domain.models import PainPoint, to_doc
from cxnotes.storage.store import Store
from cxnotes.team.sync import Member

STORE_SIZE = 1000
"""Pain points in the typing member's own store."""
WRITE_BATCH = 1000
"""Pain points per local batch on the feeding member (its pushes go in the sync's batches)."""


class Feeder(threading.Thread):
    """Another member writing ``changes`` pain points and pushing them, again and again, until stopped."""

    def __init__(self, folder: Path, url: str, changes: int) -> None:
        super().__init__(name="feeder", daemon=True)
        self.folder, self.url, self.changes = folder, url, changes
        self.pushed = 0
        self.rounds = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        Store.open(self.folder).close()
        member = Member(self.folder, "feeder")
        member.join(self.url)
        store = Store.open(self.folder, operator="feeder")
        try:
            while not self.stopping.is_set():
                for start in range(0, self.changes, WRITE_BATCH):
                    points = [
                        PainPoint(quote=f"동기화 {self.rounds}-{start + i}", step="use")
                        for i in range(min(WRITE_BATCH, self.changes - start))
                    ]
                    store.apply([(p.TABLE, p.id, to_doc(p)) for p in points])
                self.pushed += member.sync().pushed
                self.rounds += 1
        finally:
            store.close()
            member.close()


def pulled_here(folder: Path) -> int:
    """The feeder's pain points in the typing member's store."""
    with sqlite3.connect(folder / "cxnotes.db") as db:
        query = "SELECT count(*) FROM docs WHERE tbl = 'pain_points' AND CAST(doc AS TEXT) LIKE '%동기화 %'"
        return int(db.execute(query).fetchone()[0])


def run(url: str, workdir: Path, count: int, changes: int) -> tuple[list[float], list[float], int, int]:
    """(cxnotes' latencies, the bare app's, changes the feeder pushed, changes the app pulled)."""
    compile_checkout()
    folder = scratch_copy(STORE_SIZE, workdir, "team-typing")
    member = Member(folder, "typist")
    member.join(url)
    member.sync()  # its own store on the server first: the app then only pulls
    member.close()
    feeder = Feeder(workdir / "feeder", url, changes)
    with side_by_side(folder, count, random.Random(11)) as typists:
        feeder.start()
        type_in_turns(typists, count)
        feeder.stopping.set()
        feeder.join()
    return typists[0].samples, typists[1].samples, feeder.pushed, pulled_here(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keys", type=int, default=500)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--url", help="an empty team database to use instead of a throwaway cluster")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="cxnotes-team-typing-") as tmp,
        server(args.url) as (url, cluster),
    ):
        ours, bare, pushed, pulled = run(
            fresh_database(url, cluster, "typing"), Path(tmp), args.keys, args.changes
        )
    for name, fraction, factor in (("p50", 0.5, 1.0), ("p99", 0.99, 1.2)):
        mine, base = percentile(ours, fraction), percentile(bare, fraction)
        verdict = "met" if mine <= factor * base else "NOT met"
        print(
            f"| key to screen in a live call while syncing, {name} ({args.keys} keys, pty) | "
            f"{mine:,.1f} ms | "
            f"bare Textual TextArea {base:,.1f} ms; target <= {factor}x: {verdict} |"
        )
    print(
        f"| changes pushed by another member during the typing / pulled by the app | "
        f"{pushed:,} / {pulled:,} | |"
    )


if __name__ == "__main__":
    main()
