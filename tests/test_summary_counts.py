"""The summary's one-pass counts (over stored dicts) agree with counting the records themselves.

:mod:`cxnotes.export.counts` reads a record's day from the first ten characters of its
stored timestamp; :meth:`Period.contains` reads it from the datetime. Demo data is
moved into three time zones, with records close to midnight, so a count that used
UTC or the machine's zone instead of each record's own day would disagree.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from cxnotes.domain.models import Call, PainPoint, Record
from cxnotes.export.counts import count
from cxnotes.export.html_export import render_html
from cxnotes.export.markdown import render_markdown
from cxnotes.export.period import Period
from cxnotes.export.summary import build_summary
from cxnotes.services import demo
from cxnotes.services.ranking_customers import LOST_OUTCOMES
from cxnotes.storage.store import Store

TODAY = date(2026, 3, 31)
NOW = datetime(2026, 3, 31, 18, 0, tzinfo=UTC)
ZONES = [timezone(timedelta(hours=9)), timezone(timedelta(hours=-5)), UTC]


def near_midnight(record: Record, n: int) -> Record:
    """The record at 23:30 or 00:30 of its day, in one of :data:`ZONES`."""
    changes = {}
    for name in ("created_at", "started_at"):
        moment = getattr(record, name, None)
        if isinstance(moment, datetime):
            clock = (23, 30) if n % 2 else (0, 30)
            local = moment.replace(hour=clock[0], minute=clock[1], tzinfo=ZONES[n % len(ZONES)])
            changes[name] = local
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[type-var]


def test_counts_agree_with_period_contains(tmp_path: Path) -> None:
    records = [r for batch in demo.generate(600, seed=9, today=TODAY, short_calls=True) for r in batch]
    store = Store.open(tmp_path)
    store.write([near_midnight(r, n) for n, r in enumerate(records)])
    period = Period(date(2026, 1, 1), date(2026, 2, 15))

    found = count(store, period)

    calls, points = store.all(Call), store.all(PainPoint)
    for span, counted in ((period, found.current), (period.previous(), found.previous)):
        in_calls = [c for c in calls if span.contains(c.started_at)]
        in_points = [p for p in points if span.contains(p.created_at)]
        heard = {c.customer_id for c in in_calls} | {p.customer_id for p in in_points}
        assert counted.calls == len(in_calls) > 0
        assert counted.pain_points == len(in_points) > 0
        assert counted.customers == heard - {None, ""}
        assert counted.refunds == sum(c.outcome == "refund requested" for c in in_calls)
        assert counted.churns == sum(c.outcome == "churned" for c in in_calls)
    in_period = [p for p in points if period.contains(p.created_at)]
    assert found.by_step == Counter(p.step for p in in_period)
    assert found.by_day == Counter(p.created_at.date() for p in in_period)
    assert found.by_fix == Counter(p.fix_id for p in in_period if p.fix_id)
    first: dict[str, date] = {}
    for p in points:
        if p.fix_id:
            first[p.fix_id] = min(first.get(p.fix_id, p.created_at.date()), p.created_at.date())
    assert found.first_seen == {fix: day.isoformat() for fix, day in first.items()}
    lost = {c.id for c in calls if period.contains(c.started_at) and c.outcome in LOST_OUTCOMES}
    assert set(found.lost_calls) == lost and lost
    assert {call: sorted(p.id for p in held) for call, held in found.lost_calls.items()} == {
        call: sorted(p.id for p in points if p.call_id == call) for call in lost
    }
    store.close()


def test_a_period_over_a_year_is_charted_per_month(tmp_path: Path) -> None:
    """Weeks up to a year; a longer period (a backup with --all) gets a bar per month, edges marked."""
    store = Store.open(tmp_path)
    store.write([r for batch in demo.generate(600, seed=9, today=TODAY, short_calls=True) for r in batch])
    points = store.all(PainPoint)
    year = Period(date(2025, 4, 1), TODAY)
    longer = Period(date(2024, 12, 15), TODAY)

    weekly = build_summary(store, year, now=NOW)
    monthly = build_summary(store, longer, now=NOW)
    store.close()

    assert weekly.unit == "week" and len(weekly.over_time) == 53
    assert monthly.unit == "month"
    assert [bar.label() for bar in monthly.over_time[:2]] == ["2024-12 (17 of 31 days)", "2025-01"]
    assert monthly.over_time[-1].label() == "2026-03" and len(monthly.over_time) == 16
    in_period = sum(1 for p in points if longer.contains(p.created_at))
    assert sum(bar.count for bar in monthly.over_time) == in_period > 0
    march = sum(1 for p in points if p.created_at.date() >= date(2026, 3, 1))
    assert monthly.over_time[-1].count == march
    page = render_markdown(monthly)
    assert "## Pain points per month" in page and "| 2025-01 |" in page
    assert "* Partial month, drawn pale (2024-12 (17 of 31 days))" in render_html(monthly)
