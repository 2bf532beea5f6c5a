"""What leads do to fixes: group pain points, name, merge, split, set status and answer.

Domain operations over the :class:`~cxnotes.storage.store.Store`, no Textual: the
review screens call them from worker threads and show :class:`TriageError` messages
as one-line notifications. Every operation is one atomic write, so a merge is never
half done. User text goes through :func:`cxnotes.domain.text.clean` before it is stored.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cxnotes.domain import filing, validation
from cxnotes.domain.models import FIX_STATUSES, Customer, Fix, PainPoint, Promise, from_doc, now
from cxnotes.domain.text import clean
from cxnotes.i18n import _
from cxnotes.services.ranking import fold
from cxnotes.services.suggest import Duplicate, FixText, Index, Suggestion

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cxnotes.storage.store import Store

FUZZY_CUTOFF = 0.6
"""How alike (difflib ratio) a title or one of its words must be to a search to be offered."""


class TriageError(ValueError):
    """A triage request that cannot be done; ``str()`` is a one-line message for the user."""


@dataclass
class GetBack:
    """A customer to tell that their problem is fixed, and what was promised to them."""

    customer: Customer | None
    """None for pain points noted without a customer."""
    pain_points: list[PainPoint] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    """Open promises made on the calls where they reported the problem."""


def queue(store: Store) -> list[PainPoint]:
    """Pain points not attached to a fix (or to a deleted one), most severe first, then newest."""
    fixes = {d["id"] for d in store.docs(Fix)}
    points = [from_doc(PainPoint, d) for d in store.docs(PainPoint) if d.get("fix_id") not in fixes]
    points.sort(key=lambda p: p.created_at, reverse=True)
    points.sort(key=lambda p: p.severity, reverse=True)
    return points


def _fix(store: Store, fix_id: str) -> Fix:
    fix = store.get(Fix, fix_id)
    if fix is None:
        raise TriageError(_("That fix no longer exists."))
    if fix.merged_into:
        raise TriageError(
            _("“{title}” was merged into another fix; undo the merge to change it.").format(title=fix.title)
        )
    return fix


def _points(store: Store, ids: Iterable[str]) -> list[PainPoint]:
    points = [store.get(PainPoint, i) for i in ids]
    found = [p for p in points if p is not None]
    if not found:
        raise TriageError(_("No pain point selected (or they were deleted)."))
    return found


def _title(store: Store, title: str, *, keep: Fix | None = None) -> str:
    try:
        title = filing.fix_title(title)  # the rule ``cxnotes log`` and the complaint form apply
    except filing.ComplaintError as error:
        raise TriageError(str(error)) from None
    same = store.fix_titled(title)
    if same is not None and (keep is None or same.id != keep.id):
        raise TriageError(
            _("There is already a fix titled “{title}”; attach to it or merge.").format(title=same.title)
        )
    return title


def attach(store: Store, point_ids: Iterable[str], fix_id: str) -> Fix:
    """Attach pain points to a fix (moving them if attached elsewhere).

    Returns:
        The fix, so the caller can show its agreed answer.
    """
    fix = _fix(store, fix_id)
    points = _points(store, point_ids)
    for point in points:
        point.fix_id = fix.id
    store.put(*points)
    return fix


move = attach
"""Moving pain points to another fix is attaching them there."""


def detach(store: Store, point_ids: Iterable[str]) -> None:
    """Put pain points back in the triage queue."""
    points = _points(store, point_ids)
    for point in points:
        point.fix_id = None
    store.put(*points)


def create_fix(store: Store, title: str, point_ids: Iterable[str] = (), *, answer: str = "") -> Fix:
    """Create a fix, optionally with pain points (taken from wherever they were).

    This is also how pain points are split out of a fix into a new one.
    """
    fix = Fix(title=_title(store, title), answer=clean(answer).strip())
    ids = list(point_ids)
    points = _points(store, ids) if ids else []
    for point in points:
        point.fix_id = fix.id
    store.put(fix, *points)
    return fix


split = create_fix
"""Splitting pain points out of a fix creates a new fix holding them."""


def rename(store: Store, fix_id: str, title: str) -> Fix:
    """Give a fix a new title (titles stay unique, case-insensitively)."""
    fix = _fix(store, fix_id)
    fix.title = _title(store, title, keep=fix)
    store.put(fix)
    return fix


def set_status(store: Store, fix_id: str, status: str) -> Fix:
    """Move a fix along open → planned → in progress → shipped, or to won't fix."""
    if status not in FIX_STATUSES:
        raise TriageError(
            _("Unknown status {status!r}; use one of: {known}.").format(
                status=status, known=", ".join(FIX_STATUSES)
            )
        )
    fix = _fix(store, fix_id)
    if status != fix.status:
        fix.shipped_at = now() if status == "shipped" else None
    fix.status = status
    store.put(fix)
    return fix


def set_answer(store: Store, fix_id: str, answer: str) -> Fix:
    """Set what every agent tells customers about this problem until it is fixed."""
    fix = _fix(store, fix_id)
    fix.answer = clean(answer).strip()
    store.put(fix)
    return fix


def set_effort(store: Store, fix_id: str, effort: float | None) -> Fix:
    """Set the effort estimate (None clears it); the ranking divides by it."""
    if effort is not None:
        try:
            validation.check_effort(effort)
        except validation.InvalidRecord as error:
            raise TriageError(str(error)) from None
    fix = _fix(store, fix_id)
    fix.effort = effort
    store.put(fix)
    return fix


def merge(store: Store, source_id: str, target_id: str) -> Fix:
    """Merge the source fix into the target: its pain points move, it is hidden.

    The source keeps the ids it gave away (``merged_points``), so :func:`undo_merge`
    restores exactly the fix it was. The ranking counts each customer once per fix,
    so a customer who complained under both counts once after the merge.

    Returns:
        The target fix.
    """
    if source_id == target_id:
        raise TriageError(_("A fix cannot be merged into itself."))
    source, target = _fix(store, source_id), _fix(store, target_id)
    points = store.where(PainPoint, fix_id=source.id)
    for point in points:
        point.fix_id = target.id
    source.merged_into = target.id
    source.merged_points = [p.id for p in points]
    store.put(source, *points)
    return target


def undo_merge(store: Store, source_id: str) -> Fix:
    """Bring a merged fix back with the pain points the merge moved.

    Points since moved elsewhere by hand stay where they are now.
    """
    source = store.get(Fix, source_id)
    if source is None or not source.merged_into:
        raise TriageError(_("That fix is not merged; there is nothing to undo."))
    points = [store.get(PainPoint, i) for i in source.merged_points]
    back = [p for p in points if p is not None and p.fix_id == source.merged_into]
    for point in back:
        point.fix_id = source.id
    source.merged_into = None
    source.merged_points = []
    store.put(source, *back)
    return source


def merged_into(store: Store, target_id: str) -> list[Fix]:
    """Fixes merged into this one (candidates for undo), newest first."""
    return sorted(store.where(Fix, merged_into=target_id), key=lambda f: f.created_at, reverse=True)


def customers_to_get_back_to(store: Store, fix_id: str) -> list[GetBack]:
    """The customers behind a fix, with open promises made on their calls.

    Closing the loop is the point of shipping: everyone who complained hears back.
    Customers come in the order they first complained.
    """
    points = sorted(store.where(PainPoint, fix_id=fix_id), key=lambda p: p.created_at)
    groups: dict[str, GetBack] = {}
    for point in points:
        key = point.customer_id or point.id
        entry = groups.get(key)
        if entry is None:
            entry = groups[key] = GetBack(customer=store.get(Customer, point.customer_id))
        entry.pain_points.append(point)
    open_promises: dict[str, list[Promise]] = {}  # one pass over the promises, not a query per call
    for doc in store.docs(Promise):
        if not doc.get("done") and doc.get("call_id"):
            open_promises.setdefault(doc["call_id"], []).append(from_doc(Promise, doc))
    for entry in groups.values():
        calls = dict.fromkeys(p.call_id for p in entry.pain_points if p.call_id)
        entry.promises = [
            promise
            for call in calls
            for promise in sorted(open_promises.get(call, []), key=lambda p: p.created_at)
        ]
    return list(groups.values())


def search_fixes(store: Store, text: str, *, limit: int = 10) -> list[Fix]:
    """Fixes whose title matches ``text``: substrings first, then close spellings.

    Case and Unicode form are ignored (Korean typed as jamo matches syllables).
    Only fixes that can still take pain points are offered: not merged, not closed.
    """
    wanted = fold(" ".join(text.split()))
    fixes = [f for f in store.all(Fix) if not f.merged_into and f.status not in ("shipped", "won't fix")]
    if not wanted:
        return sorted(fixes, key=lambda f: f.created_at, reverse=True)[:limit]
    scored = []
    for fix in fixes:
        title = fold(fix.title)
        position = title.find(wanted)
        if position >= 0:
            scored.append((0, position, -len(wanted) / max(len(title), 1), fix.title, fix))
        else:
            ratio = max(_similarity(wanted, part) for part in [title, *title.split()])
            if ratio >= FUZZY_CUTOFF:
                scored.append((1, 0, -ratio, fix.title, fix))
    scored.sort(key=lambda item: item[:4])
    return [item[4] for item in scored[:limit]]


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def suggestion_index(store: Store) -> Index:
    """The fixes a pain point can join (not merged, not closed), with the quotes they hold.

    Build it once per queue load and ask it for every point: :func:`suggestions`.
    """
    closed = ("shipped", "won't fix")
    fixes = {
        d["id"]: d for d in store.docs(Fix) if not d.get("merged_into") and d.get("status") not in closed
    }
    quotes: dict[str, list[str]] = {fix_id: [] for fix_id in fixes}
    steps: dict[str, list[str]] = {fix_id: [] for fix_id in fixes}
    for doc in store.docs(PainPoint):
        fix_id = str(doc.get("fix_id"))
        if fix_id in fixes:
            quotes[fix_id].append(str(doc.get("quote", "")))
            steps[fix_id].append(str(doc.get("step", "")))
    return Index.build(
        FixText(fix_id, str(doc.get("title", "")), quotes[fix_id], steps[fix_id])
        for fix_id, doc in fixes.items()
    )


def suggestions(index: Index, points: Iterable[PainPoint]) -> dict[str, list[Suggestion]]:
    """Up to three likely fixes for each pain point, by id; attaching is left to a person."""
    return {point.id: index.suggest(point.quote, point.step) for point in points}


def duplicate_fixes(index: Index) -> list[Duplicate]:
    """Open fixes that look like the same problem, to offer merging (never done here)."""
    return index.duplicates()
