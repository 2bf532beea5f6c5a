"""The ranking reuses unchanged fixes' rows between calls; every kind of change must still show."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from cxnotes.domain.models import Call, Customer, Fix, PainPoint
from cxnotes.services import ranking, ranking_charts
from cxnotes.storage.store import Store

NOW = datetime(2026, 10, 15, 12, 0).astimezone()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "store")
    yield opened
    opened.close()


def scores(store: Store, **kwargs: object) -> dict[str, float]:
    return {row.fix.title: row.score for row in ranking.rank(store, now=NOW, **kwargs)}  # type: ignore[arg-type]


def test_store_version_grows_with_each_write_to_a_kind(store: Store) -> None:
    before = store.version(PainPoint, Fix)
    store.put(Fix(title="f"))
    after = store.version(PainPoint, Fix)
    assert after[0] == before[0] and after[1] == before[1] + 1


def test_every_change_to_a_ranking_input_shows_on_the_next_ranking(store: Store) -> None:
    ann = Customer(name="ann")
    a, b = Fix(title="a"), Fix(title="b")
    pa = PainPoint(fix_id=a.id, customer_id=ann.id, severity=2, created_at=NOW)
    pb = PainPoint(fix_id=b.id, severity=1, created_at=NOW)
    store.put(ann, a, b, pa, pb)
    assert scores(store) == {"a": 2.0, "b": 1.0}

    store.put(replace(pa, severity=4))
    assert scores(store) == {"a": 8.0, "b": 1.0}

    store.put(replace(pb, fix_id=a.id))
    assert scores(store) == {"a": 9.0, "b": 0.0}

    store.put(replace(a, effort=4.0))
    assert scores(store)["a"] == 4.5

    store.put(replace(a, effort=None), replace(ann, value=9.0))
    assert scores(store)["a"] == 11.0

    store.put(Call(customer_id=ann.id, started_at=NOW, outcome="churned"))
    assert scores(store)["a"] == 17.0
    assert scores(store, weights=ranking.Weights(churn=1.0))["a"] == 12.0

    store.delete(pa)
    assert scores(store) == {"a": 1.0, "b": 0.0}


def test_rows_handed_out_are_not_shared_between_rankings(store: Store) -> None:
    fix = Fix(title="f")
    store.put(fix, PainPoint(fix_id=fix.id, created_at=NOW))
    first = ranking.rank(store, now=NOW)
    first[0].rank = 99
    assert ranking.rank(store, now=NOW)[0].rank == 1


def test_charts_follow_new_evidence_and_filters(store: Store) -> None:
    fix = Fix(title="f")
    store.put(fix, PainPoint(step="billing", quote="charged twice", created_at=NOW))
    assert ranking_charts.counts_by_step(store)["billing"] == 1
    store.put(PainPoint(step="billing", quote="환불 요청", fix_id=fix.id, created_at=NOW))
    assert ranking_charts.counts_by_step(store)["billing"] == 2
    assert ranking_charts.counts_by_step(store, ranking.Filters(text="환불"))["billing"] == 1
    assert ranking_charts.counts_by_week(store) == [(date(2026, 10, 12), 2)]
    assert ranking.rank(store, now=NOW, filters=ranking.Filters(text="charged")) == []
    assert [r.fix.title for r in ranking.rank(store, now=NOW, filters=ranking.Filters(text="환불"))] == ["f"]
