"""An operator's own week: calls held, pain points captured, promises kept, fixes their evidence fed.

For the operator to judge their week and set their own goals, not to rank operators:
it is shown to one operator at a time in the app and never exported. Pure functions
of ``store.docs(...)``, one pass over calls, pain points and promises each.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from cxnotes.domain.models import Call, Fix, PainPoint, Promise
from cxnotes.domain.text import clean
from cxnotes.storage.store import Store


@dataclass(frozen=True)
class FixFed:
    """A fix that pain points captured on the operator's calls this week went into."""

    title: str
    status: str
    pain_points: int


@dataclass
class OperatorWeek:
    """One operator's week, Monday to Sunday."""

    operator: str
    week: date
    """The Monday."""
    calls: int = 0
    pain_points: int = 0
    promises_made: int = 0
    kept: int = 0
    """Promises of their calls due this week (or before) that are done."""
    open_due: int = 0
    """Promises of their calls due this week (or before) still open: late unless done today."""
    fixes: list[FixFed] = field(default_factory=list)
    """Most pain points first."""


def operators(store: Store) -> list[str]:
    """Names on calls, alphabetically (the app has no login: the operator picks their name)."""
    return sorted({clean(d.get("operator") or "", multiline=False) for d in store.docs(Call)} - {""})


def operator_week(store: Store, operator: str, week: date) -> OperatorWeek:
    """What ``operator`` did in the week starting ``week`` (a Monday)."""
    monday, sunday = week.isoformat(), (week + timedelta(days=6)).isoformat()
    result = OperatorWeek(operator, week)
    theirs: set[str] = set()
    for doc in store.docs(Call):
        if clean(doc.get("operator") or "", multiline=False) == operator:
            theirs.add(doc["id"])
            result.calls += monday <= doc["started_at"][:10] <= sunday
    fed: Counter[str] = Counter()
    for doc in store.docs(PainPoint):
        if doc["call_id"] in theirs and monday <= doc["created_at"][:10] <= sunday:
            result.pain_points += 1
            if doc["fix_id"]:
                fed[doc["fix_id"]] += 1
    for doc in store.docs(Promise):
        if doc.get("call_id") not in theirs:
            continue
        result.promises_made += monday <= (doc.get("created_at") or "")[:10] <= sunday
        if doc.get("due") and doc["due"] <= sunday:
            if doc.get("done"):
                result.kept += monday <= doc["due"]
            else:
                result.open_due += 1
    for fix_id, n in fed.most_common():
        fix = store.get(Fix, fix_id)
        if fix is not None:
            result.fixes.append(FixFed(clean(fix.title, multiline=False), fix.status, n))
    return result
