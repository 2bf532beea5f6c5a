"""A writer process killed (SIGKILL) at random moments never costs a write whose call returned.

Each round starts a real writer process on the same store folder, lets it run for a
random time and kills it with SIGKILL: a third of the rounds early (starting up or
still opening the store, on a fast machine already writing), a third mid-write (a
moment after its first acknowledged write), a third in a compaction running in a
background thread. The moments are counted from what the writer says it is doing,
so a slow machine shifts them without changing what they hit. The writer prints an
acknowledgement after every ``put``/``delete`` returned; the test then opens the
store, read-only and for writing, and checks every acknowledged change is there, and
nothing deleted came back.
"""

from __future__ import annotations

import random
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cxnotes.models import Line, PainPoint
from cxnotes.storage import paths
from cxnotes.storage.store import Store
from tests.pilot_helpers import PATIENCE

ROUNDS = 30
BULK = 3000
"""Lines a compaction round puts in first, so that a compaction lasts long enough to be hit."""

WRITER = """
import random, sys, threading
from pathlib import Path
from cxnotes.models import Line, PainPoint
from cxnotes.storage.store import Store

folder, compacting, bulk = Path(sys.argv[1]), sys.argv[2] == "compact", int(sys.argv[3])
say = sys.stdout.write

store = Store.open(folder)
if compacting and store.count(Line) < bulk:
    lines = [Line(text=f"줄 {i} " + "가나다" * 20, index=i) for i in range(bulk)]
    store.put(*lines)
    say("".join(f"put {line.id} 0\\n" for line in lines))
    sys.stdout.flush()

def compact_forever():
    while True:
        say("compacting\\n"); sys.stdout.flush()
        store.compact()
        say("compacted\\n"); sys.stdout.flush()

if compacting:
    threading.Thread(target=compact_forever, daemon=True).start()
mine = []
for n in range(1, 1_000_000):
    point = PainPoint(quote=f"{n} 결제 오류 " + "😡" * random.randint(0, 200), severity=1 + n % 5)
    store.put(point)
    say(f"put {point.id} 0\\n"); sys.stdout.flush()
    mine.append(point)
    if n % 4 == 0:
        point = random.choice(mine)
        point.severity = 1 + (point.severity % 5)
        point.quote = f"{n} 수정됨"
        store.put(point)
        say(f"put {point.id} {n}\\n"); sys.stdout.flush()
    if n % 7 == 0:
        point = mine.pop(random.randrange(len(mine)))
        say(f"deleting {point.id} 0\\n"); sys.stdout.flush()
        store.delete(point)
        say(f"del {point.id} 0\\n"); sys.stdout.flush()
"""


@dataclass
class Acknowledged:
    """What the writers said was saved: the last version of each record, and the deleted ids."""

    versions: dict[str, int] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    kills_in_compaction: int = 0

    def read(self, output: str) -> None:
        compacting = False
        for line in output.splitlines(keepends=True):
            if not line.endswith("\n"):
                break  # a line the kill cut short acknowledges nothing
            word, *rest = line.split()
            if word == "put":
                self.versions[rest[0]] = int(rest[1])
            elif word == "deleting":  # killed before "del": either outcome is right
                self.versions.pop(rest[0], None)
            elif word == "del":
                self.deleted.add(rest[0])
            compacting = word == "compacting" or (compacting and word != "compacted")
        self.kills_in_compaction += compacting

    def check(self, store: Store) -> None:
        """Every acknowledged record is there, at its acknowledged version or a later one."""
        stored = {doc["id"]: doc for kind in (Line, PainPoint) for doc in store.docs(kind)}
        missing = [doc_id for doc_id in self.versions if doc_id not in stored]
        assert not missing, f"{len(missing)} acknowledged writes lost"
        for doc_id, version in self.versions.items():
            quote = stored[doc_id].get("quote")
            if version and quote is not None:
                assert int(quote.split()[0]) >= version, f"{doc_id}: acknowledged update lost"
        assert not self.deleted & stored.keys(), "acknowledged deletes undone"


def read_until(writer: subprocess.Popen[str], last: Callable[[str], bool]) -> str:
    """What the writer prints up to the first line for which ``last`` holds (or its end)."""
    assert writer.stdout is not None
    said = ""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        line = writer.stdout.readline()
        said += line
        if not line or last(line):
            break
    return said


def kill_at_random(folder: Path, mode: str, rng: random.Random) -> str:
    """Run a writer for a random moment, SIGKILL it, return what it printed.

    ``early``: 0.05-0.25 s after the start. ``write``: up to 0.2 s after its first
    acknowledged write. ``compact``: up to 0.04 s after a compaction starts, so the kill
    lands in one (or just after it) rather than while the store opens.
    """
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), mode, str(BULK)], stdout=subprocess.PIPE, text=True
    )
    before = ""
    if mode == "compact":
        before = read_until(writer, lambda line: line == "compacting\n")
        time.sleep(rng.uniform(0, 0.04))
    elif mode == "write":
        before = read_until(writer, lambda line: line.startswith("put "))
        time.sleep(rng.uniform(0, 0.2))
    else:
        time.sleep(rng.uniform(0.05, 0.25))
    writer.send_signal(signal.SIGKILL)
    output, _ = writer.communicate(timeout=PATIENCE)
    assert writer.returncode == -signal.SIGKILL, "the writer died on its own"
    return before + output


def test_random_kills_never_lose_an_acknowledged_write(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    rng = random.Random()
    seed = rng.randrange(1 << 30)
    rng.seed(seed)
    acknowledged = Acknowledged()
    compaction_rounds = 0
    for round_ in range(ROUNDS):
        mode = ("early", "write", "compact")[round_ % 3]
        compaction_rounds += mode == "compact"
        acknowledged.read(kill_at_random(folder, mode, rng))
        for readonly in (True, False):  # a reader copes with the torn tail; the writer then cuts it
            if readonly and not paths.snapshot_path(folder).exists():
                continue  # killed before it created the store
            store = Store.open(folder, readonly=readonly)
            try:
                acknowledged.check(store)
            finally:
                store.close()
    assert len(acknowledged.versions) > 20 * ROUNDS, f"the writers barely wrote (seed {seed})"
    assert acknowledged.kills_in_compaction >= 1, f"no kill landed in a compaction (seed {seed})"
    files = [p for p in folder.iterdir() if p.is_file()]
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert not list(folder.glob(f".*{paths.TEMP_MARK}*")), "the last open swept no temp file"
