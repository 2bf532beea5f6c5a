"""The live call the screen pictures start from, and the wait for a still picture.

The pictures themselves are taken in ``test_screen_snapshots.py``, one per scenario of
``screen_scenarios.py`` at 80x24 and at 120x40; the store they open (``sample_store.py``)
starts from :func:`seed`.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from pilot_helpers import MONDAY, settle, still
from textual.pilot import Pilot
from textual.widgets import Input

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
    await still(pilot)
