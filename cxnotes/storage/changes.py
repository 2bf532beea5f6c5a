"""Which records changed, table by table, and how: what lets a screen update what it derived, not redo it.

A pain point logged from the shell reaches the open app as one changed record. Work derived
from a table of 100,000 pain points (the triage queue, the ranking's evidence) can take in
that one record instead of passing over the table again, if it can ask what changed since
it last looked, and what each record was then: :meth:`ChangeLog.since`. The log is bounded;
a reader further behind is told to start over.
"""

from __future__ import annotations

import _thread  # its locks are threading's; importing threading costs `cxnotes log` 1 ms

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs `cxnotes log` 3 ms to import: annotations only
    from typing import Any

KEPT = 20_000
"""Changes kept per table (an import of more makes its readers start over, as is cheapest then)."""

UNKNOWN: Any = object()
"""What a record was, when its table was not held in memory as it changed: readers start over."""

Doc = dict[str, "Any"]
Change = tuple[str, "Doc | None", "Doc | None"]
"""A record changed: its id, what it was (None: new) and what it is now (None: deleted)."""


class ChangeLog:
    """Per table: a version number that grows with every change, and the changes of each version.

    Thread-safe; :class:`cxnotes.storage.store.Store` notes each batch it takes in, with its
    held tables' lock held, so a version and the documents held always agree.
    """

    def __init__(self) -> None:
        self._lock = _thread.allocate_lock()
        self._versions: dict[str, int] = {}
        self._changes: dict[str, list[tuple[int, str, Doc | None, Doc | None]]] = {}
        """(version, id, was, is now) of each change, oldest first."""
        self._floor: dict[str, int] = {}
        """The latest version whose changes were dropped: older questions start over."""

    def version(self, table: str) -> int:
        """The table's version: equal numbers mean the same records."""
        return self._versions.get(table, 0)

    def note(self, changed: dict[str, list[Change]]) -> None:
        """One more version of each table in ``changed``, made of those changes."""
        with self._lock:
            for table, changes in changed.items():
                version = self._versions[table] = self._versions.get(table, 0) + 1
                kept = self._changes.setdefault(table, [])
                kept.extend((version, doc_id, was, now) for doc_id, was, now in changes)
                if len(kept) > 2 * KEPT:
                    import bisect  # only when the log is trimmed: `cxnotes log` never does

                    floor = self._floor[table] = kept[-KEPT - 1][0]
                    del kept[: bisect.bisect_left([change[0] for change in kept], floor + 1)]

    def since(self, table: str, version: int) -> tuple[int, dict[str, tuple[Doc | None, Doc | None]] | None]:
        """The table's version now, and each record changed after ``version``: what it was then
        and what it is now (None for the changes: too far back, or unknown; read it all again)."""
        with self._lock:
            now = self.version(table)
            if version < self._floor.get(table, 0):
                return now, None
            kept = self._changes.get(table, [])
            found: dict[str, tuple[Doc | None, Doc | None]] = {}
            for position in range(len(kept) - 1, -1, -1):  # newest first: a reader is rarely far behind
                changed_at, doc_id, was, is_now = kept[position]
                if changed_at <= version:
                    break
                if was is UNKNOWN:
                    return now, None
                found[doc_id] = (was, found[doc_id][1] if doc_id in found else is_now)
            return now, found
