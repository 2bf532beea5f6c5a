"""``kill -9`` of the real app while typing into a live call: the fast loop (``make bench`` runs 50).

The app runs in a real pseudo-terminal (:mod:`benchmarks.pty_app`). Each round waits
on conditions only: the call on screen, each confirmed key drawn, then found in the
store; then it types on at random and kills the app mid-typing. Timing
(nothing older than a second lost) is held to in the benchmark, not here, so a slow
CI machine cannot fail this test; anything seen on disk being lost, torn or
reordered, the store refusing to open, or the call not coming back, fails it.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.crash import ENTER, Plan, crash_loop
from cxnotes.domain.models import Call, Line
from cxnotes.storage.store import Store

CONFIRMED = 6
"""Keys per round that must be on disk before the kill."""


def test_kill_9_while_typing_keeps_every_saved_key_and_the_call_comes_back(data_dir: Path) -> None:
    """Three rounds: a new call, then twice restored on start, each killed with SIGKILL mid-typing."""
    plan = Plan(grace=None, confirm=CONFIRMED, type_for=(0.2, 1.5), new_call_every=3)
    rounds = crash_loop(data_dir, kills=3, seed=11, plan=plan)

    assert [r.problem for r in rounds] == ["", "", ""]
    assert [r.new_call for r in rounds] == [True, False, False]
    assert all(r.opened and r.restored and not r.garbled and r.lost == 0 for r in rounds)
    assert all(r.confirmed == CONFIRMED + 1 for r in rounds)

    store = Store.open(data_dir, readonly=True)
    [call] = store.unfinished_calls()
    text = "\n".join(line.text for line in store.lines_of(call.id))
    for done in rounds:
        saved = "".join("\n" if key == ENTER else key for _, key in done.typed[: done.confirmed])
        assert saved in text
    assert store.count(Call) == 1
    # One Enter a round; a restored round goes on with the line left half-typed, so one new line each.
    assert store.count(Line) >= len(rounds) + 1
    store.close()
