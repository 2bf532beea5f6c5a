"""The sample store every screen picture opens, and a clock that stands still for it.

One store for all scenarios (:mod:`screen_scenarios`), as a real team's would look after a
few weeks: a live call left unfinished, finished calls, fixes with evidence from customers
with values, a churned customer nobody called back, an overdue promise and an imported chat.
Every date in it is fixed, and :func:`hold_time` makes every screen's today Monday
23 November 2026, 10:00, so the pictures are the same on every run.
"""

from __future__ import annotations

import importlib
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import MONDAY, use_clock
from test_snapshots import seed

from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise, StatusChange
from cxnotes.screens import export as export_screen
from cxnotes.storage.schema import DB_NAME
from cxnotes.storage.store import Store

# -- the sample store ----------------------------------------------------------------------------

ANSWER = "3영업일 안에 두 번째 결제를 환불해 드린다고 안내 (refund in 3 working days)"
"""The agreed answer on the live call's fix, shown in the call and the picker."""

EXPORT_FOLDER = Path("/home/minji/Documents")
"""The folder the export screen offers (it is never written to: no scenario saves)."""


def sample_store(folder: Path) -> None:
    """The store every scenario opens: the live call of :func:`test_snapshots.seed`, and around it
    fixes with evidence from customers with values, a churned customer nobody has called back, an
    overdue promise, an imported chat waiting in the inbox, and a conflict (:func:`conflict`)."""
    seed(folder, unfinished=True)
    store = Store.open(folder)
    calls = {call.id: call for call in store.all(Call)}
    seeded = sorted(store.all(PainPoint), key=lambda p: (calls[p.call_id or ""].started_at, p.quote))
    for n, point in enumerate(seeded):  # their own minute each: equal dates would sort by random ids
        point.created_at = calls[point.call_id or ""].started_at + timedelta(minutes=n + 1)
    store.put(*seeded)
    refund = store.fix_titled("Double charge on renewal")
    minji = next(c for c in store.all(Customer) if c.name == "김민지")
    bob = next(c for c in store.all(Customer) if c.name.startswith("Bob"))
    assert refund is not None
    refund.answer = ANSWER
    minji.value = 2_000_000
    bob.value = 12_000_000
    bob.statuses = [StatusChange("churned", MONDAY - timedelta(days=1))]
    people = [
        Customer(name="박지훈", segment="enterprise", value=12_000_000),
        Customer(name="이서연", segment="1-year member", value=150_000),
        Customer(name="Carol Diaz", segment="monthly"),
    ]
    cancel = Fix(title="One-click cancellation", status="planned", effort=2.0)
    login = Fix(title="로그인 유지 오류 수정")
    for days, fix in ((30, refund), (20, cancel), (10, login)):  # lists newest first: no equal dates
        fix.created_at = MONDAY - timedelta(days=days)
    store.put(refund, minji, bob, *people, cancel, login)
    quotes = [
        (refund, "Charged twice after the renewal", "billing", 4),
        (cancel, "해지 버튼을 못 찾겠어요", "cancel", 4),
        (refund, "환불은 언제 되나요? 벌써 세 번째 전화예요", "billing", 4),
        (cancel, "Took me 20 minutes to cancel", "cancel", 3),
        (login, "매일 로그아웃돼요", "use", 3),
        (None, "배송 안내 문자가 안 와요", "support", 2),
        (None, "The app is slow on old phones", "use", 2),
    ]
    for n, (fix, quote, step, severity) in enumerate(quotes):
        who = people[n % len(people)]
        at = MONDAY - timedelta(days=4 + 3 * n, hours=n)
        call = Call(
            customer_id=who.id, started_at=at, ended_at=at + timedelta(minutes=7), outcome="resolved",
            operator="지수" if n % 2 else "Alex",
        )  # fmt: skip
        store.put(
            call,
            PainPoint(
                quote=quote, step=step, severity=severity, customer_id=who.id, call_id=call.id,
                channel="phone", created_at=at, fix_id=fix.id if fix else None, operator=call.operator,
            ),
        )  # fmt: skip
    store.put(
        Promise(
            text="해지 확인 메일 보내기", due=date(2026, 11, 20), customer_id=people[0].id,
            created_at=MONDAY - timedelta(days=6),
        )
    )  # fmt: skip
    chat = Call(
        customer_id=people[1].id, channel="chat", started_at=MONDAY - timedelta(days=1, hours=3),
        ended_at=MONDAY - timedelta(days=1, hours=2), source="zendesk", source_id="4711", rating="bad",
        flagged=True, summary="Refund not received",
    )  # fmt: skip
    said = [
        (0, "customer", "환불 신청한 지 2주가 지났는데 아직 안 들어왔어요."),
        (40, "operator", "확인해 보겠습니다. Let me check the refund status."),
        (95, "customer", "[b]Again[/b]? This is the third time I ask."),
    ]
    store.put(
        chat,
        *(
            Line(call_id=chat.id, index=i, offset=float(at), speaker=who, text=text)
            for i, (at, who, text) in enumerate(said)
        ),
    )
    store.close()
    conflict(folder)


def conflict(folder: Path) -> None:
    """Two windows on the store read "One-click cancellation"; the first sets it "in progress", the
    second (which had not seen that) writes "planned" back and wins: "in progress" is kept as a
    conflict, replaced on Sunday 22 November at 16:30 (SQLite stamps it with its own clock, so the
    stamp is set here: the one write to the file behind the store's back, to hold the picture still)."""
    first, second = Store.open(folder), Store.open(folder)
    title = "One-click cancellation"
    fixes = [next(f for f in store.all(Fix) if f.title == title) for store in (first, second)]
    for store, fix, status in zip((first, second), fixes, ("in progress", "planned"), strict=True):
        fix.status = status
        store.put(fix)
        store.close()
    with sqlite3.connect(folder / DB_NAME) as db:
        db.execute("UPDATE conflicts SET replaced_at = '2026-11-22T16:30:00Z'")
    db.close()


# -- a still clock -------------------------------------------------------------------------------


class StillClock(datetime):
    """``datetime`` whose ``now()`` is always :data:`MONDAY`."""

    @classmethod
    def now(cls, tz: Any = None) -> StillClock:  # type: ignore[override]
        moment = MONDAY if tz is None else MONDAY.astimezone(tz)
        return cls.fromtimestamp(moment.timestamp(), moment.tzinfo)


class StillDate(date):
    """``date`` whose ``today()`` is always :data:`MONDAY`'s day."""

    @classmethod
    def today(cls) -> StillDate:  # type: ignore[override]
        return cls.fromordinal(MONDAY.date().toordinal())


READ_NOW = (
    "cxnotes.domain.dates",
    "cxnotes.domain.models",
    "cxnotes.export",
    "cxnotes.screens.customer_dialog",
    "cxnotes.screens.export",
    "cxnotes.screens.followups",
    "cxnotes.screens.log",
    "cxnotes.services.complaints",
    "cxnotes.services.customers",
    "cxnotes.services.followups",
    "cxnotes.services.ranking",
    "cxnotes.services.trends",
)
"""Modules that ask ``datetime.now()`` for today (record dates, ranking recency, due promises…)."""

READ_TODAY = ("cxnotes.screens.dialogs", "cxnotes.screens.week")
"""Modules that ask ``date.today()``."""


def hold_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every screen's today Monday 23 November 2026, 10:00, and the call clock stand still there."""
    use_clock(monkeypatch)
    for name in READ_NOW:
        monkeypatch.setattr(importlib.import_module(name), "datetime", StillClock)
    for name in READ_TODAY:
        monkeypatch.setattr(importlib.import_module(name), "date", StillDate)
    monkeypatch.setattr(export_screen, "default_folder", lambda: EXPORT_FOLDER)
