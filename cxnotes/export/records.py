"""Load a store's records once and pick those an export period covers.

csv and json start here. The md and html summaries count straight from the stored
dicts (:mod:`cxnotes.export.counts`) by the same rule: a record belongs to the day
written in its own timestamp. Records are read in one pass per kind (not one query
per call), which keeps a 100,000-record store exportable in seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise, R, Step
from cxnotes.export.period import Period
from cxnotes.i18n import _
from cxnotes.storage.store import Store

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` during long work; ``total`` is 0 when a stage
cannot say how far along it is (a bar then just shows that it is busy)."""


@dataclass
class Records:
    """Records of a store (or of the part an export covers), each list in a stable order."""

    steps: list[Step]
    customers: list[Customer]
    calls: list[Call]
    lines: list[Line]
    pain_points: list[PainPoint]
    fixes: list[Fix]
    promises: list[Promise]

    @classmethod
    def load(cls, store: Store, *, lines: bool = True, progress: Progress | None = None) -> Records:
        """Read every record of the store; ``lines=False`` skips transcripts (summaries need none)."""
        stages = 6 if lines else 5
        done = 0

        def read(kind: type[R]) -> list[R]:
            nonlocal done
            found = store.all(kind)
            done += 1
            if progress:
                progress(_reading(kind.TABLE), done, stages)
            return found

        return cls(
            steps=store.steps(include_retired=True),
            customers=_by_time(read(Customer), lambda c: c.created_at),
            calls=_by_time(read(Call), lambda c: c.started_at),
            pain_points=_by_time(read(PainPoint), lambda p: p.created_at),
            fixes=_by_time(read(Fix), lambda f: f.created_at),
            promises=_by_time(read(Promise), lambda p: p.created_at),
            lines=sorted(read(Line), key=lambda line: (line.call_id, line.index, line.id)) if lines else [],
        )

    def within(self, period: Period) -> Records:
        """The records an export of ``period`` holds, closed under references.

        Calls started in the period and pain points and promises made in it; then every
        pain point and promise of those calls, the calls those pain points belong to, the
        customers all of them name, and the fixes the pain points are grouped into, with
        any fix those were merged into and any fix merged into them (so a merge can still
        be undone after a restore). Steps are all kept: there are few of them and pain
        points refer to them by slug.
        """
        call_ids = {c.id for c in self.calls if period.contains(c.started_at)}
        call_ids |= {p.call_id for p in self.pain_points if p.call_id and period.contains(p.created_at)}
        calls = [c for c in self.calls if c.id in call_ids]
        pain_points = [p for p in self.pain_points if period.contains(p.created_at) or p.call_id in call_ids]
        promises = [p for p in self.promises if period.contains(p.created_at) or p.call_id in call_ids]
        customer_ids = {c.customer_id for c in calls} | {p.customer_id for p in pain_points}
        customer_ids |= {p.customer_id for p in promises}
        fixes_by_id = {f.id: f for f in self.fixes}
        fix_ids: set[str] = set()
        for point in pain_points:
            fix_id = point.fix_id
            while fix_id and fix_id in fixes_by_id and fix_id not in fix_ids:
                fix_ids.add(fix_id)
                fix_id = fixes_by_id[fix_id].merged_into
        merged = [f for f in self.fixes if f.merged_into]
        while grown := {f.id for f in merged if f.merged_into in fix_ids} - fix_ids:
            fix_ids |= grown
        return Records(
            steps=list(self.steps),
            customers=[c for c in self.customers if c.id in customer_ids],
            calls=calls,
            lines=[line for line in self.lines if line.call_id in call_ids],
            pain_points=pain_points,
            fixes=[f for f in self.fixes if f.id in fix_ids],
            promises=promises,
        )


def _by_time(records: Iterable[R], when: Callable[[R], datetime]) -> list[R]:
    """Oldest first, ties by id; naive and aware timestamps compare through ``timestamp()``."""
    return sorted(records, key=lambda r: (when(r).timestamp(), r.id))


def _reading(table: str) -> str:
    """The progress stage of reading one table, in the current language."""
    return {
        "steps": _("reading steps"),
        "customers": _("reading customers"),
        "calls": _("reading calls"),
        "lines": _("reading lines"),
        "pain_points": _("reading pain points"),
        "fixes": _("reading fixes"),
        "promises": _("reading promises"),
    }.get(table, table)
