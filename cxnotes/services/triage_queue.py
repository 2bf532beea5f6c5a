"""The triage queue and its suggestions as the open app keeps them: updated, not redone, on a change.

Half of a year's 100,000 pain points can wait in the queue. The app reloads the queue
whenever another process writes (``cxnotes log`` in a shell), and redoing it then took a
pass over every pain point, a sort of 50,000 and suggestions for the thousand shown:
seconds, for one new line. Here the queue is kept sorted and each changed pain point
(``Store.changes``: what it was, what it is) moves out of it or into it; the suggestion
index is built again only when the evidence of an open fix changed, and a point's
suggestions are kept until it does. Same answers as :func:`cxnotes.services.triage.queue`
(ties of severity and time in id order) and :func:`~cxnotes.services.triage.suggestion_index`,
which one-shot commands use.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cxnotes.domain import models
from cxnotes.domain.models import Customer, Fix, PainPoint, from_doc
from cxnotes.services import memo
from cxnotes.services.ranking import same_operator
from cxnotes.services.suggest import Duplicate, FixText, Index, Suggestion

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cxnotes.storage.store import Store

Place = tuple[int, float, str, str]
"""A queued point's place, ascending: severity, when noted (a timestamp), id; then who logged it
(never compared: ids differ). The queue reads the places backwards."""

CLOSED = ("shipped", "won't fix")


@dataclass(frozen=True)
class _Queue:
    fixes: frozenset[str]
    """Ids of every fix, as of the last look: a point pointing to none of them is queued."""
    order: list[Place] = field(default_factory=list)
    """Every queued point's place, ascending."""
    read: dict[str, PainPoint] = field(default_factory=dict)
    """Queued points already read for showing (the top of the queue), until they change."""


def _place(doc: dict[str, Any]) -> Place:
    when = datetime.fromisoformat(doc["created_at"]).timestamp()
    return (int(doc.get("severity") or 0), when, doc["id"], doc.get("operator") or "")


def _fix_ids(store: Store) -> frozenset[str]:
    return frozenset(doc["id"] for doc in store.docs(Fix))


def _build_queue(store: Store, docs: Iterable[dict[str, Any]]) -> _Queue:
    fixes = _fix_ids(store)
    places = [_place(doc) for doc in docs if doc.get("fix_id") not in fixes]
    return _Queue(fixes, sorted(places))


def _update_queue(store: Store, queue: _Queue, changes: memo.Changes) -> _Queue:
    """Take each changed point out of the queue as it was, and put it in as it is now; and the
    points of a fix made or deleted, which move though they did not change."""
    fixes = _fix_ids(store)
    moved: memo.Changes = dict(changes)
    for fix_id in fixes ^ queue.fixes:
        for point in store.where(PainPoint, fix_id=fix_id):
            moved.setdefault(point.id, (models.to_doc(point), models.to_doc(point)))
    if not moved:
        return queue if fixes == queue.fixes else replace(queue, fixes=fixes)
    order = list(queue.order)
    read = dict(queue.read)  # one step, while a reader may be adding to it
    for point_id, (was, now) in moved.items():
        read.pop(point_id, None)
        if was is not None and was.get("fix_id") not in queue.fixes:
            at = bisect.bisect_left(order, _place(was))
            if at < len(order) and order[at][2] == point_id:
                del order[at]
        if now is not None and now.get("fix_id") not in fixes:
            bisect.insort(order, _place(now))
    return _Queue(fixes, order, read)


def top(store: Store, limit: int, operator: str = "") -> tuple[list[PainPoint], int]:
    """The first ``limit`` points of the queue (most severe, then newest) and how many it holds.

    ``operator``: only the points this operator logged (case, spaces and Unicode form aside).
    """
    queue: _Queue = memo.kept_up(
        store,
        "triage: queue",
        PainPoint,
        None,
        lambda docs: _build_queue(store, docs),
        lambda held, changes: _update_queue(store, held, changes),
    )
    if operator:
        wanted = [p[2] for p in reversed(queue.order) if same_operator(operator, p[3])]
        ids, total = wanted[:limit], len(wanted)
    else:
        ids, total = [p[2] for p in queue.order[: -limit - 1 : -1]], len(queue.order)
    read = queue.read
    if len(read) > 4 * limit:
        read.clear()
    shown = {point_id: read.get(point_id) for point_id in ids}
    missing = [point_id for point_id, point in shown.items() if point is None]
    for point_id, doc in store.docs_by_id(PainPoint, missing).items():
        shown[point_id] = read[point_id] = from_doc(PainPoint, doc)
    return [point for point in shown.values() if point is not None], total


def segments(store: Store, points: Iterable[PainPoint]) -> dict[str, str]:
    """Customer id -> segment, for these points' customers (and those asked before, until one changes)."""
    known: dict[str, str] = memo.remembered(store, "triage: segments", store.version(Customer), dict)
    missing = {p.customer_id for p in points if p.customer_id and p.customer_id not in known}
    known.update((i, doc.get("segment") or "") for i, doc in store.docs_by_id(Customer, missing).items())
    return known


KEPT_SUGGESTIONS = 5000
"""Points whose suggestions are kept; past this they are forgotten and asked again."""


@dataclass
class _Suggester:
    """The index of the open fixes, what it was built from, and what it answered so far."""

    titles: dict[str, str]
    """Open fix id -> title."""
    quotes: dict[str, dict[str, tuple[str, str]]]
    """Open fix id -> its points' id -> (quote, step). Never changed in place: a new one is made."""
    index: Index
    kept: dict[str, tuple[tuple[str, str], list[Suggestion]]] = field(default_factory=dict)
    """Point id -> the (quote, step) asked about and the answer of :attr:`index`."""
    duplicates: list[Duplicate] | None = None
    """Fixes that look alike, once asked."""


def _open_fixes(store: Store) -> dict[str, str]:
    return {
        d["id"]: str(d.get("title", ""))
        for d in store.docs(Fix)
        if not d.get("merged_into") and d.get("status") not in CLOSED
    }


def _index(fixes: dict[str, str], quotes: dict[str, dict[str, tuple[str, str]]]) -> Index:
    """The same index as :func:`cxnotes.services.triage.suggestion_index`, from the kept quotes."""
    return Index.build(
        FixText(
            fix_id,
            title,
            [quote for quote, _step in quotes[fix_id].values()],
            [step for _quote, step in quotes[fix_id].values()],
        )
        for fix_id, title in fixes.items()
    )


def _build_suggester(store: Store, docs: Iterable[dict[str, Any]]) -> _Suggester:
    fixes = _open_fixes(store)
    quotes: dict[str, dict[str, tuple[str, str]]] = {fix_id: {} for fix_id in fixes}
    for doc in docs:
        held = quotes.get(str(doc.get("fix_id")))
        if held is not None:
            held[doc["id"]] = (str(doc.get("quote", "")), str(doc.get("step", "")))
    return _Suggester(fixes, quotes, _index(fixes, quotes))


def _update_suggester(held: _Suggester, changes: memo.Changes) -> _Suggester:
    """A new index only if a changed point is, or was, evidence of an open fix."""
    quotes = held.quotes
    for point_id, (was, now) in changes.items():
        before, after = (_evidence(doc, held.titles) for doc in (was, now))
        if before == after:
            continue
        if quotes is held.quotes:
            quotes = {fix_id: dict(points) for fix_id, points in held.quotes.items()}
        if before is not None:
            del quotes[before[0]][point_id]
        if after is not None:
            quotes[after[0]][point_id] = after[1]
    if quotes is held.quotes:
        return held
    return _Suggester(held.titles, quotes, _index(held.titles, quotes))


def _evidence(doc: dict[str, Any] | None, open_fixes: dict[str, str]) -> tuple[str, tuple[str, str]] | None:
    """The open fix a point is evidence of, and its (quote, step); None if it is of none."""
    if doc is None or doc.get("fix_id") not in open_fixes:
        return None
    return str(doc["fix_id"]), (str(doc.get("quote", "")), str(doc.get("step", "")))


def _suggester(store: Store) -> _Suggester:
    return memo.kept_up(
        store,
        "triage: suggestions",
        PainPoint,
        store.version(Fix),
        lambda docs: _build_suggester(store, docs),
        lambda held, changes: _update_suggester(held, changes),
    )


def suggested(
    store: Store, points: list[PainPoint]
) -> tuple[dict[str, list[Suggestion]], list[tuple[str, str]]]:
    """Each point's likely fixes, and the titles of open fixes that look alike (merge the first into
    the second?); what is still right is reused."""
    suggester = _suggester(store)
    kept = suggester.kept
    if len(kept) > KEPT_SUGGESTIONS:
        kept.clear()
    found = {}
    for point in points:
        asked = (point.quote, point.step)
        answer = kept.get(point.id)
        if answer is None or answer[0] != asked:
            answer = kept[point.id] = (asked, suggester.index.suggest(*asked))
        found[point.id] = answer[1]
    if suggester.duplicates is None:
        suggester.duplicates = suggester.index.duplicates()
    titles = suggester.titles
    return found, [(titles[d.source_id], titles[d.target_id]) for d in suggester.duplicates]
