"""The one small API that screens, the CLI and the team sync use to read and change data.

Records go in and come out as :mod:`cxnotes.domain.models` types (or, for bulk work such
as ranking, as the stored dicts). Underneath is :class:`SqliteStorage`, one SQLite
database that any number of cxnotes processes use at once.

What each process holds
-----------------------
Every table but the transcript is read whole the first time it is asked for and
kept in memory: the fix review ranks a hundred thousand pain points many times a
minute. Transcript lines (a million a year) are never held whole: a call's lines
are read when the call is opened, through an index. Finding a customer by name or
a fix by title uses an index too, so ``cxnotes log`` reads no table whole. A one-shot
command that ranks or counts holds nothing either: it reads the narrow projection SQLite
keeps of pain points, calls and customers (:meth:`Store.facts`), and ranks in SQL over it
(:meth:`Store.facts_snapshot`).

Many processes
--------------
Every write is one SQLite transaction, durable when :meth:`Store.write` returns,
whichever process makes it; none is refused for being second. Each batch gets the
next *seq*, and :meth:`Store.refresh` (the app calls it ten times a second, off the UI
thread) reads what other processes wrote since the last seq this one saw.

When two processes change the same record, the rule is **per-record last writer
wins, and the loser's version is kept**: the later write replaces the record, and
the version it replaced (if this process had not seen it) is saved in the
database's ``conflicts`` table and announced through :meth:`Store.take_notices`,
so the app can say so. Nothing is dropped silently.

The methods are thread-safe; the app calls them from worker threads.
"""

from __future__ import annotations

import contextlib

from cxnotes.domain import shapes
from cxnotes.storage.documents import Doc, name_key
from cxnotes.storage.store_core import StoreCore, models_module

TYPE_CHECKING = False
if TYPE_CHECKING:  # `cxnotes log` writes documents: it imports neither `typing` (3 ms) nor the models (15 ms)
    from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise, Step
    from cxnotes.storage.projection import Query


class Store(StoreCore):
    """An open cxnotes store. Use :meth:`open`; call :meth:`close` when done."""

    def steps(self, *, include_retired: bool = False) -> list[Step]:
        """The value chain in order."""
        models = models_module()
        return [models.from_doc(models.Step, doc) for doc in self.step_docs(include_retired=include_retired)]

    def step_docs(self, *, include_retired: bool = False) -> list[Doc]:
        """The value chain in order, as stored dicts (read-only!)."""
        steps = sorted(
            self._held(shapes.STEPS).values(), key=lambda s: (s.get("order", 0), s.get("name", ""))
        )
        return [s for s in steps if include_retired or not s.get("retired")]

    def step_slugs(self) -> list[str]:
        """Slugs of the active steps, in order."""
        return [s.slug for s in self.steps()]

    def customer_named(self, name: str) -> Customer | None:
        """The customer with this name (case, spaces and Unicode form aside), if any."""
        found = self.named(shapes.CUSTOMERS, name)
        models = models_module()
        return models.from_doc(models.Customer, found) if found is not None else None

    def fix_titled(self, title: str) -> Fix | None:
        """The fix with this title (case, spaces and Unicode form aside), if any, not merged away."""
        found = self.named(shapes.FIXES, title)
        models = models_module()
        return models.from_doc(models.Fix, found) if found is not None else None

    def named(self, table: str, name: str) -> Doc | None:
        """The stored dict (read-only!) of the customer or fix (``table``) called ``name``
        (case, spaces and Unicode form aside), not merged away, if any: through the index, never a scan."""
        rows = self._storage.indexed(table, "lookup", name_key(name), self.damage)
        found = [doc for _, _, _, doc in rows if doc is not None and not doc.get("merged_into")]
        return found[0] if found else None

    def open_fix_titles(self) -> list[str]:
        """Titles of the fixes a new pain point can join: not merged, shipped or dropped."""
        closed = ("shipped", "won't fix")
        return [
            str(doc.get("title", ""))
            for doc in self._held(shapes.FIXES).values()
            if not doc.get("merged_into") and doc.get("status") not in closed
        ]

    def lines_of(self, call_id: str) -> list[Line]:
        """A call's transcript in order."""
        models = models_module()
        lines = [models.from_doc(models.Line, doc) for doc in self._children("lines", call_id)]
        return sorted(lines, key=lambda line: line.index)

    def pain_points_of(self, call_id: str) -> list[PainPoint]:
        """A call's pain points, oldest first."""
        models = models_module()
        points = [
            models.from_doc(models.PainPoint, doc) for doc in self._children(shapes.PAIN_POINTS, call_id)
        ]
        return sorted(points, key=lambda p: p.created_at)

    def promises_of(self, call_id: str) -> list[Promise]:
        """Promises made on a call, oldest first."""
        models = models_module()
        promises = [models.from_doc(models.Promise, doc) for doc in self._children("promises", call_id)]
        return sorted(promises, key=lambda p: p.created_at)

    def pain_point_counts(self, call_ids: list[str]) -> dict[str, int]:
        """Pain points per call, for these calls only, through the index (the calls list's column)."""
        return self._storage.counts_by_parent(shapes.PAIN_POINTS, call_ids)

    def newest_calls(self, finished: int) -> tuple[list[Doc], int]:
        """Dicts (read-only!) of the unfinished, then the ``finished`` newest finished calls; the count."""
        return self._storage.newest_calls(finished, self.damage)

    def unfinished_calls(self) -> list[Call]:
        """Calls not yet ended, newest first."""
        calls = self.where(models_module().Call, ended_at=None)
        return sorted(calls, key=lambda c: c.started_at, reverse=True)

    def facts_snapshot(self) -> contextlib.AbstractContextManager[Query]:
        """Queries (SQL, parameters) of the projection's tables that all see one state of the store:
        for a one-shot command that ranks in SQL where :meth:`projects` says it can."""
        return self._storage.snapshot()

    def conflicts(self) -> list[tuple[str, str, str, Doc | None]]:
        """Versions replaced by a later writer: (table, id, when, the replaced document)."""
        return self._storage.conflicts()

    def team_url(self) -> str:
        """The team server this store syncs with (``team.url``, kept without its password), or ""."""
        return str(self._storage.setting("team.url") or "")
