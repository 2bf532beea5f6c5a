"""What the summary counts, read in one pass over the store's stored dicts.

A year of a busy team is 100,000 pain points. Building an object for each and then
filtering them again for every figure took most of a second; here each stored dict
is looked at once, by its own calendar day: the first ten characters of its ISO
timestamp, which is the day :meth:`Period.contains` reads from a datetime (ranking
filters by the same). Only the few records the page shows become objects.

That pass is for the app, which holds the records (its export preview). A one-shot
command's store (``cxnotes export``, :meth:`Store.projects`) is counted by SQLite instead,
with the same rules, in :mod:`cxnotes.export.summary_sql`: :func:`count` and :func:`reach`
hand over to it, and ``tests/test_export_projection.py`` holds the two equal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from cxnotes.domain.models import LOST_STATUSES, Call, Customer, PainPoint, from_doc
from cxnotes.domain.text import clean
from cxnotes.export.period import Period
from cxnotes.i18n import _
from cxnotes.services.ranking import same_operator
from cxnotes.services.ranking_customers import LOST_OUTCOMES
from cxnotes.storage.store import Store


@dataclass
class Span:
    """The headline numbers of one period."""

    calls: int = 0
    pain_points: int = 0
    refunds: int = 0
    churns: int = 0
    customers: set[str] = field(default_factory=set)
    """Customers heard: who had a call or raised a pain point in the span."""


@dataclass
class Counts:
    """Everything :func:`~cxnotes.export.summary.summarise` needs beyond the ranking."""

    current: Span
    previous: Span
    """The period of the same length just before."""
    by_step: Counter[str]
    """Step slug -> pain points in the period."""
    by_day: Counter[date]
    """Day -> pain points in the period that day."""
    by_fix: Counter[str]
    """Fix id -> pain points in the period."""
    first_seen: dict[str, str]
    """Fix id -> ISO day of the fix's first pain point ever."""
    lost_calls: dict[str, list[PainPoint]]
    """Call id of each call of the period lost to churn or refund -> that call's pain points."""


def count(store: Store, period: Period, *, operator: str = "") -> Counts:
    """Count ``period`` and the period before it, one look at each call and pain point.

    ``operator``: only the calls and pain points they logged (when fixes were first asked
    for stays the team's: a fix another operator heard of first is not new).

    A one-shot command's store (:meth:`Store.projects`) is counted by SQLite instead, the same way:
    :func:`cxnotes.export.summary_sql.count`, held equal to this by ``tests/test_export_projection.py``.
    """
    if store.projects(PainPoint):
        from cxnotes.export import summary_sql  # one-shot commands only

        return summary_sql.count(store, period, operator=operator)
    since, until = period.since.isoformat(), period.until.isoformat()
    before = period.previous()
    early, late = before.since.isoformat(), before.until.isoformat()
    current, previous = Span(), Span()
    lost: dict[str, list[str]] = {}
    for call in store.facts(Call):
        day = (call.get("started_at") or "")[:10]
        span = current if since <= day <= until else previous if early <= day <= late else None
        if span is None or (operator and not same_operator(operator, call.get("operator"))):
            continue
        outcome = call.get("outcome")
        span.calls += 1
        span.refunds += outcome == "refund requested"
        span.churns += outcome == "churned"
        span.customers.add(call.get("customer_id") or "")
        if span is current and outcome in LOST_OUTCOMES:
            lost[call["id"]] = []
    by_step: Counter[str] = Counter()
    by_day: Counter[str] = Counter()
    by_fix: Counter[str] = Counter()
    first_seen: dict[str, str] = {}
    for point in store.facts(PainPoint):
        day = (point.get("created_at") or "")[:10]
        fix = point.get("fix_id")
        if fix and (fix not in first_seen or day < first_seen[fix]):
            first_seen[fix] = day
        if operator and not same_operator(operator, point.get("operator")):
            continue
        if since <= day <= until:
            current.pain_points += 1
            current.customers.add(point.get("customer_id") or "")
            by_step[point.get("step") or ""] += 1
            by_day[day] += 1
            if fix:
                by_fix[fix] += 1
        elif early <= day <= late:
            previous.pain_points += 1
            previous.customers.add(point.get("customer_id") or "")
        if lost and (of_call := lost.get(point.get("call_id") or "")) is not None:
            of_call.append(point["id"])
    for span in (current, previous):
        span.customers.discard("")
    return Counts(
        current=current,
        previous=previous,
        by_step=by_step,
        by_day=Counter({date.fromisoformat(day): found for day, found in by_day.items()}),
        by_fix=by_fix,
        first_seen=first_seen,
        lost_calls=read_points(store, lost),
    )


@dataclass
class Reach:
    """What the page's "what to do" section reads of every record: who left, who waits, who was told."""

    left: dict[str, list[str]]
    """Customers whose status became churned or refund-requested in the period -> the ids of their
    pain points in it, by id."""
    at_risk: int
    """Customers still with us (not lost) whose pain points wait on an open fix."""
    value_at_risk: float
    """Their value, summed in customer id order."""
    behind: dict[str, tuple[set[str], set[str]]]
    """Shipped fix id -> the customers and the calls of its pain points."""
    last_call: dict[str, str]
    """Customer id -> when their latest call started (ISO), for the customers behind a shipped fix."""
    operators: dict[str, str]
    """Call id -> who took it (cleaned, or "no operator noted"), for the calls behind a shipped fix."""


def reach(
    store: Store, period: Period, lost: frozenset[str], open_ids: set[str], shipped_ids: set[str]
) -> Reach:
    """Read :class:`Reach` for ``period``: ``lost`` customers, the ``open_ids`` and ``shipped_ids`` fixes.

    A one-shot command's store is read by SQLite instead (:func:`cxnotes.export.summary_sql.reach`),
    held equal to this by ``tests/test_export_projection.py``.
    """
    if store.projects(PainPoint):
        from cxnotes.export import summary_sql  # one-shot commands only

        return summary_sql.reach(store, period, open_ids, shipped_ids)
    left: dict[str, list[str]] = {
        d["id"]: []
        for d in store.facts(Customer, ("id", "statuses"), present="statuses")
        if any(c["status"] in LOST_STATUSES and period.contains(date.fromisoformat(c["at"][:10]))
               for c in d.get("statuses") or ())
    }  # fmt: skip
    since, until = period.since.isoformat(), period.until.isoformat()
    waiting: set[str] = set()
    behind: dict[str, tuple[set[str], set[str]]] = {i: (set(), set()) for i in shipped_ids}
    for doc in store.facts(PainPoint):
        fix_id, customer = doc["fix_id"], doc["customer_id"]
        if customer in left and since <= doc["created_at"][:10] <= until:
            left[customer].append(doc["id"])
        if fix_id in open_ids and customer and customer not in lost:
            waiting.add(customer)
        elif fix_id in behind:
            people, calls = behind[fix_id]
            if customer:
                people.add(customer)
            if doc["call_id"]:
                calls.add(doc["call_id"])
    people = {p for found, _calls in behind.values() for p in found}
    calls = {c for _people, found in behind.values() for c in found}
    last_call: dict[str, str] = {}
    operators: dict[str, str] = {}
    for doc in store.facts(Call):
        customer = doc.get("customer_id") or ""
        if customer in people and doc["started_at"] > last_call.get(customer, ""):
            last_call[customer] = doc["started_at"]
        if doc["id"] in calls:
            operators[doc["id"]] = operator_noted(doc.get("operator"))
    values = sorted((d["id"], d.get("value") or 0.0) for d in store.facts(Customer) if d["id"] in waiting)
    return Reach(left, len(waiting), sum(value for _id, value in values), behind, last_call, operators)


def operator_noted(name: str | None) -> str:
    """Who took a call, as the shipped-fix note credits them."""
    return clean(name or "", multiline=False) or _("no operator noted")


def read_points(store: Store, ids: dict[str, list[str]]) -> dict[str, list[PainPoint]]:
    """Key -> the pain points of these ids, in this order: read by id, the few the page shows (a
    damaged one is left out, and the store says so)."""
    docs = store.docs_by_id(PainPoint, [i for some in ids.values() for i in some])
    return {key: [from_doc(PainPoint, docs[i]) for i in some if i in docs] for key, some in ids.items()}
