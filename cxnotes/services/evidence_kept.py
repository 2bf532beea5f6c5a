"""The ranking's evidence as the open app keeps it: each changed pain point moves, nothing is redone.

The fix review ranks, and charts by step and by week, the pain points its filters pass:
a pass over 100,000 of them. The app reloads the review whenever another process writes
(a complaint logged from the shell), so that pass would run again for one new line. Here
the evidence is grouped and counted once per set of filters, then each changed pain point
(``Store.changes``: what it was, what it is) is taken out as it was counted and put in as
it is now, with no copy of the evidence kept for it: the same groups and counts a pass gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from cxnotes.collector import Building
from cxnotes.domain.models import PainPoint
from cxnotes.services import memo

if TYPE_CHECKING:
    from cxnotes.storage.store import Store

Doc = dict[str, Any]
Evidence = tuple[Any, ...]
Select = Callable[[Iterable[Doc]], list[Doc]]
"""The pain point docs of those given that the filters pass."""


Groups = dict[str, list[Evidence]]
"""Fix id -> the evidence tuples of its pain points that the filters pass. A new dict, and a new
list for a fix whose evidence changed, at each change: a ranked row compares the list it was made of."""


@dataclass(frozen=True)
class Counts:
    """The pain points the filters pass, attached or not, counted for the review's charts."""

    by_step: Counter[str]
    """Step slug -> pain points."""
    by_day: Counter[str]
    """Day noted (``YYYY-MM-DD``) -> pain points."""


def _group(every: Iterable[Doc], select: Select, pick: Callable[[Doc], Evidence]) -> Groups:
    groups: Groups = {}
    with Building(lasting=True):  # tens of thousands of new tuples that live on
        for doc in select(every):
            fix_id = doc["fix_id"]
            if fix_id is not None:
                group = groups.get(fix_id)
                if group is None:
                    groups[fix_id] = [pick(doc)]
                else:
                    group.append(pick(doc))
    return groups


def _regroup(held: Groups, changes: memo.Changes, select: Select, pick: Callable[[Doc], Evidence]) -> Groups:
    """Take each changed point out of its fix's group as it was, and put it in as it is now."""
    removed: dict[str, set[Evidence]] = {}
    added: dict[str, list[Evidence]] = {}
    for was in select([was for was, _now in changes.values() if was is not None]):
        if was["fix_id"] is not None:
            removed.setdefault(was["fix_id"], set()).add(pick(was))
    for now in select([now for _was, now in changes.values() if now is not None]):
        if now["fix_id"] is not None:
            added.setdefault(now["fix_id"], []).append(pick(now))
    if not removed and not added:
        return held
    groups = dict(held)
    for fix_id in removed.keys() | added.keys():
        gone = removed.get(fix_id, set())
        group = [e for e in groups.get(fix_id, ()) if e not in gone] + added.get(fix_id, [])
        if group:
            groups[fix_id] = group
        else:
            groups.pop(fix_id, None)
    return groups


def _count(every: Iterable[Doc], select: Select) -> Counts:
    docs = select(every)
    return Counts(Counter(doc["step"] for doc in docs), Counter(doc["created_at"][:10] for doc in docs))


def _recount(held: Counts, changes: memo.Changes, select: Select) -> Counts:
    """Count each changed point out as it was, and in as it is now."""
    if not changes:
        return held
    counts = Counts(Counter(held.by_step), Counter(held.by_day))
    for sign, docs in ((-1, [was for was, _ in changes.values()]), (1, [now for _, now in changes.values()])):
        for doc in select([doc for doc in docs if doc is not None]):
            counts.by_step[doc["step"]] += sign
            counts.by_day[doc["created_at"][:10]] += sign
    for counted in (counts.by_step, counts.by_day):
        for name in [name for name, n in counted.items() if n <= 0]:
            del counted[name]
    return counts


def groups(store: Store, key: Hashable, select: Select, picked: tuple[str, ...], filtered: bool) -> Groups:
    """The evidence ``select`` passes, grouped by fix, each pain point as the tuple of its ``picked``
    fields; ``key`` names the filters; ``filtered``: whether ``select`` reads more than ``picked``.

    One set of filters is kept at a time (the review shows one): other filters group again.
    A one-shot command's store (read-only, holding no pain points) groups the rows of their
    narrow projection instead (:meth:`Store.facts`, which keeps them until they change).
    """
    if store.projects(PainPoint):
        if filtered:  # every projected field: the rows an export's counts read too, read once for both
            return _group(store.facts(PainPoint), select, itemgetter(*picked))
        # Only ``picked`` and the fix, of attached points: a tuple of them is taken by position.
        facts = store.facts(PainPoint, (*picked, "fix_id"), present="fix_id")
        return _group(facts, select, itemgetter(*range(len(picked))))
    pick = itemgetter(*picked)
    return memo.kept_up(
        store,
        "ranking: evidence",
        PainPoint,
        key,
        lambda docs: _group(docs, select, pick),
        lambda held, changes: _regroup(held, changes, select, pick),
    )


def counts(store: Store, key: Hashable, select: Select) -> Counts:
    """The pain points ``select`` passes, counted by step and by day; kept apart from :func:`groups`,
    so that ranking alone (``cxnotes fixes``) does not count them."""
    return memo.kept_up(
        store,
        "ranking: counts",
        PainPoint,
        key,
        lambda docs: _count(docs, select),
        lambda held, changes: _recount(held, changes, select),
    )
