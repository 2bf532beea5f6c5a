"""Syncing without anyone waiting: a thread beside the app (a CLI write's push: :mod:`cxnotes.team.push`).

:class:`TeamLoop` runs in the app's process, on a thread of its own (never the UI
thread): it listens for the server's NOTIFY and looks at the local store twice a
second, and syncs when either has news (at least every :data:`IDLE_SYNC` seconds).
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cxnotes.domain import formats
from cxnotes.i18n import _, ngettext
from cxnotes.storage.errors import StoreError
from cxnotes.team.connect import TeamError
from cxnotes.team.push import joined

LOOK_EVERY = 0.25
"""Seconds between looks at the local store (one indexed count) and the server's notifications."""

RETRY = 3.0
"""Seconds between attempts to reach a server that did not answer."""

SWITCH_INTERVAL = 0.001
"""Seconds a thread may hold the GIL while another waits for it, once a sync runs beside the UI."""

IDLE_SYNC = 10.0
"""Seconds after which the loop syncs even when nothing announced a change."""


def started(folder: Path, operator: str) -> TeamLoop | None:
    """A running :class:`TeamLoop` for the store in ``folder`` if it has joined a team, else None."""
    if not joined(folder):
        return None
    loop = TeamLoop(folder, operator)
    loop.start()
    return loop


@dataclass
class TeamState:
    """What the app's team line shows."""

    online: bool = False
    synced_at: float | None = None
    offline_since: float | None = None
    waiting: int = 0
    members: int = 0
    problem: str = ""
    """The last error, one line (shown when going offline)."""

    def line(self, now: float | None = None) -> str:
        """ "Team: 3 members, synced 3 s ago" or "Offline since 14:02, 12 changes waiting"."""
        now = time.time() if now is None else now
        if self.online and self.synced_at is not None:
            ago = max(0, int(now - self.synced_at))
            when = _("{n} s").format(n=ago) if ago < 120 else _("{n} min").format(n=ago // 60)
            return ngettext(
                "Team: {n} member, synced {when} ago", "Team: {n} members, synced {when} ago", self.members
            ).format(n=self.members, when=when)
        since = formats.clock(datetime.fromtimestamp(self.offline_since or now))
        return ngettext(
            "Offline since {since}, {n} change waiting",
            "Offline since {since}, {n} changes waiting",
            self.waiting,
        ).format(since=since, n=self.waiting)


class TeamLoop:
    """Keeps a store in sync with its team while the app is open (a daemon thread)."""

    def __init__(self, folder: Path, operator: str | None = None) -> None:
        self.folder = folder
        self.operator = operator
        """Who signs what this member pushes (None: as :class:`~cxnotes.team.sync.Member` finds it)."""
        self.state = TeamState()
        """Replaced whole on every change, so the UI thread may read it at any moment."""
        self.merged: list[str] = []
        """Twins made one since the UI last took them (see :meth:`take_merged`)."""
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="cxnotes-team", daemon=True)

    def start(self) -> None:
        """Begin syncing in the background; the UI thread gets the GIL back sooner from then on.

        A pull decodes thousands of documents in Python on this thread; by default the
        interpreter lets it hold the GIL 5 ms before handing over, and a key waits that long
        at each handover. 1 ms keeps the typing ahead (see ``benchmarks/team_typing.py``).
        """
        sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
        self._thread.start()

    def stop(self) -> None:
        """Stop after the current step (a sync in progress completes or is rolled back)."""
        self._stop.set()

    def take_merged(self) -> list[str]:
        """What the sync merged since the last call, for a notification."""
        with self._lock:
            merged, self.merged = self.merged, []
        return merged

    def _run(self) -> None:
        from cxnotes.team.sync import Member

        member = Member(self.folder, self.operator)
        listener: Any = None
        last = tried = -RETRY
        try:
            while not self._stop.is_set():
                if listener is None:  # offline: try again now and then, never in a tight loop
                    if time.monotonic() - tried < RETRY:
                        self._stop.wait(LOOK_EVERY)
                        continue
                    tried = time.monotonic()
                    listener = _listen(member)
                    news = True
                else:
                    news = _notified(listener)  # waits up to LOOK_EVERY for a push elsewhere
                if news or _waiting(member) or time.monotonic() - last > IDLE_SYNC:
                    self._sync(member)
                    last = time.monotonic()
                    if not self.state.online:
                        _close(listener)
                        listener = None
        finally:
            _close(listener)
            member.close()

    def _sync(self, member: Any) -> None:
        state = self.state
        try:
            report = member.sync()
            members = member.overview().members if time.time() - (state.synced_at or 0) > 5 else state.members
        except (TeamError, StoreError) as error:
            offline_since = state.offline_since if not state.online and state.offline_since else time.time()
            self.state = TeamState(
                False, state.synced_at, offline_since, _waiting(member), state.members, str(error)
            )
            return
        with self._lock:
            self.merged += report.merged
        self.state = TeamState(True, time.time(), None, 0, members)


def _listen(member: Any) -> Any:
    """A second connection that LISTENs for pushes; None while the server cannot be reached."""
    from cxnotes.team import server
    from cxnotes.team.connect import connect

    url = member.url()
    if not url:
        return None
    try:
        conn = connect(url)
        conn.autocommit = True
        conn.execute(f"LISTEN {server.CHANNEL}")
    except Exception:  # offline: the loop retries, and its next sync says why
        return None
    return conn


def _notified(conn: Any) -> bool:
    """Wait up to :data:`LOOK_EVERY` for a push to be announced."""
    try:
        return any(True for _notice in conn.notifies(timeout=LOOK_EVERY, stop_after=1))
    except Exception:
        return True  # the connection broke: sync now, and find out why


def _waiting(member: Any) -> int:
    try:
        return int(member.ledger.waiting())
    except StoreError:
        return 0


def _close(conn: Any) -> None:
    if conn is not None:
        with contextlib.suppress(Exception):
            conn.close()
