"""``kill -9`` at random among three processes writing to one store: nothing acknowledged is ever lost.

Two CLI-style writer loops and one app-like writer run at once on one store (which
starts as a v0.1 store, so the first of them migrate it); one of them, chosen at
random, is killed with SIGKILL every 0.05-0.6 s and started again. After every kill
and at the end the store must pass ``PRAGMA integrity_check``, open, and hold every
write a writer acknowledged (see :mod:`benchmarks.writers`; ``make bench`` runs
more kills). The seed is printed so a failure can be replayed.
"""

from __future__ import annotations

import random
import stat
from pathlib import Path

from benchmarks.writers import TEST_KILLS, kill_loop


def test_random_kills_of_three_concurrent_writers_lose_no_acknowledged_write(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    seed = random.randrange(1 << 30)
    outcome = kill_loop(folder, TEST_KILLS, seed)
    print(f"seed {seed}: {outcome.kills} kills, {outcome.checks} checks, {outcome.acknowledged} acknowledged")
    assert outcome.problems == [], f"seed {seed}"
    assert outcome.kills == TEST_KILLS and outcome.checks >= TEST_KILLS // 2  # none before the store exists
    assert outcome.acknowledged > 10 * TEST_KILLS, f"the writers barely wrote (seed {seed})"
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir() if p.is_file())
