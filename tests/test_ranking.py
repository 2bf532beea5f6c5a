"""The ranking's principles, each on a real store on disk."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from cxnotes.domain.models import Call, Customer, Fix, PainPoint
from cxnotes.services import ranking, ranking_charts
from cxnotes.services.ranking import Filters, Weights
from cxnotes.storage.store import Store

NOW = datetime(2026, 10, 15, 12, 0).astimezone()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store on disk."""
    opened = Store.open(tmp_path / "store")
    yield opened
    opened.close()


def point(fix: Fix | None, customer: Customer | None = None, **fields: object) -> PainPoint:
    """A pain point noted at NOW unless told otherwise."""
    fields.setdefault("created_at", NOW)
    return PainPoint(fix_id=fix.id if fix else None, customer_id=customer.id if customer else None, **fields)


def by_title(rows: list[ranking.RankedFix]) -> dict[str, ranking.RankedFix]:
    return {row.fix.title: row for row in rows}


def test_twenty_customers_outrank_one_customer_repeating_twenty_times(store: Store) -> None:
    many, one = Fix(title="many"), Fix(title="one")
    people = [Customer(name=f"c{i}") for i in range(20)]
    loud = Customer(name="loud")
    store.put(many, one, loud, *people)
    store.put(*(point(many, c, severity=3) for c in people))
    store.put(*(point(one, loud, severity=5) for _ in range(20)))
    rows = ranking.rank(store, now=NOW)
    assert [r.fix.title for r in rows] == ["many", "one"]
    assert (rows[0].customers, rows[1].customers) == (20, 1)
    assert len(rows[1].pain_point_ids) == 20
    assert rows[1].breakdown["severity"] == Weights().severity * 16


def test_each_customer_counts_with_their_most_severe_point(store: Store) -> None:
    fix, ann = Fix(title="f"), Customer(name="ann")
    store.put(fix, ann, point(fix, ann, severity=2), point(fix, ann, severity=4), point(fix, ann, severity=1))
    (row,) = ranking.rank(store, now=NOW)
    assert row.breakdown["severity"] == 8.0
    assert row.severity_mix == {1: 1, 2: 1, 4: 1}


def test_severity_weights_rise_steeply(store: Store) -> None:
    fixes = [Fix(title=str(s)) for s in range(1, 6)]
    store.put(*fixes)
    store.put(*(point(f, Customer(), severity=s) for s, f in enumerate(fixes, 1)))
    scores = [by_title(ranking.rank(store, now=NOW))[str(s)].score for s in range(1, 6)]
    assert scores == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert [r.fix.title for r in ranking.rank(store, now=NOW)] == ["5", "4", "3", "2", "1"]


def test_older_evidence_counts_half_per_half_life(store: Store) -> None:
    fresh, old = Fix(title="fresh"), Fix(title="old")
    store.put(
        fresh, old, point(fresh, severity=4), point(old, severity=4, created_at=NOW - timedelta(days=30))
    )
    rows = by_title(ranking.rank(store, now=NOW))
    assert rows["fresh"].score == 8.0
    assert rows["old"].score == 4.0
    assert rows["old"].breakdown["older evidence"] == -4.0
    assert ranking.rank(store, now=NOW, weights=Weights(half_life_days=0))[1].score == 8.0


def test_customer_value_and_lost_customers_weigh_more(store: Store) -> None:
    fixes = {name: Fix(title=name) for name in ("plain", "rich", "churned", "refund")}
    plain, rich, churned, refund = Customer(), Customer(value=9999.0), Customer(), Customer()
    store.put(*fixes.values(), plain, rich, churned, refund)
    store.put(
        Call(customer_id=churned.id, outcome="churned"),
        Call(customer_id=refund.id, outcome="refund requested"),
    )
    store.put(Call(customer_id=plain.id, outcome="resolved"))
    for name, customer in zip(fixes, (plain, rich, churned, refund), strict=True):
        store.put(point(fixes[name], customer, severity=3))
    rows = by_title(ranking.rank(store, now=NOW))
    assert rows["rich"].breakdown["customer value"] == 8.0
    assert rows["churned"].breakdown["churn or refund"] == rows["refund"].breakdown["churn or refund"] == 6.0
    assert rows["plain"].score == 4.0
    assert min(rows["rich"].score, rows["churned"].score, rows["refund"].score) > rows["plain"].score


def test_involuntary_pain_points_weigh_less(store: Store) -> None:
    ours, theirs = Fix(title="ours"), Fix(title="theirs")
    store.put(ours, theirs, point(ours, severity=4), point(theirs, severity=4, involuntary=True))
    rows = by_title(ranking.rank(store, now=NOW))
    assert rows["theirs"].score == 2.0
    assert rows["theirs"].breakdown["involuntary"] == -6.0
    assert rows["ours"].score > rows["theirs"].score


def test_effort_gives_value_per_effort(store: Store) -> None:
    quick, slow, unknown = Fix(title="quick", effort=1.0), Fix(title="slow", effort=4.0), Fix(title="unknown")
    store.put(quick, slow, unknown, *(point(f, severity=5) for f in (quick, slow, unknown)))
    rows = by_title(ranking.rank(store, now=NOW))
    assert rows["quick"].score == rows["unknown"].score == 16.0
    assert rows["slow"].score == 8.0
    assert rows["slow"].breakdown["effort"] == -8.0


def test_breakdown_adds_up_exactly_to_the_score(store: Store) -> None:
    rnd = random.Random(7)
    fixes = [Fix(title=f"fix {i}", effort=rnd.choice([None, 0.7, 3.0])) for i in range(15)]
    people = [Customer(value=rnd.choice([None, 12.5, 333.3, 7000.0])) for _ in range(30)]
    store.put(*fixes, *people, *(Call(customer_id=c.id, outcome="churned") for c in people[:5]))
    store.put(
        *(
            point(
                rnd.choice(fixes),
                rnd.choice(people),
                severity=rnd.randint(1, 5),
                involuntary=rnd.random() < 0.2,
                created_at=NOW - timedelta(days=rnd.random() * 200),
            )
            for _ in range(400)
        )
    )
    rows = ranking.rank(store, now=NOW)
    assert len(rows) == 15
    for row in rows:
        assert list(row.breakdown) == list(ranking.TERMS)
        assert sum(Decimal(str(v)) for v in row.breakdown.values()) == Decimal(str(row.score))
    assert [r.rank for r in rows] == list(range(1, 16))
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)


def test_status_filter_and_merged_fixes(store: Store) -> None:
    titles = {"open": "a", "planned": "b", "in progress": "c", "shipped": "d", "won't fix": "e"}
    fixes = [Fix(title=t, status=s) for s, t in titles.items()]
    gone = Fix(title="merged away", merged_into=fixes[0].id)
    store.put(*fixes, gone)
    assert sorted(r.fix.title for r in ranking.rank(store, now=NOW)) == ["a", "b", "c"]
    done = ranking.rank(store, now=NOW, filters=Filters(statuses=("shipped", "won't fix")))
    assert sorted(r.fix.title for r in done) == ["d", "e"]


def test_evidence_filters(store: Store) -> None:
    fix, other = Fix(title="Refund is slow"), Fix(title="환불 지연")
    member, trial = Customer(segment="1-year member"), Customer(segment="Trial")
    call = Call(customer_id=member.id, channel="chat")
    store.put(fix, other, member, trial, call)
    early = point(fix, member, step="billing", call_id=call.id, created_at=NOW - timedelta(days=20))
    late = point(fix, trial, step="support", channel="phone", quote="결제가 두 번 됐어요")
    store.put(early, late, point(other, trial, step="cancel"))

    def ids(**fields: object) -> dict[str, list[str]]:
        return {
            r.fix.title: r.pain_point_ids for r in ranking.rank(store, now=NOW, filters=Filters(**fields))
        }

    assert ids(steps=("billing",)) == {"Refund is slow": [early.id]}
    assert ids(segment="1-YEAR MEMBER") == {"Refund is slow": [early.id]}
    assert ids(channel="chat") == {"Refund is slow": [early.id]}
    assert ids(since=NOW.date() - timedelta(days=1))["Refund is slow"] == [late.id]
    assert ids(until=NOW.date() - timedelta(days=20)) == {"Refund is slow": [early.id]}
    assert list(ids(text="환불")) == ["환불 지연"]
    assert list(ids(text=unicodedata.normalize("NFD", "결제"))) == ["Refund is slow"]
    assert list(ids(text="REFUND")) == ["Refund is slow"]


def test_empty_fix_shows_unless_evidence_is_filtered(store: Store) -> None:
    store.put(Fix(title="new idea"))
    (row,) = ranking.rank(store, now=NOW)
    assert (row.score, row.customers, row.newest, row.steps) == (0.0, 0, None, [])
    assert ranking.rank(store, now=NOW, filters=Filters(steps=("use",))) == []


def test_row_facts(store: Store) -> None:
    fix, ann = Fix(title="f"), Customer()
    older = point(fix, ann, step="use", created_at=NOW - timedelta(days=3))
    store.put(fix, ann, older, point(fix, None, step="billing"), point(fix, None, step="billing"))
    (row,) = ranking.rank(store, now=NOW)
    assert row.customers == 3
    assert row.steps == ["billing", "use"]
    assert row.newest == NOW


def test_counts_by_step_and_week(store: Store) -> None:
    monday = date(2026, 10, 12)
    at = datetime(2026, 10, 14, 9).astimezone()
    store.put(
        point(None, step="billing", created_at=at),
        point(None, step="billing", created_at=at - timedelta(days=14)),
        point(Fix(), step="support", created_at=at),
    )
    by_step = ranking_charts.counts_by_step(store)
    assert list(by_step)[:3] == ["discover", "evaluate", "purchase"]
    assert (by_step["billing"], by_step["support"], by_step["use"]) == (2, 1, 0)
    weeks = ranking_charts.counts_by_week(store)
    assert weeks == [(monday - timedelta(weeks=2), 1), (monday - timedelta(weeks=1), 0), (monday, 2)]
    assert ranking_charts.counts_by_week(store, Filters(steps=("support",))) == [(monday, 1)]
