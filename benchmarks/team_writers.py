"""Ten members writing at once through one PostgreSQL: nothing lost, nothing twice.

    python -m benchmarks.team_writers [--members 10] [--seconds 60] [--url postgresql://...]

Each member is a process of its own with its own store, writing as an open app does: a
complaint every 50 ms (``complaints.record``, the complaint form's path) while its
background sync (:class:`TeamLoop`, the app's thread) pushes and pulls. They share five
fix titles and seven customer names, so every member creates twins the sync must fold.
After ``--seconds``, each waits until the server has all it wrote, then one more sync
round per member settles the folds. Then every store and the server are counted:

- lost: a pain point a member wrote that is missing from the server or from any store;
- duplicated: a quote stored twice, or a fix title / customer name live twice.

Without ``--url`` a throwaway cluster is started (``initdb`` as in the tests).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.team import fresh_database, joined, server
from cxnotes.domain.models import Customer, Fix, PainPoint
from cxnotes.services import complaints
from cxnotes.storage.ledger import Ledger
from cxnotes.storage.store import Store
from cxnotes.team.sync import Member

FIXES = 5
CUSTOMERS = 7
EVERY = 0.05
"""Seconds between one member's writes."""


def worker(folder: Path, operator: str, seconds: float, out: Path) -> None:
    """Write complaints for ``seconds`` with the background sync on; record every quote written."""
    from cxnotes.team.background import TeamLoop

    loop = TeamLoop(folder, operator)
    loop.start()
    store = Store.open(folder, operator=operator)
    written: list[str] = []
    end = time.monotonic() + seconds
    try:
        while time.monotonic() < end:
            n = len(written)
            quote = f"{operator} #{n}: 배송이 늦어요"
            complaint = complaints.Complaint(
                quote, "use", 3, f"고객 {n % CUSTOMERS}", None, None, f"공통 문제 {n % FIXES}"
            )
            complaints.record(store, complaint)
            written.append(quote)
            time.sleep(EVERY)
        ledger = Ledger(folder)
        try:
            deadline = time.monotonic() + 120
            while ledger.waiting() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            ledger.close()
    finally:
        loop.stop()
        store.close()
        out.write_text(json.dumps(written, ensure_ascii=False))


def check(folders: list[Path], url: str, written: set[str]) -> dict[str, int]:
    """Count what is lost or twice, on the server and in every store."""
    import psycopg

    lost = duplicated = 0
    with psycopg.connect(url) as conn:
        quotes = [
            q
            for (q,) in conn.execute(
                "SELECT doc->>'quote' FROM docs WHERE tbl = 'pain_points' AND doc IS NOT NULL"
            )
        ]
    lost += len(written - set(quotes))
    duplicated += sum(n - 1 for n in Counter(quotes).values() if n > 1)
    for folder in folders:
        store = Store.open(folder, readonly=True)
        try:
            mine = [p.quote for p in store.all(PainPoint)]
            lost += len(written - set(mine))
            duplicated += sum(n - 1 for n in Counter(mine).values() if n > 1)
            fixes = Counter(f.title for f in store.all(Fix) if not f.merged_into)
            people = Counter(c.name for c in store.all(Customer) if not c.merged_into)
            duplicated += sum(n - 1 for n in (fixes + people).values() if n > 1)
            live = {f.id for f in store.all(Fix) if not f.merged_into}
            lost += sum(1 for p in store.all(PainPoint) if p.fix_id not in live)  # evidence left behind
        finally:
            store.close()
    return {"lost": lost, "duplicated": duplicated, "server pain points": len(quotes)}


def run(url: str, workdir: Path, members: int, seconds: float) -> dict[str, int]:
    folders = [workdir / f"member-{i}" for i in range(members)]
    for folder in folders:
        joined(folder, url).close()
    outs = [workdir / f"written-{i}.json" for i in range(members)]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.team_writers",
                "--worker",
                str(folder),
                f"op{i}",
                str(seconds),
                str(out),
            ]
        )
        for i, (folder, out) in enumerate(zip(folders, outs, strict=True))
    ]
    for proc in procs:
        if proc.wait() != 0:
            raise RuntimeError(f"a member exited with {proc.returncode}")
    for _round in range(2):  # the last folds made anywhere reach everyone
        for folder in folders:
            member = Member(folder)
            try:
                member.sync()
            finally:
                member.close()
    written = {quote for out in outs for quote in json.loads(out.read_text())}
    result = check(folders, url, written)
    result["written"] = len(written)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--url", help="an empty team database to use instead of a throwaway cluster")
    parser.add_argument(
        "--worker", nargs=4, metavar=("FOLDER", "OPERATOR", "SECONDS", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        folder, operator, seconds, out = args.worker
        worker(Path(folder), operator, float(seconds), Path(out))
        return
    with tempfile.TemporaryDirectory(prefix="cxnotes-writers-") as tmp, server(args.url) as (url, cluster):
        start = time.perf_counter()
        result = run(fresh_database(url, cluster, "writers"), Path(tmp), args.members, args.seconds)
        took = time.perf_counter() - start
    verdict = "met" if result["lost"] == 0 and result["duplicated"] == 0 else "NOT met"
    print(
        f"| {args.members} members writing at once for {args.seconds:.0f} s: "
        f"{result['written']:,} pain points ({took:.0f} s in all) | "
        f"{result['lost']} lost, {result['duplicated']} duplicated | "
        f"target 0 and 0: {verdict} |"
    )


if __name__ == "__main__":
    main()
