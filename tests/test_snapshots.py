"""Pictures of the screens an operator lives in, compared with accepted SVG snapshots.

Regenerate after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/__snapshots__/`` before committing them. The call clock is
frozen (:meth:`CallSession.clock`) and every stored date is fixed, so the pictures are stable.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pilot_helpers import MONDAY, settle, use_clock
from textual.pilot import Pilot
from textual.widgets import Input

from cxnotes.__main__ import make_app
from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise
from cxnotes.storage.store import Store

SIZE = (120, 40)


def seed(folder: Path, *, unfinished: bool) -> None:
    """Three finished calls (one Korean) and, if asked, an unfinished one with lines, points, promises."""
    store = Store.open(folder)
    minji = Customer(name="김민지", segment="1-year member")
    ann = Customer(name="Ann Lee", segment="trial")
    bob = Customer(name="Bob [b]Stone[/b]", segment="enterprise")
    refund = Fix(title="Double charge on renewal")
    store.put(minji, ann, bob, refund)
    for days, who, channel, outcome, points in [
        (3, ann, "chat", "resolved", 1),
        (2, bob, "email", "churned", 0),
        (1, minji, "phone", "refund requested", 2),
    ]:
        start = MONDAY - timedelta(days=days, hours=days)
        call = Call(
            customer_id=who.id,
            channel=channel,
            started_at=start,
            ended_at=start + timedelta(minutes=9),
            outcome=outcome,
            summary="Talked it through.",
        )
        store.put(call)
        for n in range(points):
            store.put(PainPoint(quote=f"point {n}", step="billing", severity=4, call_id=call.id))
    if unfinished:
        call = Call(customer_id=minji.id, channel="phone", started_at=MONDAY - timedelta(minutes=5))
        spoken = [
            (0, "customer", "안녕하세요, 이번 달 요금이 두 번 청구됐어요."),
            (6, "operator", "Sorry to hear that. Let me look at your account."),
            (19, "customer", "벌써 세 번째 전화예요. 환불은 언제 되나요?"),
            (31, "operator", "I can see both charges; one will be refunded."),
            (44, "customer", "[red]Please[/red] also cancel the renewal."),
        ]
        lines = [
            Line(call_id=call.id, index=i, offset=float(at), speaker=who, text=text)
            for i, (at, who, text) in enumerate(spoken)
        ]
        store.put(
            call,
            *lines,
            PainPoint(
                quote=lines[0].text, step="billing", severity=5, customer_id=minji.id, call_id=call.id,
                line_id=lines[0].id, fix_id=refund.id,
            ),
            PainPoint(
                quote="벌써 세 번째 전화예요", step="support", severity=3, customer_id=minji.id,
                call_id=call.id, line_id=lines[2].id,
            ),
            PainPoint(
                quote=lines[4].text, step="cancel", severity=2, customer_id=minji.id, call_id=call.id,
                line_id=lines[4].id,
            ),
            Promise(text="Refund the second charge", due=date(2026, 11, 24), call_id=call.id),
            Promise(text="해지 확인 메일 보내기", due=date(2026, 11, 27), call_id=call.id, done=True),
        )  # fmt: skip
    store.close()


async def steady(pilot: Pilot[None]) -> None:
    """Everything loaded, no toast, no blinking cursor: the picture is the same on every run."""
    await settle(pilot)
    pilot.app.clear_notifications()
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """The call clock stands still at Monday 23 November 2026, 10:00."""
    use_clock(monkeypatch)


def test_calls_list(tmp_path: Path, frozen: None, snap_compare: Any) -> None:
    """The calls list: the unfinished call on top under the cursor ("unfinished"), then the finished calls
    newest first with date, customer (Korean and a name holding markup, shown literally), outcome,
    pain point count, segment, channel and "Held by" (empty: no operator named); "4 calls · 1 unfinished"
    above; the footer keys (new call, refresh, customers, call back, trends, my week, inbox)."""
    seed(tmp_path, unfinished=True)

    async def back_to_list(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("escape")
        await steady(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=back_to_list)


def test_live_call(tmp_path: Path, frozen: None, snap_compare: Any) -> None:
    """The restored live call: title bar "Call · 김민지 (1-year member) · phone — ⏱ 0 min"; five
    transcript lines with mm:ss stamps, C/O speaker tags, Korean text aligned, "[red]Please[/red]"
    literal, ⚑1 ⚑2 ⚑3 after the marked lines; the side panel lists three pain points with step,
    severity dots and quote, and two promises (one ticked) with due days; an empty typing line
    stamped "--:-- C" with the cursor in it; the footer keys."""
    seed(tmp_path, unfinished=True)
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=steady)


def test_pain_point_picker(tmp_path: Path, frozen: None, snap_compare: Any) -> None:
    """The picker over the live call after Ctrl+G then 7: the last line as the quote, the steps in
    rows that never split a step, "Billing / renewal" highlighted, severity ●●● (the default)
    highlighted, an empty fix title box and the help line."""
    seed(tmp_path, unfinished=True)

    async def open_picker(pilot: Pilot[None]) -> None:
        await steady(pilot)
        await pilot.press("ctrl+g", "7")
        await steady(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=open_picker)
