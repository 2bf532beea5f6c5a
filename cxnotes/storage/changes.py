"""Which records changed, table by table: what lets a screen update what it derived, not redo it.

A pain point logged from the shell reaches the open app as one changed id. Work derived from
a table of 100,000 pain points (the triage queue, the ranking's evidence) can take in that one
id instead of passing over the table again, if it can ask what changed since it last looked:
:meth:`ChangeLog.since`. The log is bounded; a consumer further behind is told to start over.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable

KEPT = 20_000
"""Changed ids kept per table (an import of more makes its readers start over, as is cheapest then)."""


class ChangeLog:
    """Per table: a version number that grows with every change, and the ids each change touched.

    Thread-safe: the store notes changes from whichever thread writes or refreshes.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._versions: dict[str, int] = {}
        self._ids: dict[str, list[tuple[int, str]]] = {}
        """(version, id) of each change, oldest first."""
        self._floor: dict[str, int] = {}
        """The latest version whose ids were dropped from :attr:`_ids`: older questions start over."""

    def version(self, table: str) -> int:
        """The table's version: equal numbers mean the same records."""
        return self._versions.get(table, 0)

    def note(self, changed: dict[str, Iterable[str]]) -> None:
        """One more version of each table in ``changed``, holding those ids."""
        with self._lock:
            self._note(changed)

    def _note(self, changed: dict[str, Iterable[str]]) -> None:
        for table, ids in changed.items():
            version = self._versions[table] = self._versions.get(table, 0) + 1
            kept = self._ids.setdefault(table, [])
            kept.extend((version, doc_id) for doc_id in ids)
            if len(kept) > 2 * KEPT:
                self._floor[table] = kept[-KEPT - 1][0]
                del kept[: bisect.bisect_right(kept, (self._floor[table], "\uffff"))]

    def since(self, table: str, version: int) -> tuple[int, set[str] | None]:
        """The table's version now, and the ids changed after ``version`` (None: too far back, start over).

        Lets work derived from a big table take in a change without a pass over the table.
        """
        with self._lock:
            return self._since(table, version)

    def _since(self, table: str, version: int) -> tuple[int, set[str] | None]:
        if version < self._floor.get(table, 0):
            return self.version(table), None
        kept = self._ids.get(table, [])
        found: set[str] = set()
        for position in range(len(kept) - 1, -1, -1):  # the newest first: a reader is rarely far behind
            changed_at, doc_id = kept[position]
            if changed_at <= version:
                break
            found.add(doc_id)
        return self.version(table), found
