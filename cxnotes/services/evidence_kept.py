"""The ranking's evidence as the open app keeps it: each changed pain point moves, nothing is redone.

The fix review ranks, and charts by step and by week, the pain points its filters pass:
a pass over 100,000 of them. The app reloads the review whenever another process writes
(a complaint logged from the shell), so that pass would run again for one new line. Here
the evidence is grouped and counted once per set of filters, then each changed pain point
(``Store.changes``) is taken out of where it was counted and put
where it now belongs. The grouping and the counts are the same as a pass would give.
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
    points: dict[str, tuple[Evidence, str | None, str, str]]
    """Point id -> its evidence tuple, fix id, step and day: where it is counted. Only :func:`kept`
    reads it, under its lock, and changes it in place as it takes in a change."""


def _counted(doc: Doc, pick: Callable[[Doc], Evidence]) -> tuple[Evidence, str | None, str, str]:
    return pick(doc), doc["fix_id"], doc["step"], doc["created_at"][:10]


def _build(store: Store, select: Select, pick: Callable[[Doc], Evidence]) -> Kept:
    kept = Kept({}, Counter(), Counter(), {})
    points, groups = kept.points, kept.groups
    with _collector_paused():  # 100,000 new tuples that live on: each collection would walk them all
        for doc in select(store.docs(PainPoint)):
            fix_id = doc["fix_id"]
            picked = pick(doc)
            points[doc["id"]] = (picked, fix_id, doc["step"], doc["created_at"][:10])
            if fix_id is not None:
                group = groups.get(fix_id)
                if group is None:
                    groups[fix_id] = [picked]
                else:
                    group.append(picked)
    kept.by_step.update(step for _picked, _fix, step, _day in kept.points.values())
    kept.by_day.update(day for _picked, _fix, _step, day in kept.points.values())
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


def _update(store: Store, held: Kept, ids: set[str], select: Select, pick: Callable[[Doc], Evidence]) -> Kept:
    """Take each changed point out of its group and counts, and put it where it now belongs."""
    if not ids:
        return held
    docs = store.docs_by_id(PainPoint, ids)
    passing = {doc["id"]: doc for doc in select(docs.values())}
    kept = Kept(dict(held.groups), Counter(held.by_step), Counter(held.by_day), held.points)
    removed: dict[str | None, set[Evidence]] = {}
    added: dict[str | None, list[Evidence]] = {}
    for doc_id in ids:
        old = kept.points.pop(doc_id, None)
        if old is not None:
            removed.setdefault(old[1], set()).add(old[0])
            kept.by_step[old[2]] -= 1
            kept.by_day[old[3]] -= 1
        doc = passing.get(doc_id)
        if doc is not None:
            new = kept.points[doc_id] = _counted(doc, pick)
            added.setdefault(new[1], []).append(new[0])
            kept.by_step[new[2]] += 1
            kept.by_day[new[3]] += 1
    for fix_id in (removed.keys() | added.keys()) - {None}:  # a new list: a ranked row compares its own
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
        lambda: _build(store, select, pick),
        lambda held, ids: _update(store, held, ids, select, pick),
    )
