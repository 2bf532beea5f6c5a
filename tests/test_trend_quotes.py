"""A spike's quotes are its week's first three distinct ones, most severe then newest, however many
points come before them.

Trends read the quotes of a spike week in growing chunks (:data:`cxnotes.services.trends.QUOTES_READ`
first) rather than every point of the week; the quotes must be the ones reading every point gives:
here forty points of the same words come first, and points of equal severity and time are ordered by
their quote, last first.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cxnotes.domain.models import PainPoint
from cxnotes.services.trends import QUOTES_PER_SPIKE, QUOTES_READ, trends
from cxnotes.storage.store import Store

NOW = datetime(2026, 10, 15, 12, 0).astimezone()


def spike_week(store: Store) -> list[PainPoint]:
    """A quiet baseline, then a week of billing complaints: the most severe say the same thing."""
    quiet = [
        PainPoint(quote="조용한 주", step="billing", severity=1, created_at=NOW - timedelta(weeks=w))
        for w in range(2, 10)
    ]
    same_words = [
        PainPoint(
            quote="요금이  두 번\n나갔어요", step="billing", severity=5, created_at=NOW - timedelta(hours=i)
        )
        for i in range(QUOTES_READ * 2 + 8)
    ]
    tied_at = NOW - timedelta(days=1)
    tied = [
        PainPoint(quote=words, step="billing", severity=4, created_at=tied_at)
        for words in ("가 해지가 안 돼요", "Refund me", "다 환불해 주세요", "Refund me")
    ]
    older = [
        PainPoint(quote=f"older {i}", step="billing", severity=4, created_at=NOW - timedelta(days=2, hours=i))
        for i in range(3)
    ]
    points = [*quiet, *same_words, *tied, *older]
    store.put(*points)
    return [*same_words, *tied, *older]


def expected_quotes(week: list[PainPoint]) -> list[tuple[str, int]]:
    """Every point of the week read, most severe, newest, then quote last first; distinct words."""
    ordered = sorted(week, key=lambda p: (p.severity, p.created_at, p.quote), reverse=True)
    chosen: list[tuple[str, int]] = []
    for point in ordered:
        text = " ".join(point.quote.split())
        if text not in [q for q, _ in chosen]:
            chosen.append((text, point.severity))
    return chosen[:QUOTES_PER_SPIKE]


@pytest.mark.parametrize("hold", [False, True], ids=["projection", "documents"])
def test_a_spike_is_quoted_as_reading_its_whole_week_would(tmp_path: Path, hold: bool) -> None:
    store = Store.open(tmp_path / "store")
    week = spike_week(store)
    store.close()
    store = Store.open(tmp_path / "store", readonly=True)
    try:
        if hold:
            store.docs(PainPoint)
        (spike,) = trends(store, ("step",), weeks=1, now=NOW)["step"].spikes
    finally:
        store.close()
    assert spike.quotes == expected_quotes(week)
    assert spike.quotes == [("요금이 두 번 나갔어요", 5), ("다 환불해 주세요", 4), ("가 해지가 안 돼요", 4)]
