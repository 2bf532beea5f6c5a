"""The fix ranking of a one-shot command (``cxnotes fixes``, ``cxnotes export``), summed by SQLite.

Such a command opens the store read-only and holds no records (:meth:`Store.projects`).
Reading 100,000 pain points' facts into Python to rank them cost it half a second; here one
query takes each customer's most severe point per fix (as the store keeps them,
:mod:`cxnotes.storage.best`, or, when a filter narrows the evidence, picked among the points
it passes over the projection's index, :data:`cxnotes.storage.projection.INDEXES`), gives it
its points and sums them per fix, and only the rows asked for (``top``) read their evidence,
for their ids, steps, severity mix and newest.

The per-customer points are computed in two places, on purpose, side by side:
:meth:`cxnotes.services.ranking._Scorer.terms` in Python for the app, which holds the records and
keeps its ranking up to date as they change, and :data:`POINTS` here. Both hand their sums to the
one :func:`cxnotes.services.ranking.terms_of` (rounding, discounts, the effort divisor), and take
the severity points, the weights and who counts as lost from Python; ``tests/test_ranking_projection.py``
holds the two rankings equal on random stores under every filter.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from cxnotes.domain.models import LOST_STATUSES
from cxnotes.services import ranking
from cxnotes.services.ranking import Filters, RankedFix, Sums, Weights, fold, same_operator
from cxnotes.services.ranking_customers import LOST_OUTCOMES
from cxnotes.storage import best

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Sequence

    from cxnotes.storage.projection import Query
    from cxnotes.storage.store import Store

Doc = dict[str, Any]

_ATTACHED = "fix_id IS NOT NULL"
"""Evidence of some fix (the index holds only these)."""

BEST = f"""
SELECT fix_id, customer_id, max(severity || created_at) AS best, severity, involuntary, {best.DAY} AS day
FROM pain_points_facts WHERE {_ATTACHED} AND customer_id <> '' AND {{where}} GROUP BY fix_id, customer_id
UNION ALL
SELECT fix_id, customer_id, NULL, severity, involuntary, {best.DAY}
FROM pain_points_facts WHERE {_ATTACHED} AND coalesce(customer_id, '') = '' AND {{where}}
"""
"""Each customer's most severe pain point per fix, the newest of equals (``severity`` is one digit,
so the text ``severity || created_at`` orders as the pair), the first by id of equal ones (SQLite's
``max()`` gives the bare columns of the first row holding the maximum, and the index reads a
customer's points by id within equal severity and time); a point without a customer is its own."""

KEPT = f"SELECT fix_id, customer_id, NULL, severity, involuntary, day FROM {best.TABLE}"
"""The same points for the unfiltered ranking, as the store keeps them (:mod:`cxnotes.storage.best`):
picking them is most of the work of :data:`BEST` over every pain point."""

POINTS = """
SELECT fix_id, customer_id,
    CASE severity WHEN 1 THEN ? WHEN 2 THEN ? WHEN 3 THEN ? WHEN 4 THEN ? WHEN 5 THEN ? ELSE 0.0 END AS sev,
    CASE WHEN c.id IS NULL THEN 0.0 ELSE ? * log10(1 + max(coalesce(c.value, 0.0), 0.0)) END AS value,
    CASE WHEN c.id IS NOT NULL AND b.customer_id IN (SELECT id FROM lost) THEN ? ELSE 0.0 END
        AS churn,
    CASE WHEN ? > 0 THEN pow(0.5, max(julianday(?) - day, 0) / ?)
        ELSE 1.0 END AS factor,
    involuntary
FROM best AS b LEFT JOIN customers_facts AS c ON c.id = b.customer_id
"""
"""A customer's points on a fix, as :meth:`ranking._Scorer.terms` computes them: severity points
(from Python), ``value * log10(1 + value)``, churn points if lost (:data:`LOST`), and the
decay by whole days of age by the local date noted; no-customer and unknown customers add no value.
SQLite copies these expressions into each sum of :data:`SUMS` that reads them (it computes each
twice a row); kept out of line (a ``LIMIT -1`` subquery) they were computed once, but the sums
then sorted their rows by fix, which cost more."""

LOST = """
SELECT customer_id FROM calls_facts WHERE outcome IN ({outcomes})
UNION SELECT c.id FROM customers_facts AS c, json_each(c.statuses) AS s
WHERE c.statuses IS NOT NULL AND json_extract(s.value, '$.status') IN ({statuses})
"""
"""The customers who churned or asked for a refund, as :func:`ranking_customers.lost_customers` finds
them (its lists of outcomes and statuses are the parameters): read in SQL, where they are needed."""

SUMS = f"""
WITH lost(id) AS MATERIALIZED ({LOST}), best AS ({{best}}), points AS ({POINTS})
SELECT fix_id, count(*), sum(sev), sum(value), sum(churn),
    sum(CASE WHEN involuntary THEN 0.0 ELSE (sev + value + churn) * factor END),
    sum(CASE WHEN involuntary THEN (sev + value + churn) * factor ELSE 0.0 END)
FROM points GROUP BY fix_id
"""
"""Per fix: customers; their severity, value and churn points; their decayed points, voluntary and
involuntary apart (:func:`_sums` makes them :class:`~cxnotes.services.ranking.Sums`). ``best`` is
:data:`BEST` or :data:`KEPT`, which SQLite reads in fix order: no sort."""

EVIDENCE = """
SELECT customer_id, severity, created_at, involuntary, step, id
FROM pain_points_facts WHERE fix_id = ? AND {where} ORDER BY id
"""
"""A fix's evidence as the tuples :func:`ranking.detailed` reads (its ``_PICK`` fields, in id order)."""


def rank(
    store: Store, fixes: dict[str, Doc], weights: Weights, filters: Filters, today: date, top: int | None
) -> list[RankedFix]:
    """The rows of ``fixes`` (of the statuses asked for) in order, the first ``top`` if given; see
    :func:`ranking.rank`."""
    severity = [weights.severity * weights.severity_base ** (s - 1) for s in range(1, 6)]
    half_life = weights.half_life_days
    points = (*severity, weights.value, weights.churn, half_life, today.isoformat(), half_life)
    lost = (*LOST_OUTCOMES, *LOST_STATUSES)
    marks = {"outcomes": _marks(LOST_OUTCOMES), "statuses": _marks(LOST_STATUSES)}
    with store.facts_snapshot() as query:
        where, params = evidence_where(query, filters)
        if filters.narrows_evidence or not query(HAS_TABLE, (best.TABLE,)):
            found = query(
                SUMS.format(best=BEST.format(where=where), **marks), (*lost, *params, *params, *points)
            )
        else:
            found = query(SUMS.format(best=KEPT, **marks), (*lost, *points))
        summed = {fix_id: (customers, _sums(totals, weights)) for fix_id, customers, *totals in found}
        rows = []
        for fix_id, fix in fixes.items():
            customers, sums = summed.get(fix_id, (0, Sums(0.0, 0.0, 0.0, 0.0, 0.0)))
            if customers or not filters.narrows_evidence:
                rows.append(
                    ranking.scored(fix, ranking.terms_of(sums, fix.get("effort"), weights), customers)
                )
        _date_ties(rows, query, where, params)
        rows = sorted(rows, key=ranking.order)[:top]
        for row in rows:
            ranking.detailed(row, query(EVIDENCE.format(where=where), (row.fix.id, *params)))
    return rows


def lost_customers(store: Store) -> frozenset[str]:
    """:func:`cxnotes.services.ranking_customers.lost_customers` read by SQLite (:data:`LOST`)."""
    sql = LOST.format(outcomes=_marks(LOST_OUTCOMES), statuses=_marks(LOST_STATUSES))
    with store.facts_snapshot() as query:
        found = query(sql, (*LOST_OUTCOMES, *LOST_STATUSES))
    return frozenset(customer for (customer,) in found if customer is not None)


def _sums(totals: Sequence[float], weights: Weights) -> Sums:
    """The sums of a row of :data:`SUMS` (after its fix and customers): involuntary points cut to their
    fraction."""
    severity, value, churn, voluntary, involuntary = totals
    kept = voluntary + involuntary * weights.involuntary
    return Sums(severity, value, churn, voluntary + involuntary, kept)


HAS_TABLE = "SELECT 1 FROM sqlite_master WHERE name = ?"
"""Whether the store has a table (one made before the kept points, that could not be written to
since, lacks them)."""


def _marks(values: Collection[str]) -> str:
    """As many SQL parameters as ``values``."""
    return ", ".join("?" * len(values))


def _date_ties(rows: list[RankedFix], query: Query, where: str, params: list[Any]) -> None:
    """Give the rows that tie on score and customers their newest evidence, which orders them (the
    others' is read only if they are shown)."""
    ties = Counter((row.score, row.customers) for row in rows)
    newest = f"SELECT max(created_at) FROM pain_points_facts WHERE fix_id = ? AND {where}"
    for row in rows:
        if ties[row.score, row.customers] > 1 and row.customers:
            ((noted,),) = query(newest, (row.fix.id, *params))
            row.newest = datetime.fromisoformat(noted) if noted else None


def evidence_where(query: Query, filters: Filters) -> tuple[str, list[Any]]:
    """The evidence filters (:func:`ranking.evidence_docs`) as an SQL condition on ``pain_points_facts``
    and its parameters. Names matched case, spaces and Unicode form aside (segment, operator) are
    matched in Python among the few distinct ones stored, then found by equality."""
    clauses, params = ["1"], list[Any]()
    if filters.steps:
        clauses.append(f"step IN ({_marks(filters.steps)})")
        params += filters.steps
    if filters.segment:
        wanted = fold(filters.segment)
        segment, names = matching(
            query, "segment", "customers_facts", lambda name: fold(name or "") == wanted
        )
        clauses.append(f"customer_id IN (SELECT id FROM customers_facts WHERE {segment})")
        params += names
    if filters.channel:
        clauses.append("CASE WHEN coalesce(channel, '') <> '' THEN channel = ? "
                       "ELSE call_id IN (SELECT id FROM calls_facts WHERE channel = ?) END")  # fmt: skip
        params += [filters.channel, filters.channel]
    if filters.since:
        clauses.append("substr(created_at, 1, 10) >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        clauses.append("substr(created_at, 1, 10) <= ?")
        params.append(filters.until.isoformat())
    if filters.operator:
        wanted = filters.operator
        operator, names = matching(
            query, "operator", "pain_points_facts", lambda name: same_operator(wanted, name)
        )
        clauses.append(operator)
        params += names
    return " AND ".join(clauses), params


def matching(query: Query, column: str, table: str, matches: Callable[[Any], bool]) -> tuple[str, list[Any]]:
    """An SQL condition that ``column`` holds one of the values of ``table``'s that ``matches`` passes,
    and its parameters (one per distinct matching value)."""
    values = [value for (value,) in query(f"SELECT DISTINCT {column} FROM {table}", ()) if matches(value)]
    known = [value for value in values if value is not None]
    condition = f"{column} IN ({_marks(known)})"
    return (f"({condition} OR {column} IS NULL)" if None in values else condition), known
