"""The ranking's evidence as the open app keeps it: each changed pain point moves, nothing is redone.

The fix review ranks, and charts by step and by week, the pain points its filters pass:
a pass over 100,000 of them. The app reloads the review whenever another process writes
(a complaint logged from the shell), so that pass would run again for one new line. Here
the evidence is grouped and counted once per set of filters, then each changed pain point
(``Store.changes``: what it was, what it is) is taken out as it was counted and put in as
it is now, with no copy of the evidence kept for it: the same groups and counts a pass gives.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cxnotes.domain.models import PainPoint
from cxnotes.services import memo

if TYPE_CHECKING:
    from cxnotes.storage.store import Store

Doc = dict[str, Any]
Evidence = tuple[Any, ...]
Select = Callable[[Iterable[Doc]], list[Doc]]
"""The pain point docs of those given that the filters pass."""


@dataclass(frozen=True)
class Kept:
    """What the ranking and its charts read of the evidence: never changed once handed out."""

    groups: dict[str, list[Evidence]]
    """Fix id -> the evidence tuples of its pain points (those the filters pass)."""
    by_step: Counter[str]
    """Step slug -> pain points passing the filters, attached or not."""
    by_day: Counter[str]
    """Day noted (``YYYY-MM-DD``) -> pain points passing the filters."""


def _build(every: list[Doc], select: Select, pick: Callable[[Doc], Evidence]) -> Kept:
    kept = Kept({}, Counter(), Counter())
    groups = kept.groups
    with _collector_paused():  # tens of thousands of new tuples that live on: a collection walks them all
        docs = select(every)
        for doc in docs:
            fix_id = doc["fix_id"]
            if fix_id is not None:
                group = groups.get(fix_id)
                if group is None:
                    groups[fix_id] = [pick(doc)]
                else:
                    group.append(pick(doc))
    kept.by_step.update(doc["step"] for doc in docs)
    kept.by_day.update(doc["created_at"][:10] for doc in docs)
    return kept


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _count(kept: Kept, doc: Doc, sign: int) -> None:
    """Count a point in (``sign`` 1) or out (-1) of the charts."""
    kept.by_step[doc["step"]] += sign
    kept.by_day[doc["created_at"][:10]] += sign


def _update(held: Kept, changes: memo.Changes, select: Select, pick: Callable[[Doc], Evidence]) -> Kept:
    """Take each changed point out as it was counted, and put it in as it is now."""
    if not changes:
        return held
    kept = Kept(dict(held.groups), Counter(held.by_step), Counter(held.by_day))
    removed: dict[str, set[Evidence]] = {}
    added: dict[str, list[Evidence]] = {}
    for was in select([was for was, _now in changes.values() if was is not None]):
        _count(kept, was, -1)
        if was["fix_id"] is not None:
            removed.setdefault(was["fix_id"], set()).add(pick(was))
    for now in select([now for _was, now in changes.values() if now is not None]):
        _count(kept, now, 1)
        if now["fix_id"] is not None:
            added.setdefault(now["fix_id"], []).append(pick(now))
    for fix_id in removed.keys() | added.keys():  # a new list: a ranked row compares its own
        gone = removed.get(fix_id, set())
        group = [e for e in kept.groups.get(fix_id, ()) if e not in gone] + added.get(fix_id, [])
        if group:
            kept.groups[fix_id] = group
        else:
            kept.groups.pop(fix_id, None)
    for counts in (kept.by_step, kept.by_day):
        for name in [name for name, n in counts.items() if n <= 0]:
            del counts[name]
    return kept


def kept(store: Store, key: Hashable, select: Select, pick: Callable[[Doc], Evidence]) -> Kept:
    """The evidence ``select`` passes, grouped by fix and counted; ``key`` names the filters.

    One set of filters is kept at a time (the review shows one): other filters build again.
    """
    return memo.kept_up(
        store,
        "ranking: evidence",
        PainPoint,
        key,
        lambda docs: _build(docs, select, pick),
        lambda held, changes: _update(held, changes, select, pick),
    )
