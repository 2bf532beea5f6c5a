"""Pain points per CVC step and per week, for the fix review's charts.

They count the same evidence the ranking ranks (:func:`cxnotes.services.ranking.evidence_docs`),
remembered the same way until the store changes (:mod:`cxnotes.services.memo`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from datetime import date, timedelta
from operator import itemgetter
from typing import TYPE_CHECKING

from cxnotes.domain.models import Call, Customer, PainPoint, Step, from_doc
from cxnotes.services import evidence_kept, memo
from cxnotes.services.ranking import Doc, Filters, evidence_docs, evidence_filter, evidence_key, fold

if TYPE_CHECKING:
    from cxnotes.storage.store import Store

Ids = Collection[str] | None
"""Pain point ids a chart counts instead of what the filters match (None: the filters)."""


def _tally(
    store: Store, filters: Filters | None, name: str, field: Callable[[Doc], str], points: Ids
) -> Counter[str]:
    """How many matching pain points (or just ``points``) have each value of ``field``."""
    if points is not None:
        return Counter(field(d) for d in store.docs(PainPoint) if d["id"] in points)
    filters = filters or Filters()
    text = fold(filters.text.strip())
    if not text:  # kept up to date as pain points change, not counted again
        counted = evidence_kept.counts(store, *evidence_filter(store, filters))
        return Counter(counted.by_step if name == "by step" else counted.by_day)

    def count() -> Counter[str]:
        evidence = evidence_docs(store, filters)
        return Counter(map(field, (d for d in evidence if text in fold(d["quote"])) if text else evidence))

    key = (store.version(PainPoint, Customer, Call), evidence_key(filters), text)
    return Counter(memo.remembered(store, f"ranking: {name}", key, count))


def counts_by_step(store: Store, filters: Filters | None = None, *, points: Ids = None) -> dict[str, int]:
    """Pain points per CVC step (attached or not), in value-chain order, for a chart.

    Statuses are ignored: the chart shows what customers said, whatever became of it.
    Every active step appears, with 0 if nothing was noted there; retired or unknown
    steps that have evidence come last. ``points``: see :data:`Ids`.
    """
    found = _tally(store, filters, "by step", itemgetter("step"), points)
    steps = sorted((from_doc(Step, d) for d in store.docs(Step)), key=lambda s: (s.order, s.name))
    counts = {s.slug: found.pop(s.slug, 0) for s in steps if not s.retired or s.slug in found}
    counts.update(found)
    return counts


def counts_by_week(
    store: Store, filters: Filters | None = None, *, points: Ids = None
) -> list[tuple[date, int]]:
    """Pain points (or only ``points``) per week (Monday first, by local date noted), oldest first, gaps 0."""
    days = _tally(store, filters, "by day", lambda d: d["created_at"][:10], points)
    found: Counter[date] = Counter()
    for day, count in days.items():
        when = date.fromisoformat(day)
        found[when - timedelta(days=when.weekday())] += count
    if not found:
        return []
    week, last = min(found), max(found)
    weeks = []
    while week <= last:
        weeks.append((week, found[week]))
        week += timedelta(weeks=1)
    return weeks
