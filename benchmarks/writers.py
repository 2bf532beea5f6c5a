"""``kill -9`` at random among three processes writing to one store at once.

Two CLI-style writers (:data:`CLI_WRITER`) each loop as ``cxnotes log`` does: open
the store, record a complaint (with its customer and fix found or created by name),
close. One app-like writer (:data:`APP_WRITER`) keeps the store open as the app
does: tables held in memory, :meth:`Store.refresh` polled from a thread, a call's
transcript autosaved line by line, lines edited and deleted, the WAL folded in
(``compact``) from another thread. Every writer prints what it wrote once the call
returned (``put ID VERSION``, ``deleting ID`` then ``del ID``).

The loop starts from a v0.1 store (JSON snapshot and journal), so the first writers
race to migrate it, then kills a writer chosen at random every 0.05-0.6 s with
SIGKILL and starts it again. After every kill, while the other two go on writing, a
fresh process's view is checked: ``PRAGMA integrity_check`` is ok, the store opens,
and every write acknowledged so far is there at its acknowledged version or a later
one, and no acknowledged delete came back. At the end all three are killed at once
and the store is checked again, opened for writing and read-only.

``tests/test_store_crash.py`` runs :data:`TEST_KILLS` kills; ``make bench`` runs
:data:`KILLS`.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import Row, samples
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Step
from cxnotes.storage.sqlite import DB_NAME
from cxnotes.storage.store import Store

KILLS = 100
"""Kills in ``make bench`` (a tenth in a quick run)."""
TEST_KILLS = 30
"""Kills in the test suite: about 30 s on a busy two-core machine."""
GAP = (0.05, 0.6)
"""Seconds between kills, drawn at random."""

CLI_WRITER = """
import sys
from pathlib import Path
from cxnotes.services import complaints
from cxnotes.storage.store import Store

folder, name = Path(sys.argv[1]), sys.argv[2]
for n in range(1, 1_000_000):
    store = Store.open(folder)  # open, write, close: as one `cxnotes log` does
    try:
        complaint = complaints.Complaint(
            f"1 {name} {n} 결제가 두 번 됐어요", "billing", 1 + n % 5,
            customer=f"{name} 고객 {n % 7}", fix=f"{name} 수정 {n % 3}",
        )
        logged = complaints.record(store, complaint)
        print("put", logged.point.id, 1, flush=True)
    finally:
        store.close()
"""

APP_WRITER = """
import random, sys, threading, time
from dataclasses import replace
from pathlib import Path
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint
from cxnotes.storage.store import Store

folder = Path(sys.argv[1])
say_lock = threading.Lock()
def say(*words):
    with say_lock:
        print(*words, flush=True)

store = Store.open(folder)
for kind in (Call, Customer, Fix, PainPoint):  # what the calls list and the fix review hold
    store.all(kind)

def poll():  # the app's twice-a-second look at other processes' writes, faster
    while True:
        store.refresh()
        store.take_notices()
        time.sleep(0.05)

def fold():  # SQLite checkpoints as it goes; the app may also ask for it
    while True:
        time.sleep(0.2)
        store.compact()

threading.Thread(target=poll, daemon=True).start()
threading.Thread(target=fold, daemon=True).start()
customer = Customer(name="전화 고객")
store.put(customer)
say("put", customer.id, 1)
while True:
    call = Call(customer_id=customer.id)
    store.put(call)
    say("put", call.id, 1)
    lines = []
    for n in range(1, 41):
        line = Line(call_id=call.id, index=n, text=f"1 줄 {n} " + "가나다" * random.randint(0, 60))
        store.put(line)  # the autosave of one typed line
        say("put", line.id, 1)
        lines.append(line)
        if n % 4 == 0:  # a line edited: its version goes up
            i = random.randrange(len(lines))
            version = int(lines[i].text.split()[0]) + 1
            lines[i] = replace(lines[i], text=f"{version} 고친 줄")
            store.put(lines[i])
            say("put", lines[i].id, version)
        if n % 9 == 0:  # a line removed
            gone = lines.pop(random.randrange(len(lines)))
            say("deleting", gone.id)
            store.delete(gone)
            say("del", gone.id)
"""


@dataclass
class Acknowledged:
    """What the writers said was saved: each record's last version, and the deleted ids."""

    versions: dict[str, int] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    deleting: set[str] = field(default_factory=set)
    """Every id a writer said it was about to delete (its delete may land after a check began)."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hear(self, line: str) -> None:
        """Take one line a writer printed (a line cut by the kill acknowledges nothing)."""
        if not line.endswith("\n"):
            return
        word, record_id, *rest = line.split()
        with self.lock:
            if word == "put":
                self.versions[record_id] = max(int(rest[0]), self.versions.get(record_id, 0))
            elif word == "deleting":  # killed before "del": either outcome is right
                self.versions.pop(record_id, None)
                self.deleting.add(record_id)
            elif word == "del":
                self.deleted.add(record_id)

    def copy(self) -> tuple[dict[str, int], set[str]]:
        with self.lock:
            return dict(self.versions), set(self.deleted)


def version_of(doc: dict[str, object]) -> int:
    """The version a writer put first in a record's text (1 for records that hold none)."""
    text = doc.get("text") or doc.get("quote")
    head = text.split()[0] if isinstance(text, str) and text.split() else ""
    return int(head) if head.isdigit() else 1


def problems(folder: Path, acknowledged: Acknowledged, *, readonly: bool) -> tuple[list[str], set[str]]:
    """What a fresh process finds wrong with the store now, and the acknowledged ids it lacks.

    The writers go on while the store is read, so an id acknowledged before the read
    may be deleted during it: missing ids are only suspects until the writers are done
    (see :func:`kill_loop`).
    """
    versions, deleted = acknowledged.copy()
    conn = sqlite3.connect(folder / DB_NAME, timeout=30)
    try:
        (integrity,) = conn.execute("PRAGMA integrity_check").fetchone()
    finally:
        conn.close()
    if integrity != "ok":
        return [f"integrity_check: {integrity}"], set()
    store = Store.open(folder, readonly=readonly)
    try:
        stored: dict[str, dict[str, object]] = {}
        for kind in (Step, Customer, Call, Line, PainPoint, Fix):
            stored.update({str(doc["id"]): doc for doc in store.docs(kind)})
        found = [f"damage: {report}" for report in store.damage]
    finally:
        store.close()
    older = [i for i, v in versions.items() if i in stored and version_of(stored[i]) < v]
    undone = deleted & stored.keys()
    found += [f"{len(older)} acknowledged updates undone, e.g. {older[:3]}"] if older else []
    found += [f"{len(undone)} acknowledged deletes undone"] if undone else []
    return found, {i for i in versions if i not in stored}


class Writer:
    """One writer process and the thread reading what it acknowledges."""

    def __init__(self, script: str, folder: Path, acknowledged: Acknowledged, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", script, str(folder), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.reader = threading.Thread(target=self._read, args=(acknowledged,), daemon=True)
        self.reader.start()

    def _read(self, acknowledged: Acknowledged) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            acknowledged.hear(line)

    def kill(self) -> str:
        """SIGKILL; wait until everything it printed is read; return why it died if not killed."""
        self.process.send_signal(signal.SIGKILL)
        # Not communicate(): it reads stdout too, and a line it took ("deleting X") never
        # reached the reader, so X's delete read as an acknowledged write lost.
        self.process.wait(timeout=60)
        self.reader.join(timeout=60)
        err = self.process.stderr.read() if self.process.stderr else ""
        return "" if self.process.returncode == -signal.SIGKILL else f"exit {self.process.returncode}: {err}"


@dataclass
class Outcome:
    """What a kill loop found."""

    kills: int = 0
    checks: int = 0
    acknowledged: int = 0
    """Acknowledged writes (puts and deletes) checked at the end."""
    unreadable: int = 0
    """Checks at which the store was damaged or did not open."""
    lost: int = 0
    """Checks that found an acknowledged write missing, undone or an acknowledged delete back."""
    problems: list[str] = field(default_factory=list)


def v01_store(folder: Path) -> list[str]:
    """A v0.1 store to start from (so the first writers migrate it); returns its records' ids."""
    from tests.v01_store import write_v01  # the v0.1 layout, as the migration tests write it

    steps = [Step(slug="billing", name="Billing", order=0), Step(slug="use", name="Use", order=1)]
    points = [PainPoint(quote=f"1 옛 불만 {i}", step="billing") for i in range(20)]
    write_v01(folder, [*steps, *points])
    return [r.id for r in (*steps, *points)]


def kill_loop(folder: Path, kills: int, seed: int) -> Outcome:
    """Run the three writers on ``folder``, kill one at random ``kills`` times, check after each."""
    rng = random.Random(seed)
    acknowledged = Acknowledged()
    for record_id in v01_store(folder):
        acknowledged.versions[record_id] = 1
    scripts = [(CLI_WRITER, "cli-a"), (CLI_WRITER, "cli-b"), (APP_WRITER,)]
    writers = [Writer(script, folder, acknowledged, *args) for script, *args in scripts]
    outcome = Outcome()

    suspects: list[tuple[int, set[str]]] = []

    def check(readonly: bool) -> None:
        missing: set[str] = set()
        try:
            found, missing = problems(folder, acknowledged, readonly=readonly)
        except Exception as error:  # a store that does not open is a finding, not a crash of the loop
            found = [f"open failed: {type(error).__name__}: {error}"]
        outcome.checks += 1
        outcome.unreadable += any(p.startswith(("integrity", "open", "damage")) for p in found)
        outcome.lost += any("undone" in p for p in found)
        outcome.problems += [f"after kill {outcome.kills}: {p}" for p in found]
        suspects.append((outcome.kills, missing))

    try:
        for _ in range(kills):
            time.sleep(rng.uniform(*GAP))
            victim = rng.randrange(len(writers))
            died = writers[victim].kill()
            if died:
                outcome.problems.append(f"writer {victim} died on its own: {died}")
            outcome.kills += 1
            script, *args = scripts[victim]
            writers[victim] = Writer(script, folder, acknowledged, *args)
            if (folder / DB_NAME).exists():
                check(readonly=True)
    finally:
        for writer in writers:
            writer.kill()
    for readonly in (False, True):
        check(readonly)
    for kill, missing in suspects:  # every writer's output is read now: was it deleted meanwhile?
        lost = sorted(missing - acknowledged.deleting)
        outcome.lost += bool(lost)
        outcome.problems += (
            [f"after kill {kill}: {len(lost)} acknowledged writes lost, e.g. {lost[:3]}"] if lost else []
        )
    versions, deleted = acknowledged.copy()
    outcome.acknowledged = len(versions) + len(deleted)
    return outcome


def run(sizes: list[int], workdir: Path) -> list[Row]:
    """The kill loop with :data:`KILLS` kills (its store is its own: ``sizes`` do not apply)."""
    import shutil

    folder = workdir / "writers"
    shutil.rmtree(folder, ignore_errors=True)
    count = samples(KILLS)
    seed = int(time.time())
    outcome = kill_loop(folder, count, seed)
    for problem in outcome.problems:
        print(f"writers (seed {seed}): {problem}", file=sys.stderr)
    checked = f"{outcome.checks} checks, {outcome.acknowledged:,} acknowledged writes"
    return [
        Row(
            "kill -9 of 3 concurrent writers (app + 2 CLI): store unreadable",
            outcome.acknowledged,
            outcome.unreadable,
            None,
            f"of {outcome.kills} kills",
            f"0 ({checked})",
            outcome.unreadable == 0,
        ),
        Row(
            "kill -9 of 3 concurrent writers (app + 2 CLI): acknowledged writes lost",
            outcome.acknowledged,
            outcome.lost,
            None,
            f"of {outcome.checks} checks",
            "0",
            outcome.lost == 0,
        ),
    ]
