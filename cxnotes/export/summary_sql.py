"""The summary's counts and the reads behind its "what to do" section, in SQL, for one-shot commands.

``cxnotes export`` opens the store read-only and holds no records (:meth:`Store.projects`).
Reading 100,000 pain points' facts into Python to count them cost it over half a second; here
SQLite counts over the projection (:mod:`cxnotes.storage.projection`) with ``GROUP BY`` and hands
back a few hundred rows: counts per day, step and fix, the customers heard, each fix's first day,
and only the ids of the pain points the page reads whole (the lost calls', the leavers').

The same figures are computed in two places, on purpose, side by side: in Python over held records
(:func:`cxnotes.export.counts.count` and :func:`cxnotes.export.why.action_reads`, for the app's export
preview, which holds the records and counts them as they change) and here (:func:`count` and
:func:`action_reads`). Both give the same types; who counts as lost and which fixes are open or
shipped come from Python to both; ``tests/test_export_projection.py`` holds the two equal on random
stores, periods and operators.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from cxnotes.domain.models import LOST_STATUSES
from cxnotes.export.counts import Counts, Reach, Span, operator_noted, read_points
from cxnotes.services.ranking import same_operator
from cxnotes.services.ranking_customers import LOST_OUTCOMES
from cxnotes.services.ranking_sql import HAS_TABLE, LOST, matching
from cxnotes.storage import best
from cxnotes.storage.projection import days_between, days_params

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from cxnotes.export.period import Period
    from cxnotes.storage.projection import Query
    from cxnotes.storage.store import Store

_POINTS_IN = days_between("created_at")
_CALLS_IN = days_between("started_at")

CALLS = f"""
SELECT started_at < ? AS span, count(*), sum(outcome IS 'refund requested'), sum(outcome IS 'churned')
FROM calls_facts WHERE {_CALLS_IN} AND {{calls}} GROUP BY span
"""
"""Calls, refund requests and churns of the period (span 0) and the one before (1), from the first
day of the one before (``started_at < since``: of the one before; see :func:`days_between`)."""

POINTS = f"""
SELECT substr(created_at, 1, 10), coalesce(step, ''), fix_id, count(*)
FROM pain_points_facts WHERE {_POINTS_IN} AND {{points}} GROUP BY 1, 2, 3 ORDER BY min(id)
"""
"""Pain points of both spans per day, step and fix: a few hundred rows the counts are summed from.
In the order of their first pain point by id, as the Python count meets them: steps and fixes of
equal counts are listed in that order."""

HEARD = f"""
SELECT started_at < ?, customer_id FROM calls_facts WHERE {_CALLS_IN} AND customer_id <> '' AND {{calls}}
UNION
SELECT created_at < ?, customer_id FROM pain_points_facts
WHERE {_POINTS_IN} AND customer_id <> '' AND {{points}}
"""
"""The customers heard in each span (a call or a pain point), once each."""

FIRST_SEEN = "SELECT fix_id, min(substr(coalesce(created_at, ''), 1, 10)) FROM pain_points_facts " \
    "WHERE fix_id <> '' GROUP BY fix_id"  # fmt: skip
"""Each fix's first day, the team's (no operator filter): read over the index by fix."""

LOST_CALLS = f"""
SELECT id FROM calls_facts WHERE {_CALLS_IN} AND outcome IN ({{outcomes}}) AND {{calls}} ORDER BY id
"""

OF_CALLS = """
SELECT p.call_id, p.id FROM docs AS d JOIN pain_points_facts AS p ON p.id = d.id
WHERE d.tbl = 'pain_points' AND d.parent IN ({calls}) AND d.doc IS NOT NULL AND p.call_id = d.parent
    AND {points}
ORDER BY p.id
"""
"""The pain points of some calls, found by the documents' index by call (``parent``), in id order."""


def count(store: Store, period: Period, *, operator: str = "") -> Counts:
    """:func:`cxnotes.export.counts.count` summed by SQLite (see the module docstring)."""
    since, until = period.since.isoformat(), period.until.isoformat()
    both = days_params(period.previous().since.isoformat(), until)
    current, previous = Span(), Span()
    by_step: Counter[str] = Counter()
    by_day: Counter[date] = Counter()
    by_fix: Counter[str] = Counter()
    with store.facts_snapshot() as query:
        calls, call_params = _by_operator(query, "calls_facts", operator)
        points, point_params = _by_operator(query, "pain_points_facts", operator)
        for span, found, refunds, churns in query(CALLS.format(calls=calls), (since, *both, *call_params)):
            one = (current, previous)[span]
            one.calls, one.refunds, one.churns = found, refunds, churns
        for day, step, fix, found in query(POINTS.format(points=points), (*both, *point_params)):
            if since <= day:
                current.pain_points += found
                by_step[step] += found
                by_day[date.fromisoformat(day)] += found
                if fix:
                    by_fix[fix] += found
            else:
                previous.pain_points += found
        heard = HEARD.format(calls=calls, points=points)
        for span, customer in query(heard, (since, *both, *call_params, since, *both, *point_params)):
            (current, previous)[span].customers.add(customer)
        first_seen: dict[str, str] = dict(query(FIRST_SEEN, ()))
        lost_calls = LOST_CALLS.format(outcomes=_marks(LOST_OUTCOMES), calls=calls)
        params = (*days_params(since, until), *LOST_OUTCOMES, *call_params)
        lost: dict[str, list[str]] = {i: [] for (i,) in query(lost_calls, params)}
        for call_id, point_id in _in(query, OF_CALLS, "calls", list(lost), points, point_params):
            lost[call_id].append(point_id)
    return Counts(current, previous, by_step, by_day, by_fix, first_seen, read_points(store, lost))


LEFT = f"""
SELECT DISTINCT c.id FROM customers_facts AS c, json_each(c.statuses) AS s
WHERE c.statuses IS NOT NULL AND json_extract(s.value, '$.status') IN ({{statuses}})
    AND {days_between("json_extract(s.value, '$.at')")}
ORDER BY c.id
"""
"""Customers whose status became churned or refund-requested in the period."""

LEFT_POINTS = f"""
SELECT customer_id, id FROM pain_points_facts WHERE customer_id IN ({{left}}) AND {_POINTS_IN}
ORDER BY id
"""

WAITING = f"""
WITH lost(id) AS MATERIALIZED ({LOST})
SELECT c.value FROM (
    SELECT DISTINCT customer_id AS id FROM {{points}}
    WHERE fix_id IN ({{fixes}}) AND customer_id <> ''
        AND customer_id NOT IN (SELECT id FROM lost WHERE id IS NOT NULL)
) AS w LEFT JOIN customers_facts AS c ON c.id = w.id
ORDER BY w.id
"""
"""The customers not lost (:data:`cxnotes.services.ranking_sql.LOST`) waiting on the open fixes, one row
each, with their value (none for a customer whose record is gone: they count, with no value), found
among ``points``: the kept best point of each customer per fix (:mod:`cxnotes.storage.best`, a row per
customer and fix: a third less read than every point) or, in a store without them, the pain points over
their index by fix; in id order: Python sums the values in the order :func:`counts.reach` does, so
the sum is the same to the last bit (SQLite's own sum may round otherwise)."""

BEHIND = "SELECT fix_id, customer_id, call_id FROM pain_points_facts WHERE fix_id IN ({fixes})"

LAST_CALL = """
SELECT customer_id, max(started_at) FROM calls_facts WHERE customer_id IN ({people}) AND started_at > ''
GROUP BY customer_id
"""

OPERATORS = "SELECT id, operator FROM calls_facts WHERE id IN ({calls})"


def reach(store: Store, period: Period, open_ids: set[str], shipped_ids: set[str]) -> Reach:
    """:func:`cxnotes.export.counts.reach` read by SQLite (see the module docstring); who is lost is
    found in SQL as the ranking finds them."""
    days = days_params(period.since.isoformat(), period.until.isoformat())
    lost = (*LOST_OUTCOMES, *LOST_STATUSES)
    marks = {"outcomes": _marks(LOST_OUTCOMES), "statuses": _marks(LOST_STATUSES)}
    with store.facts_snapshot() as query:
        left: dict[str, list[str]] = {
            i: [] for (i,) in query(LEFT.format(statuses=marks["statuses"]), (*LOST_STATUSES, *days))
        }
        for customer, point in _in(query, LEFT_POINTS, "left", list(left), params=days):
            left[customer].append(point)
        fixes = sorted(open_ids)
        points = best.TABLE if query(HAS_TABLE, (best.TABLE,)) else "pain_points_facts"
        waiting = query(WAITING.format(fixes=_marks(fixes), points=points, **marks), (*lost, *fixes))
        behind: dict[str, tuple[set[str], set[str]]] = {i: (set(), set()) for i in shipped_ids}
        for fix_id, customer, call in query(BEHIND.format(fixes=_marks(behind)), list(behind)):
            if customer:
                behind[fix_id][0].add(customer)
            if call:
                behind[fix_id][1].add(call)
        people = sorted({p for found, _calls in behind.values() for p in found})
        calls = sorted({c for _people, found in behind.values() for c in found})
        last_call = dict(_in(query, LAST_CALL, "people", people))
        operators = {i: operator_noted(name) for i, name in _in(query, OPERATORS, "calls", calls)}
    value = sum(value or 0.0 for (value,) in waiting)
    return Reach(left, len(waiting), value, behind, last_call, operators)


OPEN_PROMISES = "SELECT id FROM promises_facts WHERE coalesce(done, 0) = 0 ORDER BY id"


def open_promise_ids(store: Store) -> list[str]:
    """The ids of the promises not kept (``done`` false or missing)."""
    with store.facts_snapshot() as query:
        return [i for (i,) in query(OPEN_PROMISES, ())]


def _by_operator(query: Query, table: str, operator: str) -> tuple[str, list[Any]]:
    """An SQL condition passing only ``operator``'s records of ``table`` (all of them if "")."""
    if not operator:
        return "1", []
    return matching(query, "operator", table, lambda name: same_operator(operator, name))


def _marks(values: Collection[Any]) -> str:
    """As many SQL parameters as ``values``."""
    return ", ".join("?" * len(values))


def _in(
    query: Query, sql: str, name: str, keys: list[str], condition: str = "1", params: Sequence[Any] = ()
) -> list[tuple[Any, ...]]:
    """The rows of ``sql`` whose ``{name}`` list is ``keys`` (in batches SQLite takes), in the order
    each batch gives (callers order by id within one batch; more than 500 keys are asked in turn)."""
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(keys), 500):
        some = keys[start : start + 500]
        found += query(sql.format(**{name: _marks(some)}, points=condition), (*some, *params))
    return found
