"""``kill -9`` while typing: the store always opens, the call comes back, nothing older than a second is lost.

The loop types into a live call of the real app in a pty, one key at a time as a
person types, and kills it with SIGKILL at a random moment. Then it opens the store
as the app does, checks that the unfinished call is there with everything typed more
than :data:`GRACE` seconds before the kill, and that what is stored is exactly the
start of what was typed (nothing reordered, doubled or torn). The next round starts
the app again, which must bring the call back on screen before typing goes on; every
:data:`NEW_CALL_EVERY` rounds a new call is started instead, typed into while the
store may still be loading.

The same loop runs against TinyDB's stock ``JSONStorage`` (a small writer saving a
transcript as it is typed, :data:`TINYDB_WRITER`), counting how often a kill leaves
its file unreadable.

``tests/test_crash.py`` runs a few rounds of :func:`crash_loop` in the test suite.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import Row, demo_store, samples
from benchmarks.pty_app import REPO, PtyApp, cxnotes_argv, unique_keys
from benchmarks.terminal import BOTTOM_ROW, SIZE, wait_saved
from cxnotes.domain.models import Call
from cxnotes.storage.store import Store

KILLS = 50
"""Kills per loop in ``make bench`` (5 in a quick run)."""
GRACE = 1.0
"""Seconds: anything typed longer than this before a kill must be on disk."""
NEW_CALL_EVERY = 5
"""Every this many rounds, start a new call instead of continuing the restored one."""
TYPE_FOR = (0.3, 4.0)
"""Seconds of typing before the kill, drawn at random from this range."""
KEY_GAP = (0.03, 0.15)
"""Seconds between keys: a fast typist."""
ENTER = "\r"
CUSTOMER = "Crash Test"
READY = re.compile(rb"Call restored")
"""The notice the app shows once it has brought an unfinished call back."""


@dataclass
class Round:
    """What one round typed and what the store held after the kill."""

    new_call: bool
    typed: list[tuple[float, str]] = field(default_factory=list)
    """(time written, key) in order; :data:`ENTER` ends a line."""
    confirmed: int = 0
    """How many of the first typed keys were seen on disk before the kill."""
    killed_at: float = 0.0
    opened: bool = False
    restored: bool = True
    """Whether the app showed the unfinished call again (always true for a new call)."""
    lost: int = 0
    """Keys typed more than :data:`GRACE` before the kill and missing from the store."""
    oldest_lost: float = 0.0
    """Seconds before the kill the oldest missing key was typed."""
    garbled: bool = False
    """The stored text is not a start of what was typed."""
    problem: str = ""


@dataclass
class CallState:
    """The stored transcript of the call being typed into, as of the last check."""

    call_id: str | None = None
    lines: list[str] = field(default_factory=list)
    half_typed: bool = False
    """The last line was still being typed: a restored call puts it back in the box to go on with."""
    known: set[str] = field(default_factory=set)
    """Ids of unfinished calls that existed before this round's new call."""


def typed_text(keys: list[tuple[float, str]]) -> str:
    """The keys as the transcript should hold them: one ``\\n`` per Enter."""
    return "".join("\n" if key == ENTER else key for _, key in keys)


def check(folder: Path, state: CallState, done: Round, grace: float | None) -> None:
    """Open the store as the app would and compare the call with what was typed.

    Keys seen on disk before the kill must all be there, and so must every key typed
    more than ``grace`` seconds before it (None: only those seen on disk).
    """
    try:
        store = Store.open(folder)
    except Exception as error:  # any failure to open is what this loop counts
        done.problem = f"store did not open: {error}"
        return
    done.opened = True
    try:
        unfinished = {call.id for call in store.unfinished_calls()}
        if done.new_call:
            fresh = sorted(unfinished - state.known, key=lambda i: store.get(Call, i).started_at)
            state.call_id = fresh[-1] if fresh else None
            state.lines, state.half_typed = [], False
        rows = [(line.text, line.typing) for line in store.lines_of(state.call_id)] if state.call_id else []
    finally:
        store.close()
    stored = [text for text, _ in rows]
    if state.call_id is not None and state.call_id not in unfinished:
        done.problem = "the call is no longer unfinished"
    base = state.lines[:-1] if state.half_typed else state.lines
    carried = state.lines[-1] if state.half_typed else ""
    new = stored[len(base) :]
    if stored[: len(base)] != base:
        done.garbled, done.problem = True, "lines stored before this round changed"
    got = "\n".join(new)
    everything = carried + typed_text(done.typed)
    if not everything.startswith(got):
        done.garbled, done.problem = True, f"stored {got[-40:]!r} is not what was typed"
    oldest = done.killed_at - (grace if grace is not None else float("inf"))
    due = [(at, key) for n, (at, key) in enumerate(done.typed) if n < done.confirmed or at <= oldest]
    must = (carried + typed_text(due)).rstrip("\n")
    if not got.startswith(must):
        kept = len(_common_prefix(got, must))
        missing = [(at, key) for at, key in due if key != ENTER][
            len(must[len(carried) : kept].replace("\n", "")) :
        ]
        done.lost = len(missing)
        done.oldest_lost = done.killed_at - missing[0][0] if missing else 0.0
    state.lines, state.half_typed = stored, bool(rows) and rows[-1][1]
    state.known = unfinished


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


@dataclass
class Plan:
    """How a crash loop types, and what it holds the app to."""

    grace: float | None = GRACE
    """Keys typed this long before a kill must be on disk (None: only keys seen on disk)."""
    confirm: int = 0
    """Keys typed first, each waited for on screen, then waited for on disk, before the rest."""
    type_for: tuple[float, float] = TYPE_FOR
    """Seconds of typing at random (after the confirmed keys) before the kill."""
    new_call_every: int = NEW_CALL_EVERY


def one_round(
    folder: Path, state: CallState, keys: list[str], rng: random.Random, new_call: bool, plan: Plan
) -> Round:
    """Start the app, type into the call, kill it at a random moment, check the store."""
    done = Round(new_call=new_call)
    argv = cxnotes_argv("--data-dir", str(folder), *(["call", CUSTOMER] if new_call else []))
    with PtyApp(argv, SIZE, cwd=REPO) as app:
        try:
            app.wait_for(BOTTOM_ROW if new_call else READY, timeout=120)
            last = "".join(state.lines)[-1:]
            if last and not new_call:
                app.wait_for(last.encode(), timeout=60)
        except TimeoutError:
            done.restored = False
            app.kill()
            check(folder, state, done, plan.grace)
            done.problem = done.problem or "the unfinished call did not come back"
            return done
        for number in range(max(1, plan.confirm)):
            if number == plan.confirm // 2 and number:
                done.typed.append((app.write(ENTER), ENTER))
            since = app.mark()
            key = keys.pop()
            done.typed.append((app.write(key), key))
            app.wait_for(key.encode(), since, timeout=60)
        if plan.confirm:
            wait_saved(folder, done.typed[-1][1], timeout=60)
            done.confirmed = len(done.typed)
        stop = time.perf_counter() + rng.uniform(*plan.type_for)
        on_line = 1
        while time.perf_counter() < stop:
            time.sleep(rng.uniform(*KEY_GAP))
            key = ENTER if on_line >= 3 and rng.random() < 0.08 else keys.pop()
            done.typed.append((app.write(key), key))
            on_line = 0 if key == ENTER else on_line + 1
        time.sleep(rng.uniform(0, KEY_GAP[1]))
        done.killed_at = time.perf_counter()
        app.kill()
    check(folder, state, done, plan.grace)
    return done


def crash_loop(folder: Path, kills: int, seed: int = 1, plan: Plan | None = None) -> list[Round]:
    """``kills`` rounds of typing and ``kill -9`` on the store in ``folder``."""
    plan = plan or Plan()
    rng = random.Random(seed)
    keys = unique_keys(8000)
    rng.shuffle(keys)
    state = CallState()
    rounds = []
    for number in range(kills):
        new_call = state.call_id is None or number % plan.new_call_every == 0
        rounds.append(one_round(folder, state, keys, rng, new_call, plan))
    return rounds


TINYDB_WRITER = """
import sys, itertools
from tinydb import TinyDB
db = TinyDB(sys.argv[1])
print("ready", flush=True)
line = db.insert({"call_id": "crash", "text": ""})
text = ""
for n in itertools.count():
    if n % 30 == 29:
        line, text = db.insert({"call_id": "crash", "text": ""}), ""
        continue
    text = text[:-1] if n % 8 == 7 else text + chr(0xAC00 + n % 11172)
    db.update({"text": text}, doc_ids=[line])
"""
"""Saves a transcript as it is typed, one write per save as cxnotes does: the current line
grows by a key, a backspace now and then shortens it, a new line every 30 saves."""


def tinydb_file(size: int, workdir: Path) -> Path:
    """A stock TinyDB JSON file of ``size`` pain-point-like documents."""
    path = workdir / f"tinydb-{size}.json"
    if not path.exists():
        docs = {
            str(n): {"quote": f"배송이 늦어요 {n}", "step": "deliver", "severity": 1 + n % 5}
            for n in range(size)
        }
        path.write_text(json.dumps({"_default": docs}))
    return path


def tinydb_loop(size: int, workdir: Path, kills: int, seed: int = 1) -> int:
    """Kill a stock-TinyDB writer ``kills`` times; return how often its file was left unreadable."""
    rng = random.Random(seed)
    work = workdir / f"tinydb-crash-{size}.json"
    shutil.copyfile(tinydb_file(size, workdir), work)
    unreadable = 0
    for _ in range(kills):
        writer = subprocess.Popen(
            [sys.executable, "-c", TINYDB_WRITER, str(work)], stdout=subprocess.PIPE, cwd=REPO
        )
        assert writer.stdout is not None
        writer.stdout.readline()
        time.sleep(rng.uniform(*TYPE_FOR))
        writer.kill()
        writer.wait()
        try:
            json.loads(work.read_text())
        except ValueError:
            unreadable += 1
            shutil.copyfile(tinydb_file(size, workdir), work)
    return unreadable


def run(sizes: list[int], workdir: Path) -> list[Row]:
    """The long crash loop on the largest demo store, beside stock TinyDB of the same size."""
    size = max(sizes)
    folder = workdir / f"crash-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(demo_store(size, workdir), folder)
    count = samples(KILLS)
    rounds = crash_loop(folder, count)
    torn = tinydb_loop(size, workdir, count)
    kills = f"of {count} kills"
    not_opened = sum(not r.opened for r in rounds)
    not_restored = sum(not r.restored for r in rounds)
    lost = sum(r.lost for r in rounds)
    garbled = sum(r.garbled for r in rounds)
    oldest = max((r.oldest_lost for r in rounds), default=0.0)
    for problem in {r.problem for r in rounds if r.problem}:
        print(f"crash loop: {problem}", file=sys.stderr)
    return [
        Row(
            "kill -9 while typing: store left unreadable",
            size,
            not_opened,
            torn,
            kills,
            "0",
            not_opened == 0,
            "stock TinyDB JSONStorage",
        ),
        Row(
            "kill -9 while typing: unfinished call not restored",
            size,
            not_restored,
            None,
            kills,
            "0",
            not_restored == 0,
        ),
        Row(
            f"kill -9 while typing: keys typed > {GRACE:.0f} s before the kill lost",
            size,
            lost,
            None,
            "keys",
            f"0 (oldest lost: {oldest:.2f} s before)",
            lost == 0,
        ),
        Row(
            "kill -9 while typing: stored text not exactly what was typed",
            size,
            garbled,
            None,
            kills,
            "0",
            garbled == 0,
        ),
    ]


if __name__ == "__main__":
    from benchmarks.common import table

    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/cxnotes-bench")
    chosen = [int(n) for n in sys.argv[2:]] or [100000]
    print(table(run(chosen, work)))
