"""The fix review's evidence table: the date beside the quote, in view.

Every record has a fixed date, and the clock the ranking reads (recency) stands still at
Monday 23 November 2026, 10:00. The review's pictures are scenarios in ``screen_scenarios.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import MONDAY, settle
from textual.widgets import DataTable

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call, Customer, Fix, PainPoint
from cxnotes.services import ranking
from cxnotes.storage.store import Store


class StillClock(datetime):
    """``datetime`` whose ``now()`` is always :data:`MONDAY` (for the modules that ask it)."""

    @classmethod
    def now(cls, tz: Any = None) -> StillClock:  # type: ignore[override]
        moment = MONDAY if tz is None else MONDAY.astimezone(tz)
        return cls.fromtimestamp(moment.timestamp(), moment.tzinfo)


@pytest.fixture
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three fixes with evidence from five customers over three weeks; one fix has an agreed answer."""
    monkeypatch.setattr(ranking, "datetime", StillClock)
    store = Store.open(tmp_path)
    people = [
        Customer(name="김민지", segment="1-year member", value=2_000_000),
        Customer(name="Ann Lee", segment="trial"),
        Customer(name="박지훈", segment="enterprise", value=12_000_000),
        Customer(name="Bob Stone", segment="monthly"),
        Customer(name="이서연", segment="1-year member"),
    ]
    refund = Fix(title="Refund double charges automatically", answer="3영업일 안에 환불 (refund in 3 days)")
    cancel = Fix(title="One-click cancellation", status="planned", effort=2.0)
    login = Fix(title="로그인 유지 오류 수정")
    store.put(*people, refund, cancel, login)
    quotes = [
        (refund, "이번 달 요금이 두 번 청구됐어요", "billing", 5),
        (refund, "Charged twice after the renewal", "billing", 4),
        (refund, "환불은 언제 되나요? 벌써 세 번째 전화예요", "billing", 4),
        (cancel, "해지 버튼을 못 찾겠어요", "cancel", 4),
        (cancel, "Took me 20 minutes to cancel", "cancel", 3),
        (login, "매일 로그아웃돼요", "use", 3),
        (None, "배송 안내 문자가 안 와요", "support", 2),
        (None, "The app is slow on old phones", "use", 2),
    ]
    for n, (fix, quote, step, severity) in enumerate(quotes):
        who = people[n % len(people)]
        at = MONDAY - timedelta(days=2 + 3 * n, hours=n)
        call = Call(customer_id=who.id, started_at=at, ended_at=at + timedelta(minutes=7), outcome="resolved")
        store.put(
            call,
            PainPoint(
                quote=quote, step=step, severity=severity, customer_id=who.id, call_id=call.id,
                channel="phone", created_at=at, fix_id=fix.id if fix else None,
            ),
        )  # fmt: skip
    store.close()
    return tmp_path


async def test_the_evidence_date_is_in_view_beside_the_quote(store_dir: Path) -> None:
    """At 120x40 the evidence shows severity, quote and the whole "Noted" date without scrolling."""
    app = make_app(store_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        table = app.screen.query_one("#evidence", DataTable)
        used = sum(column.get_render_width(table) for column in list(table.columns.values())[:3])
        assert table.row_count == 3 and used <= table.scrollable_content_region.width
        assert [str(cell) for cell in table.get_column("noted")] == ["2026-11-21", "2026-11-18", "2026-11-15"]
