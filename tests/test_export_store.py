"""The fixed store every export and import test starts from, and what an export period selects.

Ids and times are fixed and ``NOW`` is injected, so exports of this store are byte-for-byte
stable (the golden files in ``tests/golden/`` hold them). The text is hostile on purpose:
Rich markup, HTML, spreadsheet formulas, terminal escapes and control characters, next to
Korean, in names, quotes, fix titles and promises.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from cxnotes.domain.models import Call, Customer, Fix, Line, PainPoint, Promise
from cxnotes.export.period import Period
from cxnotes.export.records import Records
from cxnotes.storage.store import Store

KST = timezone(timedelta(hours=9))
NOW = datetime(2026, 3, 31, 12, 0, tzinfo=KST)
"""The moment the exports are made: the default period is 2026-03-02 to 2026-03-31."""


def at(day: str, clock: str = "10:00") -> datetime:
    """A fixed Seoul time."""
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=KST)


def fill(store: Store) -> None:
    """Put the fixed records into ``store``."""
    customers = [
        Customer(id="c1", name="김민지", segment="1년 회원", value=1200.0, created_at=at("2026-01-05")),
        Customer(
            id="c2",
            name='Bob =HYPERLINK("http://evil.example")',
            segment="trial",
            created_at=at("2026-03-01"),
        ),
        Customer(
            id="c3",
            name="Carol [b]Boss[/b]",
            segment="enterprise <b>",
            value=50000.0,
            created_at=at("2026-03-02"),
        ),
        Customer(id="c4", name="이서준", segment="체험판", created_at=at("2026-03-24")),
    ]
    calls = [
        Call(
            id="k0",
            customer_id="c1",
            started_at=at("2026-02-15"),
            ended_at=at("2026-02-15", "10:10"),
            operator="지수",
            outcome="resolved",
            summary="청구 문의",
        ),
        Call(
            id="k1",
            customer_id="c1",
            started_at=at("2026-03-10"),
            ended_at=at("2026-03-10", "10:20"),
            operator="지수",
            outcome="refund requested",
            summary="환불 요청\n두 번째 줄",
        ),
        Call(
            id="k2",
            customer_id="c2",
            channel="chat",
            started_at=at("2026-03-20", "15:00"),
            ended_at=at("2026-03-20", "15:30"),
            operator="Sam",
            outcome="churned",
            summary="[red]left[/red]",
        ),
        Call(
            id="k3", customer_id="c3", channel="video", started_at=at("2026-03-29", "09:00"), operator="Sam"
        ),
    ]
    lines = [
        Line(
            id="l1",
            call_id="k1",
            index=0,
            offset=0.0,
            speaker="operator",
            text="안녕하세요, 무엇을 도와드릴까요?",
        ),
        Line(id="l2", call_id="k1", index=1, offset=4.5, text="환불이 2주째 안 됐어요. 너무 화나요!"),
        Line(id="l3", call_id="k1", index=2, offset=9.0, text='=HYPERLINK("http://evil.example","click")'),
        Line(id="l4", call_id="k3", index=0, offset=1.0, text="Where is the <pricing> page?\x1b[31m"),
    ]
    fixes = [
        Fix(
            id="f1",
            title="환불 처리 지연",
            status="open",
            answer="3영업일 안에 처리합니다",
            created_at=at("2026-02-15"),
        ),
        Fix(
            id="f2",
            title="Export <script>alert(1)</script> [b]crash[/b]",
            status="planned",
            created_at=at("2026-03-20"),
            effort=4.0,
        ),
        Fix(id="f3", title="=SUM(A1:A9) pricing page", status="in progress", created_at=at("2026-03-29")),
        Fix(
            id="f4",
            title="환불 느림",
            created_at=at("2026-03-25", "12:00"),
            merged_into="f1",
            merged_points=["p6"],
        ),
    ]
    points = [
        PainPoint(
            id="p0",
            call_id="k0",
            customer_id="c1",
            step="billing",
            severity=3,
            fix_id="f1",
            quote="청구서가 두 번 왔어요",
            created_at=at("2026-02-15", "10:05"),
        ),
        PainPoint(
            id="p1",
            call_id="k1",
            customer_id="c1",
            step="cancel",
            severity=5,
            fix_id="f1",
            line_id="l2",
            quote="환불이 2주째 안 됐어요. 너무 화나요!",
            created_at=at("2026-03-10", "10:05"),
        ),
        PainPoint(
            id="p2",
            call_id="k1",
            customer_id="c1",
            step="billing",
            severity=4,
            fix_id="f1",
            line_id="l3",
            quote='=HYPERLINK("http://evil.example","click")',
            created_at=at("2026-03-10", "10:09"),
        ),
        PainPoint(
            id="p3",
            call_id="k2",
            customer_id="c2",
            step="use",
            severity=4,
            fix_id="f2",
            quote="[b]Export[/b] crashes <script>alert('x')</script>\x1b[31m red\x07 bell",
            created_at=at("2026-03-20", "15:10"),
        ),
        PainPoint(
            id="p4",
            call_id="k2",
            customer_id="c2",
            step="cancel",
            severity=5,
            involuntary=True,
            quote="Our company closed down",
            created_at=at("2026-03-20", "15:20"),
        ),
        PainPoint(
            id="p5",
            call_id="k3",
            customer_id="c3",
            step="evaluate",
            severity=2,
            fix_id="f3",
            quote="-1 star, @everyone\tknows the price is hidden",
            created_at=at("2026-03-29", "09:05"),
        ),
        PainPoint(
            id="p6",
            customer_id="c4",
            channel="email",
            step="support",
            severity=3,
            fix_id="f1",
            quote="+82 메일로 문의했는데\r\n답이 없어요 | see www.evil.example",
            created_at=at("2026-03-25", "11:00"),
        ),
    ]
    promises = [
        Promise(
            id="r1",
            call_id="k1",
            customer_id="c1",
            text="환불 확인 전화 드리기",
            due=date(2026, 3, 20),
            created_at=at("2026-03-10", "10:15"),
        ),
        Promise(
            id="r2",
            call_id="k3",
            customer_id="c3",
            text="Send the <pricing> sheet",
            due=date(2026, 4, 5),
            created_at=at("2026-03-29", "09:10"),
        ),
        Promise(
            id="r3",
            call_id="k0",
            customer_id="c1",
            text="kept already",
            done=True,
            due=date(2026, 2, 20),
            created_at=at("2026-02-15", "10:08"),
        ),
    ]
    store.put(*customers, *calls, *lines, *fixes, *points, *promises)


def make_store(folder: Path) -> Store:
    """A fresh writable store in ``folder`` holding the fixed records; the caller closes it."""
    store = Store.open(folder)
    fill(store)
    return store


def test_period_takes_calls_and_what_they_refer_to(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s")
    try:
        records = Records.load(store).within(Period(date(2026, 3, 2), date(2026, 3, 31)))
    finally:
        store.close()
    assert [c.id for c in records.calls] == ["k1", "k2", "k3"]
    assert [p.id for p in records.pain_points] == ["p1", "p2", "p3", "p4", "p6", "p5"]
    assert [r.id for r in records.promises] == ["r1", "r2"]
    assert [f.id for f in records.fixes] == ["f1", "f2", "f4", "f3"]
    assert [c.id for c in records.customers] == ["c1", "c2", "c3", "c4"]
    assert [line.id for line in records.lines] == ["l1", "l2", "l3", "l4"]


def test_a_pain_point_in_the_period_brings_its_older_call(tmp_path: Path) -> None:
    store = make_store(tmp_path / "s")
    try:
        late = PainPoint(id="p9", call_id="k0", customer_id="c1", step="support", created_at=at("2026-03-05"))
        store.put(late)
        records = Records.load(store).within(Period(date(2026, 3, 2), date(2026, 3, 31)))
    finally:
        store.close()
    assert "k0" in [c.id for c in records.calls]
    assert {"p0", "p9"} <= {p.id for p in records.pain_points}
    assert "r3" in [r.id for r in records.promises]
