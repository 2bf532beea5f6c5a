"""The customers' part of the fix ranking: who churned or asked for a refund, and what each
customer adds to a fix's score for their value and for leaving (see :mod:`cxnotes.services.ranking`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from cxnotes.domain.models import LOST_STATUSES, Call, Customer
from cxnotes.services import memo

if TYPE_CHECKING:
    from cxnotes.services.ranking import Weights
    from cxnotes.storage.store import Store

LOST_OUTCOMES = frozenset({"churned", "refund requested"})
"""Call outcomes that make a customer weigh more."""


def customer_points(store: Store, weights: Weights) -> dict[str, tuple[float, float]]:
    """Customer id -> (customer value points, churn or refund points), for those who have any."""
    key = (store.version(Customer, Call), weights.value, weights.churn)
    return memo.remembered(store, "ranking: customers", key, lambda: _count_customer_points(store, weights))


def lost_customers(store: Store) -> frozenset[str]:
    """Ids of customers who churned or asked for a refund: on a call's outcome or in a status change.

    Remembered until customers or calls change: the summary asks twice (its churn term, its reasons).
    """
    key = store.version(Customer, Call)
    return memo.remembered(store, "ranking: lost customers", key, lambda: _find_lost(store))


def _find_lost(store: Store) -> frozenset[str]:
    """Only the calls with an outcome, the customers with a status; in a one-shot command's store,
    found by SQLite as its ranking finds them (:func:`cxnotes.services.ranking_sql.lost_customers`:
    a fifth of the time of reading each status list into Python)."""
    if store.projects(Call) and store.projects(Customer):
        from cxnotes.services import ranking_sql  # one-shot commands only

        return ranking_sql.lost_customers(store)
    calls = store.facts(Call, ("customer_id", "outcome"), present="outcome")
    lost = {d["customer_id"] for d in calls if d.get("outcome") in LOST_OUTCOMES}
    lost.update(
        d["id"]
        for d in store.facts(Customer, ("id", "statuses"), present="statuses")
        if any(change["status"] in LOST_STATUSES for change in d.get("statuses") or ())
    )
    lost.discard(None)
    return frozenset(lost)


def _count_customer_points(store: Store, weights: Weights) -> dict[str, tuple[float, float]]:
    """The points of every customer; one-shot commands compute them in SQL (``ranking_sql.POINTS``)."""
    lost = lost_customers(store)
    points = {}
    for d in store.facts(Customer):
        value = weights.value * math.log10(1 + max(d.get("value") or 0.0, 0.0))
        churn = weights.churn if d["id"] in lost else 0.0
        if value or churn:
            points[d["id"]] = (value, churn)
    return points
