"""Weekly complaint counts of a one-shot command (``cxnotes export``, ``cxnotes trends``), summed by SQLite.

Such a command opens the store read-only and holds no records (:meth:`Store.projects`). Reading
100,000 pain points' facts, and every call and customer to key them, into Python cost the summary
a third of a second; here one query counts the pain points of the weeks shown per week and per
raw key of each dimension asked (:data:`RAW`), joining the calls and customers it needs, and
hands back a few hundred rows that Python turns into keys as its keyers do (:func:`keyer`).

The counts are computed in two places, on purpose, side by side: in Python over held records
(:func:`cxnotes.services.trends._weekly` with its keyers, for the app) and here (:func:`weekly`);
``tests/test_export_projection.py`` holds the trends equal on random stores, periods and dimensions.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cxnotes.domain.text import clean
from cxnotes.services.trends import NO_KEY, Keyer
from cxnotes.storage.projection import days_between, days_params

if TYPE_CHECKING:
    from cxnotes.storage.store import Store

RAW = {
    "step": "p.step",
    "channel": "coalesce(nullif(p.channel, ''), c.channel)",
    "segment": "s.segment",
    "operator": "c.operator",
}
"""Dimension -> what a pain point is keyed by before cleaning: its step; its own channel, else its
call's; its customer's segment; its call's operator."""

JOINS = {
    "channel": "LEFT JOIN calls_facts AS c ON c.id = p.call_id",
    "operator": "LEFT JOIN calls_facts AS c ON c.id = p.call_id",
    "segment": "LEFT JOIN customers_facts AS s ON s.id = p.customer_id",
}

_DAYS = days_between("p.created_at")

WEEKLY = f"""
SELECT substr(p.created_at, 1, 10), {{keys}}, count(*) FROM pain_points_facts AS p {{joins}}
WHERE {_DAYS} GROUP BY 1, 2 ORDER BY min(p.id)
"""
"""Complaints per day and raw key of one dimension, over the index by day, in the order of their first
pain point by id: the order the Python pass meets the keys in (series of equal totals and labels stay
in that order)."""

EARLIER = "SELECT 1 FROM pain_points_facts WHERE created_at < ? LIMIT 1"
"""Whether any complaint on record is of a day before the first week counted."""

WINDOW = f"""
SELECT p.created_at, p.severity, p.id, {{keys}} FROM pain_points_facts AS p {{joins}} WHERE {_DAYS}
"""
"""The pain points of some days with what their keys are made of, for the spikes' quotes."""


def _sql(sql: str, dimensions: tuple[str, ...]) -> str:
    """``sql`` with the raw keys of ``dimensions`` and the joins they need."""
    keys = ", ".join(RAW[d] for d in dimensions)
    joins = " ".join(dict.fromkeys(JOINS[d] for d in dimensions if d in JOINS))
    return sql.format(keys=keys, joins=joins)


def weekly(
    store: Store, dimensions: tuple[str, ...], first: date, today: date, span: int
) -> tuple[list[dict[str, list[int]]], int]:
    """What :func:`cxnotes.services.trends._weekly` counts, summed by SQLite: per dimension, key ->
    complaints per week from the Monday ``first`` to ``today``; and the week of the first complaint
    on record (negative if before ``first``). One query per dimension: grouped by all of them at once,
    SQLite sorted ten times the rows."""
    counts: list[dict[str, list[int]]] = [{} for _dimension in dimensions]
    days = days_params(first.isoformat(), today.isoformat())
    weeks: dict[str, int] = {}
    start = first.toordinal()
    with store.facts_snapshot() as query:
        for dimension, table in zip(dimensions, counts, strict=True):
            for day, raw, n in query(_sql(WEEKLY, (dimension,)), days):
                week = weeks.get(day)
                if week is None:
                    week = weeks[day] = (date.fromisoformat(day).toordinal() - start) // 7
                key = key_of(dimension, raw)
                row = table.get(key)
                if row is None:
                    row = table[key] = [0] * span
                row[week] += n
        earlier = bool(query(EARLIER, (days[0],)))
    history = -1 if earlier else min(weeks.values(), default=(today - first).days // 7)
    return counts, history


def key_of(dimension: str, raw: str | None) -> str:
    """A pain point's key in ``dimension`` from its raw key (:data:`RAW`), as the Python keyer makes it."""
    return (_segment(raw) if dimension == "segment" else raw) or NO_KEY[dimension]


def keyer(dimension: str) -> Keyer:
    """The key of a row of :func:`window` in ``dimension``."""
    return lambda row: key_of(dimension, row[dimension])


@lru_cache(maxsize=1024)
def _segment(raw: str | None) -> str:
    """A segment as trends show it (cleaned once per distinct segment)."""
    return clean(raw or "", multiline=False)


def window(store: Store, dimensions: tuple[str, ...], mondays: list[date]) -> list[dict[str, Any]]:
    """The pain points of the weeks starting on ``mondays`` as the spikes' quotes read them: created,
    severity, id and the raw key of each of ``dimensions``; each week read apart over the index by day."""
    names = ("created_at", "severity", "id", *dimensions)
    sql = _sql(WINDOW, dimensions)
    with store.facts_snapshot() as query:
        found = [row for monday in mondays for row in query(sql, days_params(*_week(monday)))]
    return [dict(zip(names, row, strict=True)) for row in found]


def _week(monday: date) -> tuple[str, str]:
    """The first and last days (ISO) of the week starting on ``monday``."""
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat()
