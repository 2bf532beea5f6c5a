"""The summary, trends and follow-ups read from the store's projection equal those read from the documents.

The app holds the records and counts from their documents; ``cxnotes export``, ``cxnotes trends``
and ``cxnotes followups`` hold nothing and count from the projection SQLite keeps beside them,
reading whole only the few pain points and customers the page shows. Both must say the same.
"""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from cxnotes.domain.models import Call, Customer, Fix, PainPoint, Promise, Record, StatusChange
from cxnotes.export.counts import count, reach
from cxnotes.export.period import Period
from cxnotes.export.summary import build_summary, open_promises
from cxnotes.services.followups import followups
from cxnotes.services.ranking import OPEN_STATUSES
from cxnotes.services.ranking_customers import lost_customers
from cxnotes.services.trends import trends
from cxnotes.storage.sqlite import DB_NAME
from cxnotes.storage.store import Store
from tests.test_faults import Disk, big_disk  # noqa: F401  (the fixture)
from tests.test_ranking_projection import NOW, fill

PERIOD = Period(date(2026, 9, 16), date(2026, 10, 15))


def add_what_the_page_shows(store: Store) -> None:
    """Leavers, a shipped fix, promises and a week of billing complaints well above the weeks before."""
    draw = random.Random(3)
    people = sorted(store.all(Customer), key=lambda c: c.name)  # by name: ids are drawn anew each run
    for person, status in zip(people[:4], ("churned", "refund-requested", "at-risk", "churned"), strict=True):
        person.statuses = [StatusChange(status, NOW - timedelta(days=draw.randint(1, 20)))]
    fixes = sorted(store.all(Fix), key=lambda f: f.title)
    shipped = dataclasses.replace(fixes[4], status="shipped", shipped_at=NOW - timedelta(days=5))
    calls = sorted(store.all(Call), key=lambda c: c.started_at)
    promises = [
        Promise(
            text=f"다시 연락드리기 {i}",
            due=NOW.date() + timedelta(days=draw.randint(-10, 10)),
            done=i % 3 == 0,
            customer_id=draw.choice(people).id,
            call_id=draw.choice(calls).id,
            created_at=NOW - timedelta(days=draw.randint(1, 40)),
        )
        for i in range(12)
    ]
    surge = [
        PainPoint(
            quote=f"요금이 두 번 나갔어요 {i % 4}",
            step="billing",
            severity=draw.randint(2, 5),
            customer_id=draw.choice(people).id,
            call_id=draw.choice(calls).id,
            created_at=NOW - timedelta(days=draw.randint(0, 2), hours=draw.randint(0, 5)),
            fix_id=fixes[0].id,
        )
        for i in range(80)
    ]
    silent = Customer(name="조용한 고객", segment="기업", value=9e5)  # left, and never heard from since
    silent.statuses = [StatusChange("churned", NOW - timedelta(days=2))]
    store.put(*people[:4], silent, shipped, *promises, *surge)


def read(folder: Path, *, hold: bool) -> dict[str, Any]:
    """What the summary, trends and follow-ups say, from the documents (``hold``) or the projection."""
    store = Store.open(folder, readonly=True)
    try:
        if hold:
            for kind in (PainPoint, Call, Customer):
                store.docs(kind)
        summary = build_summary(store, PERIOD, now=NOW)
        found = trends(store, ("step", "channel", "segment", "operator"), weeks=8, now=NOW)
        queue = followups(store, now=NOW)
        assert all(store.holds(kind) == hold for kind in (PainPoint, Call, Customer))
        return {
            "summary": dataclasses.asdict(summary),
            "trends": {name: dataclasses.asdict(t) for name, t in found.items()},
            "followups": dataclasses.asdict(queue),
        }
    finally:
        store.close()


def test_the_summary_trends_and_followups_read_the_same_from_the_projection(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = Store.open(folder)
    fill(store)
    add_what_the_page_shows(store)
    store.close()
    expected = read(folder, hold=True)
    summary = expected["summary"]
    assert summary["top_fixes"] and all(fix["quotes"] for fix in summary["top_fixes"])
    assert summary["action"]["changes"] and summary["action"]["changes"][0]["quotes"], "a spike, quoted"
    assert summary["action"]["shipped"] and summary["action"]["left_points"]
    assert summary["promises"] and expected["followups"]["queue"] and expected["followups"]["promises"]
    assert read(folder, hold=False) == expected


PERIODS = (
    PERIOD,
    Period(date(2026, 10, 12), date(2026, 10, 12)),
    Period(date(2026, 10, 1), date(2026, 10, 20)),
    Period(date(2026, 6, 1), date(2026, 10, 15)),
    Period(date(2026, 8, 3), date(2026, 8, 30)),
)
"""A month, one day, a span running past the newest record, longer than a quarter, one before most
records: the counts by day, week and month and the spans before them all differ."""


def counted(folder: Path, period: Period, operator: str, weeks: int, *, hold: bool) -> dict[str, Any]:
    """What the summary counts and reads for ``period`` and ``operator``, and the weekly trends over
    ``weeks``: from the documents (``hold``) or summed by SQLite over the projection."""
    store = Store.open(folder, readonly=True)
    try:
        if hold:
            for kind in (PainPoint, Call, Customer, Promise):
                store.docs(kind)
        assert store.projects(PainPoint) != hold and store.projects(Promise) != hold
        fixes = {f.id: f for f in store.all(Fix) if not f.merged_into}
        open_ids = {i for i, f in fixes.items() if f.status in OPEN_STATUSES}
        shipped = {i for i, f in fixes.items() if f.status == "shipped"}
        found = trends(store, ("step", "channel", "segment", "operator"), weeks=weeks, now=NOW)
        return {
            "counts": dataclasses.asdict(count(store, period, operator=operator)),
            "reach": dataclasses.asdict(reach(store, period, lost_customers(store), open_ids, shipped)),
            "promises": sorted(p.id for p in open_promises(store)),
            "summary": dataclasses.asdict(build_summary(store, period, now=NOW, operator=operator)),
            "trends": {name: dataclasses.asdict(t) for name, t in found.items()},
        }
    finally:
        store.close()


def add_dated_calls(store: Store, seed: int) -> None:
    """Calls over four months, some lost, taken by operators named as typed, with pain points on them."""
    draw = random.Random(seed)
    people = sorted(store.all(Customer), key=lambda c: c.name)
    fixes = sorted(store.all(Fix), key=lambda f: f.title)
    calls = [
        Call(
            customer_id=draw.choice([None, *(p.id for p in people)]),
            channel=draw.choice(["phone", "chat", ""]),
            outcome=draw.choice([None, "resolved", "churned", "refund requested"]),
            operator=draw.choice(["김 민지", "김민지", "Sam", "SAM ", None]),
            started_at=NOW - timedelta(days=draw.randint(0, 130), hours=draw.randint(0, 20)),
        )
        for _ in range(60)
    ]
    points = [
        PainPoint(
            quote=draw.choice(["환불해 주세요", "The app logs me out", ""]),
            step=draw.choice(["billing", "use", "cancel", ""]),
            severity=draw.randint(1, 5),
            customer_id=call.customer_id,
            call_id=call.id,
            channel=draw.choice([None, "", "email"]),
            created_at=call.started_at + timedelta(minutes=draw.randint(0, 30)),
            fix_id=draw.choice([None, *(f.id for f in fixes)]),
            involuntary=draw.random() < 0.2,
            operator=call.operator or "",
        )
        for call in draw.choices(calls, k=150)
    ]
    store.put(*calls, *points)


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_sql_and_python_count_alike_on_random_stores_periods_and_operators(tmp_path: Path, seed: int) -> None:
    """The one-shot summary counts in SQL (:mod:`cxnotes.export.summary_sql`,
    :mod:`cxnotes.services.trends_sql`) what the app counts in Python: equal, figure by figure, for
    periods of every length and place, the whole team and one operator (named as typed: spaces and
    case aside), on stores drawn at random and edited as users do."""
    folder = tmp_path / "store"
    store = Store.open(folder)
    fill(store, seed)
    add_what_the_page_shows(store)
    add_dated_calls(store, seed)
    store.close()
    draw = random.Random(seed)
    cases = [(period, operator) for period in PERIODS for operator in ("", "김민지", " sam", "nobody")]
    for period, operator in [(PERIOD, ""), *draw.sample(cases, 5)]:
        weeks = draw.randint(1, 20)
        expected = counted(folder, period, operator, weeks, hold=True)
        assert counted(folder, period, operator, weeks, hold=False) == expected, (period, operator, weeks)
        if period == PERIOD and not operator:
            assert expected["counts"]["lost_calls"] and expected["counts"]["by_fix"]
            assert expected["reach"]["at_risk"] and expected["reach"]["behind"] and expected["promises"]


def forget_promises(folder: Path) -> None:
    """Make the store as the cxnotes before the promises' projection left it (the others there)."""
    conn = sqlite3.connect(folder / DB_NAME)
    with conn:
        for trigger in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER promises_facts_{trigger}")
        conn.execute("DROP TABLE promises_facts")
        conn.execute("UPDATE meta SET value = 1 WHERE key = 'projection:indexes'")
    conn.close()


def projected(folder: Path) -> dict[type[Record], bool]:
    """Whether a one-shot command's store at ``folder`` reads the projection of pain points and promises."""
    store = Store.open(folder, readonly=True)
    try:
        return {kind: store.projects(kind) for kind in (PainPoint, Promise)}
    finally:
        store.close()


def test_a_store_with_older_projections_summarises_the_same_written_or_not(big_disk: Disk) -> None:  # noqa: F811
    """A store made before the promises were projected, opened where it cannot be written (a full
    disk), counts in SQL what it has and reads the promises' documents; the next open that can write
    gives it the promises' projection, alone, and the summary stays the same."""
    folder = big_disk.root / "store"
    store = Store.open(folder)
    fill(store)
    add_what_the_page_shows(store)
    add_dated_calls(store, 5)
    store.close()
    expected = read(folder, hold=True)
    forget_promises(folder)
    big_disk.fill()
    assert projected(folder) == {PainPoint: True, Promise: False}
    assert read(folder, hold=False) == expected
    big_disk.free()
    Store.open(folder).close()
    assert projected(folder) == {PainPoint: True, Promise: True}
    assert read(folder, hold=False) == expected


def test_a_store_a_later_cxnotes_indexed_is_left_as_it_is(tmp_path: Path) -> None:
    """An older cxnotes opening a store a newer one indexed does not make its indexes and best points
    again (the two would take turns at it on every open), and still reads the projection."""
    folder = tmp_path / "store"
    store = Store.open(folder)
    fill(store)
    store.close()
    conn = sqlite3.connect(folder / DB_NAME)
    with conn:
        conn.execute("UPDATE meta SET value = 99 WHERE key = 'projection:indexes'")
        conn.execute("DELETE FROM pain_points_best")  # a newer cxnotes's business: this one leaves it be
    conn.close()
    Store.open(folder).close()
    assert projected(folder) == {PainPoint: True, Promise: True}
    conn = sqlite3.connect(folder / DB_NAME)
    try:
        assert conn.execute("SELECT value FROM meta WHERE key = 'projection:indexes'").fetchone() == (99,)
        assert conn.execute("SELECT count(*) FROM pain_points_best").fetchone() == (0,)
    finally:
        conn.close()
