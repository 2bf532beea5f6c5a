"""The summary, trends and follow-ups read from the store's projection equal those read from the documents.

The app holds the records and counts from their documents; ``cxnotes export``, ``cxnotes trends``
and ``cxnotes followups`` hold nothing and count from the projection SQLite keeps beside them,
reading whole only the few pain points and customers the page shows. Both must say the same.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from cxnotes.domain.models import Call, Customer, Fix, PainPoint, Promise, StatusChange
from cxnotes.export.period import Period
from cxnotes.export.summary import build_summary
from cxnotes.services.followups import followups
from cxnotes.services.trends import trends
from cxnotes.storage.store import Store
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
